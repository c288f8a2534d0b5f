import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RenewingCredentials, renewalDelay, type Clock, type CredentialsEvent } from './renewing-credentials.js';
import type { RoleCredentials } from './service-role.js';

const MIN = 60_000;

/** A clock whose timers fire only when the test advances it. */
function fakeClock(): Clock & { advance(ms: number): Promise<void> } {
  let now = Date.parse('2030-01-01T00:00:00Z');
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => now,
    setTimer(fn, ms) {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return { cancel: () => (timers = timers.filter((t) => t !== timer)) };
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.fn();
        await new Promise((r) => setImmediate(r));
      }
      now = until;
    },
  };
}

describe('renewalDelay', () => {
  it('renews with max(20 %, 20 min) left, never later than half-life', () => {
    assert.equal(renewalDelay(60 * MIN), 40 * MIN, '1 h: 20 min left, beyond botocore\'s 15-min refresh window');
    assert.equal(renewalDelay(6 * 60 * MIN), 288 * MIN, '6 h (as ECS issues): at 80 %');
    assert.equal(renewalDelay(15 * MIN), 7.5 * MIN, '15 min: at half-life');
  });
});

describe('RenewingCredentials', () => {
  const issue = (clock: Clock, n: number, lifetimeMs: number): RoleCredentials => ({
    accessKeyId: `ASIA${n}`,
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: new Date(clock.now() + lifetimeMs),
    assumedRoleArn: 'arn',
  });

  it('renews before expiry, so what it serves always has time left', async () => {
    const clock = fakeClock();
    let n = 0;
    const events: CredentialsEvent[] = [];
    const creds = new RenewingCredentials(async () => issue(clock, ++n, 60 * MIN), (e) => events.push(e), clock);
    await creds.start();
    assert.equal(creds.get()?.accessKeyId, 'ASIA1');
    await clock.advance(39 * MIN);
    assert.equal(creds.get()?.accessKeyId, 'ASIA1');
    await clock.advance(2 * MIN);
    assert.equal(creds.get()?.accessKeyId, 'ASIA2');
    await clock.advance(3 * 60 * MIN);
    assert.equal(creds.get()?.accessKeyId, 'ASIA6');
    assert.ok((creds.get()?.expiration.getTime() ?? 0) - clock.now() >= 20 * MIN);
    assert.deepEqual(events.map((e) => e.action), ['issued', 'renewed', 'renewed', 'renewed', 'renewed', 'renewed']);
    creds.stop();
  });

  it('retries a failed renewal, serves the old credentials until they expire, then nothing', async () => {
    const clock = fakeClock();
    let fail = false;
    const events: CredentialsEvent[] = [];
    const creds = new RenewingCredentials(
      async () => {
        if (fail) throw new Error('AccessDenied: trust policy changed');
        return issue(clock, 1, 60 * MIN);
      },
      (e) => events.push(e),
      clock,
    );
    await creds.start();
    fail = true;
    await clock.advance(41 * MIN);
    assert.equal(events[1]?.action, 'renewal-failed');
    assert.match(events[1]?.action === 'renewal-failed' ? events[1].message : '', /trust policy changed/);
    assert.ok(creds.get(), 'still valid for 19 minutes');
    await clock.advance(20 * MIN);
    assert.equal(creds.get(), undefined, 'expired credentials are never served');
    fail = false;
    await clock.advance(1 * MIN);
    assert.ok(creds.get(), 'a later retry recovers');
    creds.stop();
  });

  it('fails start() when the first assumption fails: the task cannot start without its role', async () => {
    const creds = new RenewingCredentials(async () => Promise.reject(new Error('AccessDenied')), () => undefined, fakeClock());
    await assert.rejects(creds.start(), /AccessDenied/);
  });
});
