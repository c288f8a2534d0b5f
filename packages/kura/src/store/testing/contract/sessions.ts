// Contract: STS sessions.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { T0, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { AWS_ADMIN, OTHER, session } from './iam-fixtures.js';

const HOUR = 3600_000;

export function sessionContract(open: OpenStore): void {
  describe('sts sessions', () => {
    it('saves a session and finds it by access key id, every field as written', () =>
      withStore(open, async ({ sessions }) => {
        const full = session('ASIAFULL000000000001', {
          secretCiphertext: Buffer.from([0, 1, 2, 255]), sessionPolicy: '{"Statement":[]}', sessionPolicyArns: [AWS_ADMIN, 'arn:aws:iam::111122223333:policy/p'],
          sourceIdentity: 'alice@example.com', tags: [{ key: 'Project', value: 'kura' }, { key: 'cost', value: '' }], chained: true,
          issuedAt: new Date('2024-05-01T10:00:00.123Z'), expiration: new Date('2024-05-01T11:00:00.123Z'),
        });
        await sessions.save(full);
        assert.deepEqual(await sessions.find('ASIAFULL000000000001'), full);
        const token = session('ASIATOKEN00000000001', {
          kind: 'session-token', principalArn: 'arn:aws:iam::111122223333:user/alice', principalId: 'AIDAALICE',
          roleArn: null, roleName: null, sessionName: null,
        });
        await sessions.save(token);
        assert.deepEqual(await sessions.find('ASIATOKEN00000000001'), token);
        assert.equal(await sessions.find('ASIANONE000000000001'), undefined);
      }));

    it('replaces a session saved again under the same id', () =>
      withStore(open, async ({ sessions }) => {
        await sessions.save(session('ASIAEXAMPLE000000001'));
        const again = session('ASIAEXAMPLE000000001', { sessionTokenHash: 'cd'.repeat(32), expiration: new Date(T0.getTime() + 2 * HOUR) });
        await sessions.save(again);
        assert.deepEqual(await sessions.find('ASIAEXAMPLE000000001'), again);
      }));

    it('deletes only the sessions that expired before now, and says how many', () =>
      withStore(open, async ({ sessions }) => {
        const now = new Date(T0.getTime() + HOUR);
        await sessions.save(session('ASIAPAST000000000001', { expiration: new Date(now.getTime() - 1) }));
        await sessions.save(session('ASIAPAST000000000002', { expiration: T0, accountId: OTHER }));
        await sessions.save(session('ASIANOW0000000000001', { expiration: now }));
        await sessions.save(session('ASIALATER00000000001', { expiration: new Date(now.getTime() + 1) }));
        assert.ok(await sessions.find('ASIAPAST000000000001'), 'an expired session stays until swept');
        assert.equal(await sessions.deleteExpired(now), 2);
        assert.equal(await sessions.find('ASIAPAST000000000001'), undefined);
        assert.equal(await sessions.find('ASIAPAST000000000002'), undefined);
        assert.ok(await sessions.find('ASIANOW0000000000001'), 'expiring exactly now is not expired before now');
        assert.ok(await sessions.find('ASIALATER00000000001'));
        assert.equal(await sessions.deleteExpired(now), 0);
        assert.equal(await sessions.deleteExpired(new Date(now.getTime() + 2)), 2);
      }));
  });
}
