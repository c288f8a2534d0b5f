import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadModel, operation, shape, withOverlay } from './model.js';
import type { ServiceModel, ShapeRef } from './model.js';
import { iamModel, kmsModel, ssmModel, stsModel } from './testing/models.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function references(model: ServiceModel): ShapeRef[] {
  const refs: ShapeRef[] = [];
  for (const op of Object.values(model.operations)) refs.push(...[op.input, op.output, ...(op.errors ?? [])].filter((r): r is ShapeRef => r !== undefined));
  for (const s of Object.values(model.shapes)) {
    refs.push(...Object.values(s.members ?? {}));
    for (const ref of [s.member, s.key, s.value]) if (ref) refs.push(ref);
  }
  return refs;
}

describe('the committed service models', () => {
  it('match what scripts/strip-models.mjs --check derives from botocore', (t) => {
    const run = spawnSync(process.execPath, ['scripts/strip-models.mjs', '--check'], { cwd: packageRoot, encoding: 'utf8' });
    if (run.status === 0 && run.stdout.includes('skipped:')) {
      t.skip(run.stdout.trim());
      return;
    }
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  });

  it('resolve every shape reference', () => {
    for (const model of [ssmModel, kmsModel, iamModel, stsModel]) {
      for (const ref of references(model)) assert.doesNotThrow(() => shape(model, ref.shape), `${model.metadata.serviceId} ${ref.shape}`);
    }
  });

  it('carry no documentation', () => {
    for (const file of ['ssm', 'kms', 'iam', 'sts']) {
      const text = readFileSync(path.join(packageRoot, 'models', `${file}.json`), 'utf8');
      assert.ok(!text.includes('"documentation"'), `${file}.json still has documentation`);
    }
  });

  it('keep the protocol metadata the codecs route on', () => {
    assert.equal(ssmModel.metadata.targetPrefix, 'AmazonSSM');
    assert.equal(kmsModel.metadata.targetPrefix, 'TrentService');
    assert.equal(ssmModel.metadata.jsonVersion, '1.1');
    assert.equal(iamModel.metadata.protocol, 'query');
    assert.equal(stsModel.metadata.xmlNamespace, 'https://sts.amazonaws.com/doc/2011-06-15/');
    assert.equal(operation(iamModel, 'CreateRole')?.output?.resultWrapper, 'CreateRoleResult');
    assert.deepEqual(shape(iamModel, 'NoSuchEntityException').error, { code: 'NoSuchEntity', httpStatusCode: 404, senderFault: true });
    assert.equal(shape(kmsModel, 'PlaintextType').sensitive, true);
  });

  it('apply the overlay: SSM enforces 1–32768 characters for a value the model leaves open', () => {
    assert.equal(shape(ssmModel, 'PSParameterValue').min, 1);
    assert.equal(shape(ssmModel, 'PSParameterValue').max, 32768);
    assert.equal(shape(ssmModel, 'PSParameterValue').sensitive, true);
  });

  it('refuse an overlay for a shape the model no longer has', () => {
    assert.throws(() => withOverlay(ssmModel, { Gone: { set: { min: 1 }, why: 'test' } }), /shape Gone/);
  });

  it('refuse JSON that is not a service model', () => {
    assert.throws(() => loadModel({ shapes: {} }), /not an AWS service model/);
  });
});
