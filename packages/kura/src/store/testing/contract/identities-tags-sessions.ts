// Contract: tags of users, roles and customer managed policies; STS sessions.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { T0, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, AWS_ADMIN, OTHER, createPolicy, role, session, user } from './iam-fixtures.js';

const HOUR = 3600_000;

export function identityTagContract(open: OpenStore): void {
  describe('iam tags', () => {
    it('tags users and roles with keys that ignore case, the latest spelling and value winning', () =>
      withStore(open, async ({ identities }) => {
        await identities.createUser(user('bob', { tags: [{ key: 'Department', value: 'finance' }] }));
        await identities.createRole(role('app'));
        assert.equal(await identities.tag(ACCOUNT, 'user', 'BOB', [{ key: 'department', value: 'hr' }, { key: 'team', value: 'x' }], 50), 'ok');
        assert.deepEqual((await identities.getUser(ACCOUNT, 'bob'))?.tags, [{ key: 'department', value: 'hr' }, { key: 'team', value: 'x' }]);
        const duplicates = [{ key: 'Env', value: 'dev' }, { key: 'ENV', value: 'prod' }];
        assert.equal(await identities.tag(ACCOUNT, 'role', 'App', duplicates, 50), 'ok');
        assert.deepEqual((await identities.getRole(ACCOUNT, 'app'))?.tags, [{ key: 'ENV', value: 'prod' }]);
        assert.equal(await identities.untag(ACCOUNT, 'role', 'app', ['env']), 'ok');
        assert.deepEqual((await identities.getRole(ACCOUNT, 'app'))?.tags, []);
      }));

    it('tags customer managed policies by ARN, with keys compared exactly', () =>
      withStore(open, async ({ identities }) => {
        const arn = await createPolicy(identities, 'p');
        assert.equal(await identities.tag(ACCOUNT, 'policy', arn.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam'), [{ key: 'Env', value: 'a' }], 50), 'ok');
        assert.equal(await identities.tag(ACCOUNT, 'policy', arn, [{ key: 'env', value: 'b' }, { key: 'Env', value: 'c' }], 50), 'ok');
        assert.deepEqual((await identities.getPolicy(ACCOUNT, arn))?.tags, [{ key: 'Env', value: 'c' }, { key: 'env', value: 'b' }]);
        assert.equal(await identities.untag(ACCOUNT, 'policy', arn, ['ENV', 'env']), 'ok');
        assert.deepEqual((await identities.getPolicy(ACCOUNT, arn))?.tags, [{ key: 'Env', value: 'c' }]);
      }));

    it('refuses to go above the tag limit and changes nothing, while overwrites do not count', () =>
      withStore(open, async ({ identities }) => {
        await identities.createUser(user('bob', { tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }));
        assert.equal(await identities.tag(ACCOUNT, 'user', 'bob', [{ key: 'B', value: 'two' }, { key: 'c', value: '3' }, { key: 'd', value: '4' }], 3), 'too-many');
        assert.deepEqual((await identities.getUser(ACCOUNT, 'bob'))?.tags, [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
        assert.equal(await identities.tag(ACCOUNT, 'user', 'bob', [{ key: 'A', value: 'one' }, { key: 'c', value: '3' }], 3), 'ok');
        assert.deepEqual((await identities.getUser(ACCOUNT, 'bob'))?.tags, [{ key: 'A', value: 'one' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }]);
        const arn = await createPolicy(identities, 'p', { tags: [{ key: 'k', value: 'v' }] });
        assert.equal(await identities.tag(ACCOUNT, 'policy', arn, [{ key: 'K', value: 'v' }, { key: 'x', value: 'y' }], 2), 'too-many', 'K is a new key on a policy');
        assert.deepEqual((await identities.getPolicy(ACCOUNT, arn))?.tags, [{ key: 'k', value: 'v' }]);
      }));

    it('reports what is not there to tag, ignoring absent keys on untag', () =>
      withStore(open, async ({ identities }) => {
        await identities.createUser(user('bob', { tags: [{ key: 'a', value: '1' }] }));
        assert.equal(await identities.tag(ACCOUNT, 'user', 'nobody', [{ key: 'a', value: '1' }], 50), 'not-found');
        assert.equal(await identities.tag(ACCOUNT, 'role', 'bob', [{ key: 'a', value: '1' }], 50), 'not-found');
        assert.equal(await identities.tag(OTHER, 'user', 'bob', [{ key: 'a', value: '1' }], 50), 'not-found');
        assert.equal(await identities.tag(ACCOUNT, 'policy', AWS_ADMIN, [{ key: 'a', value: '1' }], 50), 'not-found', 'AWS managed policies are not ours to tag');
        assert.equal(await identities.untag(ACCOUNT, 'user', 'nobody', ['a']), 'not-found');
        assert.equal(await identities.untag(ACCOUNT, 'policy', AWS_ADMIN, ['a']), 'not-found');
        assert.equal(await identities.untag(ACCOUNT, 'user', 'bob', ['zzz']), 'ok');
        assert.equal(await identities.untag(ACCOUNT, 'user', 'bob', []), 'ok');
        assert.deepEqual((await identities.getUser(ACCOUNT, 'bob'))?.tags, [{ key: 'a', value: '1' }]);
      }));
  });
}

export function identitySessionContract(open: OpenStore): void {
  describe('sts sessions', () => {
    it('saves a session and finds it by access key id, every field as written', () =>
      withStore(open, async ({ identities }) => {
        const full = session('ASIAFULL000000000001', {
          secretCiphertext: Buffer.from([0, 1, 2, 255]), sessionPolicy: '{"Statement":[]}', sessionPolicyArns: [AWS_ADMIN, 'arn:aws:iam::111122223333:policy/p'],
          sourceIdentity: 'alice@example.com', tags: [{ key: 'Project', value: 'kura' }, { key: 'cost', value: '' }], chained: true,
          issuedAt: new Date('2024-05-01T10:00:00.123Z'), expiration: new Date('2024-05-01T11:00:00.123Z'),
        });
        await identities.saveSession(full);
        assert.deepEqual(await identities.findSession('ASIAFULL000000000001'), full);
        const token = session('ASIATOKEN00000000001', {
          kind: 'session-token', principalArn: 'arn:aws:iam::111122223333:user/alice', principalId: 'AIDAALICE',
          roleArn: null, roleName: null, sessionName: null,
        });
        await identities.saveSession(token);
        assert.deepEqual(await identities.findSession('ASIATOKEN00000000001'), token);
        assert.equal(await identities.findSession('ASIANONE000000000001'), undefined);
      }));

    it('replaces a session saved again under the same id', () =>
      withStore(open, async ({ identities }) => {
        await identities.saveSession(session('ASIAEXAMPLE000000001'));
        const again = session('ASIAEXAMPLE000000001', { sessionTokenHash: 'cd'.repeat(32), expiration: new Date(T0.getTime() + 2 * HOUR) });
        await identities.saveSession(again);
        assert.deepEqual(await identities.findSession('ASIAEXAMPLE000000001'), again);
      }));

    it('deletes only the sessions that expired before now, and says how many', () =>
      withStore(open, async ({ identities }) => {
        const now = new Date(T0.getTime() + HOUR);
        await identities.saveSession(session('ASIAPAST000000000001', { expiration: new Date(now.getTime() - 1) }));
        await identities.saveSession(session('ASIAPAST000000000002', { expiration: T0, accountId: OTHER }));
        await identities.saveSession(session('ASIANOW0000000000001', { expiration: now }));
        await identities.saveSession(session('ASIALATER00000000001', { expiration: new Date(now.getTime() + 1) }));
        assert.ok(await identities.findSession('ASIAPAST000000000001'), 'an expired session stays until swept');
        assert.equal(await identities.deleteExpiredSessions(now), 2);
        assert.equal(await identities.findSession('ASIAPAST000000000001'), undefined);
        assert.equal(await identities.findSession('ASIAPAST000000000002'), undefined);
        assert.ok(await identities.findSession('ASIANOW0000000000001'), 'expiring exactly now is not expired before now');
        assert.ok(await identities.findSession('ASIALATER00000000001'));
        assert.equal(await identities.deleteExpiredSessions(now), 0);
        assert.equal(await identities.deleteExpiredSessions(new Date(now.getTime() + 2)), 2);
      }));
  });
}
