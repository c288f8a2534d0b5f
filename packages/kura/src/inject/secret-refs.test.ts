import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeSecret, findSecretReferences, isSecretTarget, parseSecretRef, readKey } from './secret-refs.js';
import { parseMap } from './sources.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf';

describe('secret references', () => {
  test('a name, with the json-key, stage and version id fields in ECS order, trailing ones optional', () => {
    assert.deepEqual(parseSecretRef('app/db', 'x'), { spec: 'app/db', secretId: 'app/db' });
    assert.deepEqual(parseSecretRef('secretsmanager://app/db:password', 'x'), { spec: 'app/db:password', secretId: 'app/db', jsonKey: 'password' });
    assert.deepEqual(parseSecretRef('app/db::AWSPREVIOUS', 'x'), { spec: 'app/db::AWSPREVIOUS', secretId: 'app/db', versionStage: 'AWSPREVIOUS' });
    assert.deepEqual(parseSecretRef('a+b=c.d@e-f_g:k::v-1', 'x'), { spec: 'a+b=c.d@e-f_g:k::v-1', secretId: 'a+b=c.d@e-f_g', jsonKey: 'k', versionId: 'v-1' });
  });

  test("an ECS valueFrom ARN as it is: the secret's ARN, its region, and the three fields", () => {
    assert.deepEqual(parseSecretRef(`${ARN}:username:AWSCURRENT:`, 'x'), { spec: `${ARN}:username:AWSCURRENT:`, secretId: ARN, region: 'eu-west-1', jsonKey: 'username', versionStage: 'AWSCURRENT' });
    assert.deepEqual(parseSecretRef(ARN, 'x'), { spec: ARN, secretId: ARN, region: 'eu-west-1' });
    assert.deepEqual(parseSecretRef(`secretsmanager://${ARN}::AWSPENDING`, 'x'), { spec: `${ARN}::AWSPENDING`, secretId: ARN, region: 'eu-west-1', versionStage: 'AWSPENDING' });
  });

  test('malformed references are usage errors (exit 2) naming where they were given', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /no secret name/],
      [':key', /no secret name/],
      ['app db', /letters, digits and \/_\+=\.@- only/],
      ['a:b:c:d:e', /more than three fields/],
      [`${ARN}:a:b:c:d`, /more than three fields/],
      ['arn:aws:ssm:eu-west-1:123456789012:parameter/x', /not a Secrets Manager secret ARN/],
      ['arn:aws:secretsmanager::123456789012:secret:x', /not a Secrets Manager secret ARN/],
    ];
    for (const [spec, why] of cases) {
      assert.throws(() => parseSecretRef(spec, '--secret'), (error: Error & { exitCode: number }) => error.exitCode === 2 && error.message.startsWith('--secret: ') && why.test(error.message), spec);
    }
  });

  test('--map takes a secretsmanager:// reference or a Secrets Manager ARN; anything else stays a parameter', () => {
    assert.deepEqual(parseMap('DB_PASSWORD=secretsmanager://app/db:password'), { kind: 'secret-map', name: 'DB_PASSWORD', secret: { spec: 'app/db:password', secretId: 'app/db', jsonKey: 'password' } });
    assert.deepEqual(parseMap(`U=${ARN}:username::`), { kind: 'secret-map', name: 'U', secret: { spec: `${ARN}:username::`, secretId: ARN, region: 'eu-west-1', jsonKey: 'username' } });
    assert.deepEqual(parseMap('P=arn:aws:ssm:eu-west-1:123456789012:parameter/app:3'), { kind: 'map', name: 'P', parameter: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app:3' });
    assert.deepEqual([isSecretTarget('/aws/reference/secretsmanager/app'), isSecretTarget('secretsmanager:app')], [false, false]);
    assert.throws(() => parseMap('X=secretsmanager://'), /--map X: '' is not a secret reference/);
  });

  test('only secretsmanager:// values of the environment are references; a bare ARN is left for the program', () => {
    const found = findSecretReferences({ B: 'secretsmanager://app/db:password', A: `secretsmanager://${ARN}`, C: ARN, D: 'ssm:///x', E: undefined, F: 'SECRETSMANAGER://x' });
    assert.deepEqual(found.map((r) => [r.name, r.secret.secretId, r.secret.jsonKey]), [['A', ARN, undefined], ['B', 'app/db', 'password']]);
    assert.throws(() => findSecretReferences({ BAD: 'secretsmanager://a b' }), /BAD: 'a b' is not a secret reference/);
  });

  test('one read per secret, stage and version id; messages name the version asked for', () => {
    const [a, b, c] = ['app/db:username', 'app/db:password', 'app/db:password:AWSPREVIOUS'].map((spec) => parseSecretRef(spec, 'x'));
    assert.equal(readKey(a!), readKey(b!));
    assert.notEqual(readKey(b!), readKey(c!));
    assert.equal(describeSecret(c!), 'secret app/db (stage AWSPREVIOUS)');
    assert.equal(describeSecret(parseSecretRef('app/db:::v1', 'x')), 'secret app/db (version v1)');
  });
});
