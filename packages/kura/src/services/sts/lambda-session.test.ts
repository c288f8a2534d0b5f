// A rotation function's credentials: its role assumed as lambda.amazonaws.com, only when the role's
// trust policy allows that service (conditions on aws:SourceAccount and aws:SourceArn evaluated),
// the session named after the function, and usable as the role's.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, createTestHarness, doc, trustDoc, type TestHarness } from '../iam/testing/context.js';
import { issueLambdaSession } from './lambda-session.js';

const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotate-db`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

describe('issueLambdaSession', () => {
  let h: TestHarness;
  const issue = (role: string, seconds = 60) => issueLambdaSession(h.ctx, { roleArn: role, functionArn: FN, functionName: 'rotate-db', seconds });

  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateRole', { RoleName: 'rotator', AssumeRolePolicyDocument: trustDoc({ Service: 'lambda.amazonaws.com' }), MaxSessionDuration: 7200 });
    await h.iam('CreateRole', { RoleName: 'ecs-only', AssumeRolePolicyDocument: trustDoc({ Service: 'ecs-tasks.amazonaws.com' }) });
    await h.iam('CreateRole', {
      RoleName: 'this-function-only',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnEquals: { 'aws:SourceArn': FN }, StringEquals: { 'aws:SourceAccount': ACCOUNT } } }),
    });
    await h.iam('CreateRole', {
      RoleName: 'another-function',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnEquals: { 'aws:SourceArn': `${FN}-other` } } }),
    });
  });
  after(() => h.close());

  it('issues a session of the role named after the function, for at least 15 minutes', async () => {
    const session = await issue(roleArn('rotator'));
    assert.ok(session.ok);
    const stored = await h.store.sessions.find(session.credentials.accessKeyId);
    assert.equal(stored?.principalArn, `arn:aws:sts::${ACCOUNT}:assumed-role/rotator/rotate-db`);
    assert.equal(stored?.sourcePrincipalArn, 'lambda.amazonaws.com');
    assert.equal(session.credentials.expiration.getTime() - h.clock.now.getTime(), 900_000);
    const longer = await issue(roleArn('rotator'), 5000);
    assert.ok(longer.ok);
    assert.equal(longer.credentials.expiration.getTime() - h.clock.now.getTime(), 5_000_000);
    const capped = await issue(roleArn('rotator'), 50_000);
    assert.ok(capped.ok);
    assert.equal(capped.credentials.expiration.getTime() - h.clock.now.getTime(), 7_200_000, "the role's maximum");
    assert.ok((await issue(roleArn('this-function-only'))).ok);
  });

  it('refuses a role that does not trust Lambda, trusts it for another function, or does not exist', async () => {
    for (const name of ['ecs-only', 'another-function', 'missing']) {
      const session = await issue(roleArn(name));
      assert.ok(!session.ok);
      assert.match(session.message, new RegExp(`^Service: lambda\\.amazonaws\\.com is not authorized to perform: sts:AssumeRole on resource: ${roleArn(name)}`));
    }
    const bad = await issue('rotator');
    assert.deepEqual(bad, { ok: false, message: 'rotator is not a role ARN' });
  });
});
