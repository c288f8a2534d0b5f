// Contract: attaching managed policies (customer and AWS managed), inline policies, and IAM tags.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PrincipalKind } from '../../iam-types.js';
import type { Store } from '../../store.js';
import { withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_ADMIN, AWS_READ_ONLY, DOC, OTHER, createPolicy, group, iamArn, role, user } from './iam-fixtures.js';

const KINDS: PrincipalKind[] = ['user', 'group', 'role'];

/** A user, a group and a role, all named `dev`. */
async function createDevPrincipals({ principals }: Store): Promise<void> {
  await principals.createUser(user('dev'));
  await principals.createGroup(group('dev'));
  await principals.createRole(role('dev'));
}

export function policyGrantContract(open: OpenStore): void {
  describe('iam policy attachments', () => {
    it('attaches customer and AWS managed policies to users, groups and roles, once each', () =>
      withStore(open, async (store) => {
        const { policies } = store;
        await createDevPrincipals(store);
        const zeta = await createPolicy(policies, 'Zeta');
        const alpha = await createPolicy(policies, 'alpha', { path: '/x/' });
        for (const kind of KINDS) {
          for (const arn of [zeta, AWS_READ_ONLY, alpha.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam'), zeta]) {
            assert.equal(await policies.attachPolicy(ACCOUNT, kind, 'DEV', arn, 10), 'attached', `${kind} ${arn}`);
          }
          assert.deepEqual(await policies.attachedPolicies(ACCOUNT, kind, 'dev'), [
            { policyName: 'alpha', policyArn: alpha }, { policyName: 'ReadOnlyAccess', policyArn: AWS_READ_ONLY }, { policyName: 'Zeta', policyArn: zeta },
          ], 'each once, by name, under its stored ARN');
        }
        assert.equal((await policies.getPolicy(ACCOUNT, zeta))?.attachmentCount, 3);
        assert.equal((await policies.getPolicy(ACCOUNT, alpha))?.attachmentCount, 3);
      }));

    it('reports a missing principal or customer policy, attaching nothing', () =>
      withStore(open, async (store) => {
        const { policies } = store;
        await createDevPrincipals(store);
        const mine = await createPolicy(policies, 'mine');
        const theirs = await createPolicy(policies, 'theirs', { accountId: OTHER });
        assert.equal(await policies.attachPolicy(ACCOUNT, 'user', 'nobody', mine, 10), 'principal-not-found');
        assert.equal(await policies.attachPolicy(OTHER, 'role', 'dev', AWS_ADMIN, 10), 'principal-not-found');
        assert.equal(await policies.attachPolicy(ACCOUNT, 'user', 'dev', iamArn(ACCOUNT, 'policy', '/', 'none'), 10), 'policy-not-found');
        assert.equal(await policies.attachPolicy(ACCOUNT, 'user', 'dev', theirs, 10), 'policy-not-found', "another account's policy");
        assert.deepEqual(await policies.attachedPolicies(ACCOUNT, 'user', 'dev'), []);
        assert.equal(await policies.attachedPolicies(ACCOUNT, 'user', 'nobody'), undefined);
        assert.equal(await policies.attachedPolicies(ACCOUNT, 'group', 'nobody'), undefined);
      }));

    it('refuses an attachment past the limit, while re-attaching does not count', () =>
      withStore(open, async (store) => {
        const { policies } = store;
        await createDevPrincipals(store);
        const [a, b, c] = [await createPolicy(policies, 'a'), await createPolicy(policies, 'b'), await createPolicy(policies, 'c')];
        assert.equal(await policies.attachPolicy(ACCOUNT, 'role', 'dev', a, 2), 'attached');
        assert.equal(await policies.attachPolicy(ACCOUNT, 'role', 'dev', AWS_ADMIN, 2), 'attached');
        assert.equal(await policies.attachPolicy(ACCOUNT, 'role', 'dev', b, 2), 'limit-exceeded');
        assert.equal(await policies.attachPolicy(ACCOUNT, 'role', 'dev', AWS_READ_ONLY, 2), 'limit-exceeded');
        assert.equal(await policies.attachPolicy(ACCOUNT, 'role', 'dev', a, 2), 'attached', 'already attached');
        assert.equal(await policies.attachPolicy(ACCOUNT, 'user', 'dev', c, 2), 'attached', 'the limit is per principal');
        assert.deepEqual((await policies.attachedPolicies(ACCOUNT, 'role', 'dev'))?.map((p) => p.policyName), ['a', 'AdministratorAccess']);
        assert.equal((await policies.getPolicy(ACCOUNT, b))?.attachmentCount, 0);
      }));

    it('lets concurrent attachments together stay within the limit', () =>
      withStore(open, async (store) => {
        const { policies } = store;
        await createDevPrincipals(store);
        const arns = [];
        for (let i = 0; i < 6; i++) arns.push(await createPolicy(policies, `p${i}`));
        const outcomes = await Promise.all(arns.map((arn) => policies.attachPolicy(ACCOUNT, 'group', 'dev', arn, 3)));
        assert.equal(outcomes.filter((o) => o === 'attached').length, 3);
        assert.equal(outcomes.filter((o) => o === 'limit-exceeded').length, 3);
        assert.equal((await policies.attachedPolicies(ACCOUNT, 'group', 'dev'))?.length, 3);
      }));

    it('detaches a policy by its ARN in any case, and reports one not attached', () =>
      withStore(open, async (store) => {
        const { policies } = store;
        await createDevPrincipals(store);
        const mine = await createPolicy(policies, 'Mine');
        await policies.attachPolicy(ACCOUNT, 'user', 'dev', mine, 10);
        await policies.attachPolicy(ACCOUNT, 'user', 'dev', AWS_ADMIN, 10);
        await policies.attachPolicy(ACCOUNT, 'role', 'dev', mine, 10);
        assert.equal(await policies.detachPolicy(ACCOUNT, 'user', 'Dev', mine.toLowerCase()), 'detached');
        assert.equal(await policies.detachPolicy(ACCOUNT, 'user', 'dev', mine), 'not-attached');
        assert.equal(await policies.detachPolicy(ACCOUNT, 'group', 'dev', mine), 'not-attached');
        assert.equal(await policies.detachPolicy(ACCOUNT, 'user', 'nobody', mine), 'principal-not-found');
        assert.deepEqual(await policies.attachedPolicies(ACCOUNT, 'user', 'dev'), [{ policyName: 'AdministratorAccess', policyArn: AWS_ADMIN }]);
        assert.equal((await policies.getPolicy(ACCOUNT, mine))?.attachmentCount, 1, 'the role still has it');
        assert.equal(await policies.detachPolicy(ACCOUNT, 'user', 'dev', AWS_ADMIN), 'detached');
        assert.deepEqual(await policies.attachedPolicies(ACCOUNT, 'user', 'dev'), []);
      }));
  });

  describe('iam inline policies', () => {
    it('puts, reads, replaces and lists inline policies by name in any case', () =>
      withStore(open, async (store) => {
        const { policies } = store;
        await createDevPrincipals(store);
        for (const kind of KINDS) {
          assert.equal(await policies.putInlinePolicy(ACCOUNT, kind, 'dev', { policyName: 'Read', document: DOC(1) }), 'put');
          assert.equal(await policies.putInlinePolicy(ACCOUNT, kind, 'DEV', { policyName: 'admin', document: DOC(2) }), 'put');
          assert.equal(await policies.putInlinePolicy(ACCOUNT, kind, 'dev', { policyName: 'READ', document: DOC(3) }), 'put');
          assert.deepEqual(await policies.getInlinePolicy(ACCOUNT, kind, 'dev', 'read'), { policyName: 'Read', document: DOC(3) });
          assert.deepEqual(await policies.inlinePolicies(ACCOUNT, kind, 'Dev'), [
            { policyName: 'admin', document: DOC(2) }, { policyName: 'Read', document: DOC(3) },
          ]);
        }
        assert.equal(await policies.getInlinePolicy(ACCOUNT, 'user', 'dev', 'none'), undefined);
        assert.equal(await policies.getInlinePolicy(ACCOUNT, 'user', 'nobody', 'read'), undefined);
      }));

    it('keeps inline policies per principal, and reports a missing principal', () =>
      withStore(open, async (store) => {
        const { policies } = store;
        await createDevPrincipals(store);
        await policies.putInlinePolicy(ACCOUNT, 'role', 'dev', { policyName: 'p', document: DOC(1) });
        assert.deepEqual(await policies.inlinePolicies(ACCOUNT, 'user', 'dev'), []);
        assert.equal(await policies.inlinePolicies(ACCOUNT, 'user', 'nobody'), undefined);
        assert.equal(await policies.inlinePolicies(OTHER, 'role', 'dev'), undefined);
        assert.equal(await policies.putInlinePolicy(ACCOUNT, 'group', 'nobody', { policyName: 'p', document: DOC(1) }), 'principal-not-found');
        assert.equal(await policies.putInlinePolicy(OTHER, 'role', 'dev', { policyName: 'p', document: DOC(1) }), 'principal-not-found');
      }));

    it('deletes an inline policy by name in any case', () =>
      withStore(open, async (store) => {
        const { policies } = store;
        await createDevPrincipals(store);
        await policies.putInlinePolicy(ACCOUNT, 'user', 'dev', { policyName: 'One', document: DOC(1) });
        await policies.putInlinePolicy(ACCOUNT, 'user', 'dev', { policyName: 'two', document: DOC(2) });
        assert.equal(await policies.deleteInlinePolicy(ACCOUNT, 'user', 'dev', 'ONE'), 'deleted');
        assert.equal(await policies.deleteInlinePolicy(ACCOUNT, 'user', 'dev', 'one'), 'not-found');
        assert.equal(await policies.deleteInlinePolicy(ACCOUNT, 'role', 'dev', 'two'), 'not-found');
        assert.equal(await policies.deleteInlinePolicy(ACCOUNT, 'user', 'nobody', 'two'), 'not-found');
        assert.deepEqual(await policies.inlinePolicies(ACCOUNT, 'user', 'dev'), [{ policyName: 'two', document: DOC(2) }]);
      }));
  });
}
