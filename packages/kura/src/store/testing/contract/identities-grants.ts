// Contract: attaching managed policies (customer and AWS managed), inline policies, and IAM tags.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PrincipalKind } from '../../identities.js';
import type { Store } from '../../store.js';
import { withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_ADMIN, AWS_READ_ONLY, DOC, OTHER, createPolicy, group, iamArn, role, user } from './iam-fixtures.js';

const KINDS: PrincipalKind[] = ['user', 'group', 'role'];

/** A user, a group and a role, all named `dev`. */
async function principals({ identities }: Store): Promise<void> {
  await identities.createUser(user('dev'));
  await identities.createGroup(group('dev'));
  await identities.createRole(role('dev'));
}

export function identityAttachmentContract(open: OpenStore): void {
  describe('iam policy attachments', () => {
    it('attaches customer and AWS managed policies to users, groups and roles, once each', () =>
      withStore(open, async (store) => {
        const { identities } = store;
        await principals(store);
        const zeta = await createPolicy(identities, 'Zeta');
        const alpha = await createPolicy(identities, 'alpha', { path: '/x/' });
        for (const kind of KINDS) {
          for (const arn of [zeta, AWS_READ_ONLY, alpha.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam'), zeta]) {
            assert.equal(await identities.attachPolicy(ACCOUNT, kind, 'DEV', arn, 10), 'attached', `${kind} ${arn}`);
          }
          assert.deepEqual(await identities.attachedPolicies(ACCOUNT, kind, 'dev'), [
            { policyName: 'alpha', policyArn: alpha }, { policyName: 'ReadOnlyAccess', policyArn: AWS_READ_ONLY }, { policyName: 'Zeta', policyArn: zeta },
          ], 'each once, by name, under its stored ARN');
        }
        assert.equal((await identities.getPolicy(ACCOUNT, zeta))?.attachmentCount, 3);
        assert.equal((await identities.getPolicy(ACCOUNT, alpha))?.attachmentCount, 3);
      }));

    it('reports a missing principal or customer policy, attaching nothing', () =>
      withStore(open, async (store) => {
        const { identities } = store;
        await principals(store);
        const mine = await createPolicy(identities, 'mine');
        const theirs = await createPolicy(identities, 'theirs', { accountId: OTHER });
        assert.equal(await identities.attachPolicy(ACCOUNT, 'user', 'nobody', mine, 10), 'principal-not-found');
        assert.equal(await identities.attachPolicy(OTHER, 'role', 'dev', AWS_ADMIN, 10), 'principal-not-found');
        assert.equal(await identities.attachPolicy(ACCOUNT, 'user', 'dev', iamArn(ACCOUNT, 'policy', '/', 'none'), 10), 'policy-not-found');
        assert.equal(await identities.attachPolicy(ACCOUNT, 'user', 'dev', theirs, 10), 'policy-not-found', "another account's policy");
        assert.deepEqual(await identities.attachedPolicies(ACCOUNT, 'user', 'dev'), []);
        assert.equal(await identities.attachedPolicies(ACCOUNT, 'user', 'nobody'), undefined);
        assert.equal(await identities.attachedPolicies(ACCOUNT, 'group', 'nobody'), undefined);
      }));

    it('refuses an attachment past the limit, while re-attaching does not count', () =>
      withStore(open, async (store) => {
        const { identities } = store;
        await principals(store);
        const [a, b, c] = [await createPolicy(identities, 'a'), await createPolicy(identities, 'b'), await createPolicy(identities, 'c')];
        assert.equal(await identities.attachPolicy(ACCOUNT, 'role', 'dev', a, 2), 'attached');
        assert.equal(await identities.attachPolicy(ACCOUNT, 'role', 'dev', AWS_ADMIN, 2), 'attached');
        assert.equal(await identities.attachPolicy(ACCOUNT, 'role', 'dev', b, 2), 'limit-exceeded');
        assert.equal(await identities.attachPolicy(ACCOUNT, 'role', 'dev', AWS_READ_ONLY, 2), 'limit-exceeded');
        assert.equal(await identities.attachPolicy(ACCOUNT, 'role', 'dev', a, 2), 'attached', 'already attached');
        assert.equal(await identities.attachPolicy(ACCOUNT, 'user', 'dev', c, 2), 'attached', 'the limit is per principal');
        assert.deepEqual((await identities.attachedPolicies(ACCOUNT, 'role', 'dev'))?.map((p) => p.policyName), ['a', 'AdministratorAccess']);
        assert.equal((await identities.getPolicy(ACCOUNT, b))?.attachmentCount, 0);
      }));

    it('lets concurrent attachments together stay within the limit', () =>
      withStore(open, async (store) => {
        const { identities } = store;
        await principals(store);
        const arns = [];
        for (let i = 0; i < 6; i++) arns.push(await createPolicy(identities, `p${i}`));
        const outcomes = await Promise.all(arns.map((arn) => identities.attachPolicy(ACCOUNT, 'group', 'dev', arn, 3)));
        assert.equal(outcomes.filter((o) => o === 'attached').length, 3);
        assert.equal(outcomes.filter((o) => o === 'limit-exceeded').length, 3);
        assert.equal((await identities.attachedPolicies(ACCOUNT, 'group', 'dev'))?.length, 3);
      }));

    it('detaches a policy by its ARN in any case, and reports one not attached', () =>
      withStore(open, async (store) => {
        const { identities } = store;
        await principals(store);
        const mine = await createPolicy(identities, 'Mine');
        await identities.attachPolicy(ACCOUNT, 'user', 'dev', mine, 10);
        await identities.attachPolicy(ACCOUNT, 'user', 'dev', AWS_ADMIN, 10);
        await identities.attachPolicy(ACCOUNT, 'role', 'dev', mine, 10);
        assert.equal(await identities.detachPolicy(ACCOUNT, 'user', 'Dev', mine.toLowerCase()), 'detached');
        assert.equal(await identities.detachPolicy(ACCOUNT, 'user', 'dev', mine), 'not-attached');
        assert.equal(await identities.detachPolicy(ACCOUNT, 'group', 'dev', mine), 'not-attached');
        assert.equal(await identities.detachPolicy(ACCOUNT, 'user', 'nobody', mine), 'principal-not-found');
        assert.deepEqual(await identities.attachedPolicies(ACCOUNT, 'user', 'dev'), [{ policyName: 'AdministratorAccess', policyArn: AWS_ADMIN }]);
        assert.equal((await identities.getPolicy(ACCOUNT, mine))?.attachmentCount, 1, 'the role still has it');
        assert.equal(await identities.detachPolicy(ACCOUNT, 'user', 'dev', AWS_ADMIN), 'detached');
        assert.deepEqual(await identities.attachedPolicies(ACCOUNT, 'user', 'dev'), []);
      }));
  });

  describe('iam inline policies', () => {
    it('puts, reads, replaces and lists inline policies by name in any case', () =>
      withStore(open, async (store) => {
        const { identities } = store;
        await principals(store);
        for (const kind of KINDS) {
          assert.equal(await identities.putInlinePolicy(ACCOUNT, kind, 'dev', { policyName: 'Read', document: DOC(1) }), 'put');
          assert.equal(await identities.putInlinePolicy(ACCOUNT, kind, 'DEV', { policyName: 'admin', document: DOC(2) }), 'put');
          assert.equal(await identities.putInlinePolicy(ACCOUNT, kind, 'dev', { policyName: 'READ', document: DOC(3) }), 'put');
          assert.deepEqual(await identities.getInlinePolicy(ACCOUNT, kind, 'dev', 'read'), { policyName: 'Read', document: DOC(3) });
          assert.deepEqual(await identities.inlinePolicies(ACCOUNT, kind, 'Dev'), [
            { policyName: 'admin', document: DOC(2) }, { policyName: 'Read', document: DOC(3) },
          ]);
        }
        assert.equal(await identities.getInlinePolicy(ACCOUNT, 'user', 'dev', 'none'), undefined);
        assert.equal(await identities.getInlinePolicy(ACCOUNT, 'user', 'nobody', 'read'), undefined);
      }));

    it('keeps inline policies per principal, and reports a missing principal', () =>
      withStore(open, async (store) => {
        const { identities } = store;
        await principals(store);
        await identities.putInlinePolicy(ACCOUNT, 'role', 'dev', { policyName: 'p', document: DOC(1) });
        assert.deepEqual(await identities.inlinePolicies(ACCOUNT, 'user', 'dev'), []);
        assert.equal(await identities.inlinePolicies(ACCOUNT, 'user', 'nobody'), undefined);
        assert.equal(await identities.inlinePolicies(OTHER, 'role', 'dev'), undefined);
        assert.equal(await identities.putInlinePolicy(ACCOUNT, 'group', 'nobody', { policyName: 'p', document: DOC(1) }), 'principal-not-found');
        assert.equal(await identities.putInlinePolicy(OTHER, 'role', 'dev', { policyName: 'p', document: DOC(1) }), 'principal-not-found');
      }));

    it('deletes an inline policy by name in any case', () =>
      withStore(open, async (store) => {
        const { identities } = store;
        await principals(store);
        await identities.putInlinePolicy(ACCOUNT, 'user', 'dev', { policyName: 'One', document: DOC(1) });
        await identities.putInlinePolicy(ACCOUNT, 'user', 'dev', { policyName: 'two', document: DOC(2) });
        assert.equal(await identities.deleteInlinePolicy(ACCOUNT, 'user', 'dev', 'ONE'), 'deleted');
        assert.equal(await identities.deleteInlinePolicy(ACCOUNT, 'user', 'dev', 'one'), 'not-found');
        assert.equal(await identities.deleteInlinePolicy(ACCOUNT, 'role', 'dev', 'two'), 'not-found');
        assert.equal(await identities.deleteInlinePolicy(ACCOUNT, 'user', 'nobody', 'two'), 'not-found');
        assert.deepEqual(await identities.inlinePolicies(ACCOUNT, 'user', 'dev'), [{ policyName: 'two', document: DOC(2) }]);
      }));
  });
}
