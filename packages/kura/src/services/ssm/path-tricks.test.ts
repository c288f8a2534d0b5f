// A Deny on a path must hold however the path is spelled. Authorization and the listing both read the
// path from the one normalised input (normalize.ts), so spaces at its ends cannot make them disagree;
// a trailing slash is AWS's own resource (`parameter/prod/`), and strict mode also holds a Deny
// written on the path it lists below (`parameter/prod`).

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ServiceLimits } from '../context.js';
import { policyOf } from '../kms/testing/access.js';
import { ACCOUNT, REGION, TASK_ROLE, callerOverrides, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

const arnOf = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;

let h: TestHarness;
afterEach(() => h.close());

async function setUp(mode: ServiceLimits['pathAuthorization']): Promise<void> {
  h = createTestHarness({ pathAuthorization: mode });
  const key = await h.createKey(policyOf({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }));
  await h.call('PutParameter', { Name: '/prod/db/password', Value: 'prod-canary-password', Type: 'SecureString', KeyId: key.keyId });
  await h.call('PutParameter', { Name: '/dev/db/password', Value: 'dev', Type: 'String' });
}

// The attacker of the report: everything in SSM and KMS, except /prod and below.
const DENY_PROD = policyOf(
  { Effect: 'Allow', Action: ['ssm:*', 'kms:*'], Resource: '*' },
  { Effect: 'Deny', Action: 'ssm:*', Resource: [arnOf('/prod'), arnOf('/prod/*')] },
);
// A Deny written on the exact path only.
const DENY_EXACT_PATH = policyOf(
  { Effect: 'Allow', Action: ['ssm:*', 'kms:*'], Resource: '*' },
  { Effect: 'Deny', Action: 'ssm:GetParametersByPath', Resource: arnOf('/prod') },
);

const byPath = (path: string, policy: string) =>
  h.call('GetParametersByPath', { Path: path, Recursive: true, WithDecryption: true }, callerOverrides(TASK_ROLE, [policy]));

const SPELLINGS = [' /prod', '/prod ', '  /prod/  ', '/prod', '/prod/', ' /prod/db', '/prod/db/ '];

for (const mode of ['strict', 'aws'] as const) {
  describe(`GetParametersByPath path spellings against a Deny on /prod and /prod/* (${mode} mode)`, () => {
    for (const path of SPELLINGS) {
      it(`refuses ${JSON.stringify(path)} with AccessDeniedException naming the trimmed path`, async () => {
        await setUp(mode);
        await rejectsWith(
          byPath(path, DENY_PROD),
          'AccessDeniedException',
          `User: ${TASK_ROLE.arn} is not authorized to perform: ssm:GetParametersByPath on resource: ${arnOf(path.trim())} ` +
            'with an explicit deny in an identity-based policy',
        );
      });
    }

    it('still lists an allowed path spelled with spaces and a trailing slash', async () => {
      await setUp(mode);
      const out = await byPath('  /dev/ ', DENY_PROD);
      assert.deepEqual((out['Parameters'] as Array<{ Name: string }>).map((p) => p.Name), ['/dev/db/password']);
    });
  });
}

describe('GetParametersByPath against a Deny written on the exact path only', () => {
  for (const path of ['/prod', ' /prod ']) {
    for (const mode of ['strict', 'aws'] as const) {
      it(`${mode}: refuses ${JSON.stringify(path)}`, async () => {
        await setUp(mode);
        await rejectsWith(byPath(path, DENY_EXACT_PATH), 'AccessDeniedException', /with an explicit deny in an identity-based policy$/);
      });
    }
  }

  it('strict: refuses the trailing-slash spelling too, naming the path it would list', async () => {
    await setUp('strict');
    await rejectsWith(
      byPath('/prod/', DENY_EXACT_PATH),
      'AccessDeniedException',
      `User: ${TASK_ROLE.arn} is not authorized to perform: ssm:GetParametersByPath on resource: ${arnOf('/prod')} ` +
        'with an explicit deny in an identity-based policy',
    );
  });

  it('aws: authorizes the trailing-slash spelling on its own ARN, as AWS does (a documented difference of strict mode)', async () => {
    await setUp('aws');
    const out = await byPath('/prod/', DENY_EXACT_PATH);
    assert.deepEqual((out['Parameters'] as Array<{ Name: string; Value: string }>).map((p) => p.Name), ['/prod/db/password']);
  });

  it('strict: a policy that allows only parameter/prod/* still lists /prod/ (an Allow is not required on both spellings)', async () => {
    await setUp('strict');
    const allowBelow = policyOf({ Effect: 'Allow', Action: ['ssm:GetParametersByPath', 'kms:Decrypt'], Resource: [arnOf('/prod/*'), '*'] });
    const out = await byPath('/prod/', allowBelow);
    assert.equal((out['Parameters'] as unknown[]).length, 1);
  });
});

describe('single-name operations with spaces at the ends of the name', () => {
  for (const mode of ['strict', 'aws'] as const) {
    for (const [operation, input] of [
      ['GetParameter', { Name: ' /prod/db/password ', WithDecryption: true }],
      ['GetParameters', { Names: [' /prod/db/password'], WithDecryption: true }],
      ['GetParameterHistory', { Name: '/prod/db/password ', WithDecryption: true }],
      ['PutParameter', { Name: ' /prod/db/password', Value: 'x', Type: 'String', Overwrite: true }],
      ['DeleteParameter', { Name: ' /prod/db/password ' }],
      ['DeleteParameters', { Names: ['/prod/db/password '] }],
      ['LabelParameterVersion', { Name: ' /prod/db/password', Labels: ['l'] }],
      ['ListTagsForResource', { ResourceType: 'Parameter', ResourceId: ' /prod/db/password' }],
    ] as const) {
      it(`${mode}: ${operation} is refused`, async () => {
        await setUp(mode);
        await rejectsWith(h.call(operation, { ...input }, callerOverrides(TASK_ROLE, [DENY_PROD])), 'AccessDeniedException', /explicit deny/);
      });
    }
  }
});
