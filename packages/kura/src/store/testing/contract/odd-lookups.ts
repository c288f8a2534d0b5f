// Contract: lookups by values no store holds, which clients can still send (the models put no
// pattern on a parameter name given to a read, a label to unlabel, a KMS key id, a tag key to remove
// or an IAM policy ARN): a name, label, alias or tag key with U+0000, a version beyond 32 bits. They find nothing
// and change nothing, in every backend (PostgreSQL's text cannot even be asked about U+0000).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCOPE, T0, keyIdFor, newKey, putVersions, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_READ_ONLY, T1, createPolicy, user } from './iam-fixtures.js';

const NUL = '\u0000';
const HUGE = [2 ** 31, 2 ** 53 + 2, -(2 ** 53)];

export function oddLookupContract(open: OpenStore): void {
  describe('lookups by values no store holds', () => {
    it('a parameter name with U+0000 names no parameter, for every read and write by name', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 2);
        for (const name of [NUL, `/a${NUL}`, `${NUL}/a`]) {
          assert.equal(await parameters.get(SCOPE, name), undefined);
          assert.equal(await parameters.getVersion(SCOPE, name, 1), undefined);
          assert.equal(await parameters.getLabelled(SCOPE, name, 'l'), undefined);
          assert.deepEqual(await parameters.history(SCOPE, name, 0, 10), []);
          assert.equal(await parameters.delete(SCOPE, name), false);
          assert.deepEqual(await parameters.label(SCOPE, name, 1, ['l'], 10), { outcome: 'not-found' });
          assert.deepEqual(await parameters.unlabel(SCOPE, name, 1, ['l']), { outcome: 'not-found' });
          assert.equal(await parameters.tags(SCOPE, name), undefined);
          assert.equal(await parameters.addTags(SCOPE, name, [{ key: 'k', value: 'v' }], 50), 'not-found');
          assert.equal(await parameters.removeTags(SCOPE, name, ['k']), 'not-found');
        }
        assert.equal((await parameters.get(SCOPE, '/a'))?.latest.version, 2);
      }));

    it('a label or tag key with U+0000 is on nothing: not found, reported invalid, removed from nothing', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 2);
        await parameters.label(SCOPE, '/a', 1, ['l'], 10);
        await parameters.addTags(SCOPE, '/a', [{ key: 'k', value: 'v' }], 50);
        assert.equal(await parameters.getLabelled(SCOPE, '/a', `l${NUL}`), undefined);
        assert.deepEqual(await parameters.unlabel(SCOPE, '/a', 1, [`l${NUL}`, 'l']), { outcome: 'unlabelled', removed: ['l'], invalid: [`l${NUL}`] });
        assert.equal(await parameters.removeTags(SCOPE, '/a', [`k${NUL}`]), 'ok');
        assert.deepEqual(await parameters.tags(SCOPE, '/a'), [{ key: 'k', value: 'v' }]);
      }));

    it('a version beyond 32 bits, either way, is no version of the parameter', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 2);
        for (const version of HUGE) {
          assert.equal(await parameters.getVersion(SCOPE, '/a', version), undefined);
          assert.deepEqual(await parameters.label(SCOPE, '/a', version, ['l'], 10), { outcome: 'version-not-found' });
          assert.deepEqual(await parameters.unlabel(SCOPE, '/a', version, ['l']), { outcome: 'version-not-found' });
          // The parameter's absence still comes first.
          assert.deepEqual(await parameters.label(SCOPE, '/missing', version, ['l'], 10), { outcome: 'not-found' });
        }
        assert.deepEqual((await parameters.getVersion(SCOPE, '/a', 2))?.labels, []);
      }));

    it('a KMS key id, alias or tag key with U+0000 names nothing', () =>
      withStore(open, async ({ keys }) => {
        const key = keyIdFor(1);
        await keys.create(SCOPE, newKey(key, 'alias/app', [{ tagKey: 'k', tagValue: 'v' }]));
        assert.equal(await keys.get(SCOPE, `${key}${NUL}`), undefined);
        assert.equal(await keys.alias(SCOPE, `alias/app${NUL}`), undefined);
        assert.equal(await keys.tags(SCOPE, NUL), undefined);
        assert.equal(await keys.untag(SCOPE, key, [`k${NUL}`]), 'ok');
        assert.deepEqual(await keys.tags(SCOPE, key), [{ tagKey: 'k', tagValue: 'v' }]);
        assert.deepEqual(await keys.alias(SCOPE, 'alias/app'), { aliasName: 'alias/app', targetKeyId: key, creationDate: T0, lastUpdatedDate: T0 });
      }));

    it('an IAM policy ARN with U+0000 names no policy and is attached to no one', () =>
      withStore(open, async ({ principals, policies }) => {
        await principals.createUser(user('dev'));
        const mine = await createPolicy(policies, 'mine');
        await policies.attachPolicy(ACCOUNT, 'user', 'dev', mine, 10);
        for (const arn of [`${mine}${NUL}`, `${AWS_READ_ONLY}${NUL}`]) {
          assert.equal(await policies.getPolicy(ACCOUNT, arn), undefined);
          assert.equal(await policies.getPolicyVersion(ACCOUNT, arn, 'v1'), undefined);
          assert.equal(await policies.listPolicyVersions(ACCOUNT, arn), undefined);
          assert.equal(await policies.setDefaultPolicyVersion(ACCOUNT, arn, 'v1', T1), 'not-found');
          assert.equal(await policies.deletePolicyVersion(ACCOUNT, arn, 'v1'), 'not-found');
          assert.equal(await policies.tagPolicy(ACCOUNT, arn, [{ key: 'k', value: 'v' }], 50), 'not-found');
          assert.equal(await policies.untagPolicy(ACCOUNT, arn, ['k']), 'not-found');
          assert.equal(await policies.detachPolicy(ACCOUNT, 'user', 'dev', arn), 'not-attached');
          assert.equal(await policies.detachPolicy(ACCOUNT, 'user', 'nobody', arn), 'principal-not-found');
          assert.equal(await policies.deletePolicy(ACCOUNT, arn), 'not-found');
        }
        assert.deepEqual(await policies.attachedPolicies(ACCOUNT, 'user', 'dev'), [{ policyName: 'mine', policyArn: mine }]);
      }));
  });
}
