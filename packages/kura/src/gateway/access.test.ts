import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePolicy } from '../policy/parse-policy.js';
import { ServiceError } from '../wire/errors.js';
import type { AuditRecord } from './audit.js';
import { createAccess } from './access.js';
import type { Identity } from '../identity/credentials.js';

const identity: Identity = {
  secretAccessKey: 'x',
  principal: { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userId: 'AIDAALICE', accessKeyId: 'AKIA1', kind: 'user' },
  subject: { kind: 'user', userName: 'alice', userId: 'AIDAALICE' },
};
const facts = {
  requestId: 'req-1',
  region: 'us-east-1',
  sourceIp: '127.0.0.1',
  secureTransport: false,
  accessDenied: (m: string) => new ServiceError('AccessDeniedException', m),
};
const policy = (statements: unknown[]) => ({
  policy: parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'identity'),
  source: { type: 'inline' as const, id: 'p' },
});
const allowSsm = { Effect: 'Allow', Action: 'ssm:*', Resource: '*' };
const denySecret = { Effect: 'Deny', Action: 'ssm:*', Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/secret' };

function access(statements: unknown[], audit: AuditRecord[] = []) {
  return createAccess({ policiesFor: async () => ({ identity: [policy(statements)] }), audit: { record: (r) => void audit.push(r) }, now: () => new Date('2026-01-01T00:00:00Z') }, identity, facts);
}

describe('access for one caller', () => {
  test('allows, denies with AWS wording, and audits every decision', async () => {
    const audit: AuditRecord[] = [];
    const a = access([allowSsm, denySecret], audit);
    assert.equal((await a.check({ action: 'ssm:GetParameter', resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/x' })).decision, 'Allow');
    const denied = await a.check({ action: 'ssm:GetParameter', resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/secret' });
    assert.equal(denied.decision, 'ExplicitDeny');
    assert.equal(
      denied.message,
      'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter/app/secret with an explicit deny in an identity-based policy',
    );
    await assert.rejects(a.require({ action: 'kms:Decrypt', resource: '*' }), { code: 'AccessDeniedException' });
    assert.deepEqual(audit.map((r) => [r.action, r.decision, r.requestId]), [
      ['ssm:GetParameter', 'Allow', 'req-1'],
      ['ssm:GetParameter', 'ExplicitDeny', 'req-1'],
      ['kms:Decrypt', 'ImplicitDeny', 'req-1'],
    ]);
  });

  test('tells whether any of the caller\u2019s policies has a Deny statement', async () => {
    assert.equal(await access([allowSsm]).hasDenyStatements(), false);
    assert.equal(await access([allowSsm, denySecret]).hasDenyStatements(), true);
  });

  test('loads deferred condition keys only when a policy names them, and the denied name only on denial', async () => {
    const loads: string[] = [];
    const check = (resource: string) => ({
      action: 'ssm:GetParameter',
      resource,
      deferredContext: { prefixes: ['aws:resourcetag/'], load: async () => (loads.push('tags'), { 'aws:ResourceTag/env': 'prod' }) },
      deniedResourceName: async () => (loads.push('name'), 'arn:aws:ssm:us-east-1:123456789012:*'),
    });
    const arn = 'arn:aws:ssm:us-east-1:123456789012:parameter/app/x';
    assert.equal((await access([allowSsm]).check(check(arn))).decision, 'Allow');
    assert.deepEqual(loads, [], 'no policy names a tag key: nothing is read');

    const denyProd = { Effect: 'Deny', Action: 'ssm:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } };
    const denied = await access([allowSsm, denyProd]).check(check(arn));
    assert.equal(denied.decision, 'ExplicitDeny', 'the tags were read and the Deny applied');
    assert.match(denied.message, /on resource: arn:aws:ssm:us-east-1:123456789012:\* with an explicit deny/);
    assert.deepEqual(loads, ['tags', 'name']);

    loads.length = 0;
    const explicit = await access([allowSsm, denyProd]).check({ ...check(arn), context: { 'aws:ResourceTag/env': 'dev' } });
    assert.equal(explicit.decision, 'Allow', 'explicit context wins over deferred keys');
    assert.deepEqual(loads, ['tags']);
  });
});
