// The STS authorization table: one rule per implemented operation and no other, an operation it does
// not list refused, and each rule's word on where its action is checked held to the handlers.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { denyAll } from '../iam/testing/access.js';
import { ACCOUNT, ADMIN, createTestHarness, trustDoc, type TestHarness } from '../iam/testing/context.js';
import { operationCaller } from '../testing/kit.js';
import { authorizeSts, stsRules } from './authorization.js';
import { stsOperations } from './index.js';
import { stsModel } from './model.js';

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/runner`;

/** A plausible request to each implemented operation. */
const INPUTS: Record<string, Record<string, unknown>> = {
  AssumeRole: { RoleArn: ROLE_ARN, RoleSessionName: 's' },
  GetCallerIdentity: {},
  GetSessionToken: {},
  KuraAssumeRoleAsService: { RoleArn: ROLE_ARN, RoleSessionName: 's', ServicePrincipal: 'ecs-tasks.amazonaws.com' },
};

describe('STS authorization table', () => {
  it('has exactly one rule for each implemented operation, and none for another', () => {
    assert.deepEqual([...stsRules.keys()].sort(), Object.keys(stsOperations).sort());
    assert.deepEqual(Object.keys(INPUTS).sort(), Object.keys(stsOperations).sort());
  });

  it('refuses an operation of the STS model that the table does not list', async () => {
    // The premise: AssumeRoleWithWebIdentity is an STS operation Kura does not implement.
    assert.ok(stsModel.operations['AssumeRoleWithWebIdentity']);
    assert.equal(stsOperations['AssumeRoleWithWebIdentity'], undefined);
    const h = await createTestHarness();
    try {
      await assert.rejects(authorizeSts('AssumeRoleWithWebIdentity', {}, h.ctx), {
        name: 'Error',
        message: 'no authorization rule for STS operation AssumeRoleWithWebIdentity',
      });
      await assert.rejects(authorizeSts('DeleteEverything', {}, h.ctx), { name: 'Error', message: 'no authorization rule for STS operation DeleteEverything' });
    } finally {
      await h.close();
    }
  });
});

describe('each STS rule holds: a caller allowed nothing', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateRole', { RoleName: 'runner', AssumeRolePolicyDocument: trustDoc({ AWS: ADMIN.arn }) });
  });
  after(() => h.close());

  for (const [operation, rule] of stsRules) {
    const outcome = rule.checkedBy === 'handler' ? `is refused ${rule.action} by the handler` : `is never asked for ${rule.action}`;
    it(`${operation}: ${outcome}`, async () => {
      const access = denyAll(ADMIN.arn);
      // The gateway's own sequence: normalise, authorize (this table), run.
      const call = operationCaller({ ...h.ctx, access }, stsOperations, 'STS', authorizeSts);
      const result = call(operation, INPUTS[operation] ?? {});
      if (rule.checkedBy === 'handler') {
        await assert.rejects(result, { code: 'AccessDenied' });
        assert.deepEqual(access.checks.map((c) => c.action), [rule.action]);
      } else {
        await result;
        assert.deepEqual(access.checks, []);
      }
    });
  }
});
