import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Api } from '../../app/api.js';
import { AwsError } from '../../aws/errors.js';
import { aliasNameProblem } from './aliases.js';
import { keyReferences, loadKeyRows, mapLimited, stateLabel } from './kms.js';
import { waitingPeriodProblem } from './lifecycle.js';
import { rotationPeriodProblem } from './rotation.js';

/** An Api answering KMS calls from a table; records the calls. */
function fakeApi(answer: (operation: string, input: Record<string, unknown>) => unknown): Api & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    session: { accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't', expiration: '', region: 'us-east-1', arn: 'arn', account: '000000000000' },
    json: async <T,>(_service: string, operation: string, input: object = {}) => {
      calls.push(operation);
      return answer(operation, input as Record<string, unknown>) as T;
    },
    query: async () => ({}),
  } as Api & { calls: string[] };
}

describe('the key list', () => {
  test('follows every page, describes each key, puts customer keys first by alias, keeps a refused key', async () => {
    const api = fakeApi((operation, input) => {
      if (operation === 'ListKeys') {
        return input['Marker'] ? { Keys: [{ KeyId: 'k3', KeyArn: 'arn:k3' }], Truncated: false } : { Keys: [{ KeyId: 'k1', KeyArn: 'arn:k1' }, { KeyId: 'k2', KeyArn: 'arn:k2' }], Truncated: true, NextMarker: 'm' };
      }
      if (operation === 'ListAliases') return { Aliases: [{ AliasName: 'alias/aws/ssm', TargetKeyId: 'k1' }, { AliasName: 'alias/zeta', TargetKeyId: 'k2' }, { AliasName: 'alias/alpha', TargetKeyId: 'k2' }, { AliasName: 'alias/aws/lambda' }] };
      if (input['KeyId'] === 'k3') throw new AwsError('AccessDeniedException', 'no', 400);
      return { KeyMetadata: { KeyId: input['KeyId'], Arn: `arn:${String(input['KeyId'])}`, KeyManager: input['KeyId'] === 'k1' ? 'AWS' : 'CUSTOMER' } };
    });
    const rows = await loadKeyRows(api);
    assert.deepEqual(rows.map((r) => [r.keyId, r.aliases, r.error instanceof AwsError ? r.error.code : undefined]), [
      ['k2', ['alias/alpha', 'alias/zeta'], undefined],
      ['k3', [], 'AccessDeniedException'],
      ['k1', ['alias/aws/ssm'], undefined],
    ]);
    assert.equal(api.calls.filter((c) => c === 'ListKeys').length, 2);
  });

  test('mapLimited keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30]);
    assert.equal(most, 2);
  });
});

describe('key names and states', () => {
  test('every name a parameter or a secret may use for the key', () => {
    const metadata = { KeyId: 'k1', Arn: 'arn:aws:kms:us-east-1:000000000000:key/k1' };
    const aliases = [{ AliasName: 'alias/app', AliasArn: 'arn:aws:kms:us-east-1:000000000000:alias/app' }];
    assert.deepEqual(keyReferences(metadata, aliases), ['k1', metadata.Arn, 'alias/app', aliases[0]!.AliasArn]);
  });

  test('states in words', () => {
    assert.equal(stateLabel('PendingDeletion'), 'Pending deletion');
    assert.equal(stateLabel('Enabled'), 'Enabled');
    assert.equal(stateLabel('PendingImport'), 'Pending import');
    assert.equal(stateLabel(undefined), 'Unknown');
  });
});

describe('field checks', () => {
  test('alias names: AWS’s rules', () => {
    assert.equal(aliasNameProblem('alias/app-db_1/x'), undefined);
    assert.equal(aliasNameProblem('app'), 'An alias name starts with "alias/".');
    assert.equal(aliasNameProblem('alias/'), 'Enter a name after "alias/".');
    assert.equal(aliasNameProblem('alias/a b'), 'Use only letters, digits, "/", "_" and "-".');
    assert.equal(aliasNameProblem('alias/AWS/x'), 'Names under "alias/aws/" are reserved for AWS managed keys.');
    assert.equal(aliasNameProblem(`alias/${'a'.repeat(251)}`), 'An alias name is at most 256 characters.');
  });

  test('waiting period: 7 to 30 whole days', () => {
    assert.equal(waitingPeriodProblem('7'), undefined);
    assert.equal(waitingPeriodProblem('30'), undefined);
    assert.equal(waitingPeriodProblem('6'), 'The waiting period is from 7 to 30 days.');
    assert.equal(waitingPeriodProblem('7.5'), 'Enter a whole number of days, from 7 to 30.');
    assert.equal(waitingPeriodProblem(''), 'Enter a whole number of days, from 7 to 30.');
  });

  test('rotation period: 90 to 2560 whole days', () => {
    assert.equal(rotationPeriodProblem('90'), undefined);
    assert.equal(rotationPeriodProblem('2560'), undefined);
    assert.equal(rotationPeriodProblem('2561'), 'The rotation period is from 90 to 2560 days.');
    assert.equal(rotationPeriodProblem('-1'), 'Enter a whole number of days, from 90 to 2560.');
  });
});
