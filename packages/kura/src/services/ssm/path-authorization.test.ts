// GetParametersByPath is authorized on the path. In 'aws' mode that is all (AWS's
// documented behaviour: a child's Deny does not filter the listing); in 'strict' mode, Kura's
// default, a parameter the caller is explicitly denied on its own ARN is left out.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ServiceLimits } from '../context.js';
import { policyOf } from '../kms/testing/access.js';
import { ACCOUNT, REGION, TASK_ROLE, callerOverrides, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

const arnOf = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;

let h: TestHarness;
afterEach(() => h.close());

async function setUp(mode: ServiceLimits['pathAuthorization']): Promise<void> {
  h = createTestHarness(mode === undefined ? {} : { pathAuthorization: mode });
  for (const name of ['/a/one', '/a/secret', '/a/deep/two', '/a/tagged', '/b/x']) await h.call('PutParameter', { Name: name, Value: 'v', Type: 'String' });
  await h.call('AddTagsToResource', { ResourceType: 'Parameter', ResourceId: '/a/tagged', Tags: [{ Key: 'classification', Value: 'secret' }] });
}

// Allowed on the path /a, a Deny on one child for every read action.
const CHILD_DENIED = policyOf(
  { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: arnOf('/a') },
  { Effect: 'Deny', Action: 'ssm:GetParameter*', Resource: arnOf('/a/secret') },
);

const namesOf = (out: Record<string, unknown>) => (out['Parameters'] as Array<{ Name: string }>).map((p) => p.Name);
const byPath = (policies: string[], input: Record<string, unknown> = {}) =>
  h.call('GetParametersByPath', { Path: '/a', Recursive: true, ...input }, callerOverrides(TASK_ROLE, policies));

describe('GetParametersByPath, strict mode (default)', () => {
  it('leaves out a child the caller is explicitly denied', async () => {
    await setUp(undefined);
    assert.deepEqual(namesOf(await byPath([CHILD_DENIED])), ['/a/deep/two', '/a/one', '/a/tagged']);
  });

  it('still returns children of an allowed path that no policy names (AWS policies keep working)', async () => {
    await setUp('strict');
    const pathOnly = policyOf({ Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: arnOf('/a') });
    assert.deepEqual(namesOf(await byPath([pathOnly])), ['/a/deep/two', '/a/one', '/a/secret', '/a/tagged']);
  });

  it('honours a Deny on the child’s tags', async () => {
    await setUp('strict');
    const tagDeny = policyOf(
      { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: arnOf('/a') },
      { Effect: 'Deny', Action: 'ssm:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/classification': 'secret' } } },
    );
    assert.deepEqual(namesOf(await byPath([tagDeny])), ['/a/deep/two', '/a/one', '/a/secret']);
  });

  it('fills pages past left-out children, and pages through everything else once', async () => {
    await setUp('strict');
    const seen: string[] = [];
    let token: string | undefined;
    const as = callerOverrides(TASK_ROLE, [CHILD_DENIED]);
    do {
      const out = await h.call('GetParametersByPath', { Path: '/a', Recursive: true, MaxResults: 1, ...(token ? { NextToken: token } : {}) }, as);
      seen.push(...namesOf(out));
      token = out['NextToken'] as string | undefined;
    } while (token !== undefined);
    assert.deepEqual(seen, ['/a/deep/two', '/a/one', '/a/tagged']);
  });

  it('does not decrypt (or fail on) a SecureString it leaves out', async () => {
    await setUp('strict');
    const key = await h.createKey();
    await h.call('PutParameter', { Name: '/a/secret', Value: 'hidden', Type: 'SecureString', KeyId: key.keyId, Overwrite: true });
    // No kms:Decrypt at all: the only SecureString is the denied child, so nothing needs decrypting.
    assert.deepEqual(namesOf(await byPath([CHILD_DENIED], { WithDecryption: true })), ['/a/deep/two', '/a/one', '/a/tagged']);
  });
});

describe('GetParametersByPath, aws mode', () => {
  it('returns the denied child, as AWS documents', async () => {
    await setUp('aws');
    assert.deepEqual(namesOf(await byPath([CHILD_DENIED])), ['/a/deep/two', '/a/one', '/a/secret', '/a/tagged']);
  });
});

describe('GetParametersByPath, the path check (both modes)', () => {
  for (const mode of ['strict', 'aws'] as const) {
    it(`${mode}: is denied a path it is not allowed, naming the path as sent`, async () => {
      await setUp(mode);
      await rejectsWith(
        h.call('GetParametersByPath', { Path: '/b/' }, callerOverrides(TASK_ROLE, [CHILD_DENIED])),
        'AccessDeniedException',
        `User: ${TASK_ROLE.arn} is not authorized to perform: ssm:GetParametersByPath on resource: ${arnOf('/b/')} ` +
          'because no identity-based policy allows the ssm:GetParametersByPath action',
      );
    });

    it(`${mode}: is denied the path by an explicit Deny on it`, async () => {
      await setUp(mode);
      const denyPath = policyOf(
        { Effect: 'Allow', Action: 'ssm:*', Resource: '*' },
        { Effect: 'Deny', Action: 'ssm:GetParametersByPath', Resource: arnOf('/a'), Condition: { Bool: { 'ssm:Recursive': 'true' } } },
      );
      await rejectsWith(byPath([denyPath]), 'AccessDeniedException', /with an explicit deny in an identity-based policy$/);
      assert.equal(namesOf(await byPath([denyPath], { Recursive: false })).length, 3);
    });
  }
});
