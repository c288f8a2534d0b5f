// Secrets across replicas: several stores, each with its own pool, on one database, racing the same
// writes. Of changes decided on one revision exactly one is written; of creates of one name exactly
// one wins; a read recorded by a touch never moves the revision; writers that decide again on a
// conflict lose no version and never leave a stage on two versions; and a write decided on a secret
// another replica replaced (same name, new ARN, same revision) changes nothing.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretChangeOutcome } from '../secrets.js';
import { SCOPE } from '../testing/contract/fixtures.js';
import { DAY, expecting, newSecret, secretArn, secretVersion, T1, versionIdFor } from '../testing/contract/secret-fixtures.js';
import type { PostgresStore } from './open.js';
import { openSharedTestStores } from './testing/database.js';

/** Runs `body` on `count` replicas of one fresh schema, closing them after (connections are few). */
async function withReplicas(count: number, body: (stores: PostgresStore[]) => Promise<void>): Promise<void> {
  const stores = await openSharedTestStores(count);
  try {
    await body(stores);
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
}

/** `n` calls of `op`, spread round-robin over the stores, all in flight at once. */
function race<T>(stores: PostgresStore[], n: number, op: (store: PostgresStore, i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => op(stores[i % stores.length] as PostgresStore, i)));
}

/** What PutSecretValue does: read, put the new version on AWSCURRENT, move AWSPREVIOUS, and decide again on a conflict. */
async function putValue(store: PostgresStore, versionId: string): Promise<number> {
  for (let attempts = 1; ; attempts++) {
    const read = await store.secrets.read(SCOPE, 'app', { stage: 'AWSCURRENT' });
    assert.ok(read?.version);
    // Read apart from the current one: if another writer came between, the change below conflicts.
    const previous = (await store.secrets.read(SCOPE, 'app', { stage: 'AWSPREVIOUS' }))?.version;
    const stages = [{ versionId: read.version.versionId, stages: ['AWSPREVIOUS'] }];
    if (previous) stages.push({ versionId: previous.versionId, stages: [] });
    const outcome = await store.secrets.change(SCOPE, 'app', read.secret, { addVersion: secretVersion(versionId, ['AWSCURRENT']), stages });
    if (outcome === 'written') return attempts;
    assert.equal(outcome, 'conflict');
  }
}

describe('postgres secrets across replicas', () => {
  it('lets exactly one of the changes decided on one revision through, whichever replica sent it', () => withReplicas(3, async (stores) => {
    await stores[0]?.secrets.create(SCOPE, newSecret('app'), secretVersion(versionIdFor(0), ['AWSCURRENT']));
    const outcomes = await race(stores, 12, (s, i) => s.secrets.change(SCOPE, 'app', expecting('app', 1), {
      patch: { description: `by ${i}` }, addVersion: secretVersion(versionIdFor(100 + i), ['AWSCURRENT']),
      stages: [{ versionId: versionIdFor(0), stages: ['AWSPREVIOUS'] }],
    }));
    assert.equal(outcomes.filter((o) => o === 'written').length, 1);
    assert.equal(outcomes.filter((o) => o === 'conflict').length, 11);
    const winner = outcomes.indexOf('written');
    for (const s of stores) {
      const read = await s.secrets.read(SCOPE, 'app', { stage: 'AWSCURRENT' });
      assert.equal(read?.version?.versionId, versionIdFor(100 + winner));
      assert.deepEqual([read?.secret.description, read?.secret.revision], [`by ${winner}`, 2]);
      assert.deepEqual((await s.secrets.versions(SCOPE, 'app')).map((v) => v.versionId), [versionIdFor(0), versionIdFor(100 + winner)]);
    }
  }));

  it('lets exactly one of the replicas creating one name win, with its own first version only', () => withReplicas(3, async (stores) => {
    const outcomes = await race(stores, 12, (s, i) =>
      s.secrets.create(SCOPE, newSecret('app', { description: `by ${i}`, arn: secretArn('app', SCOPE, `r${String(i).padStart(5, '0')}`) }),
        secretVersion(versionIdFor(i), ['AWSCURRENT'])));
    assert.equal(outcomes.filter((o) => o === 'created').length, 1);
    assert.equal(outcomes.filter((o) => o === 'exists').length, 11);
    const winner = outcomes.indexOf('created');
    for (const s of stores) {
      assert.equal((await s.secrets.get(SCOPE, 'app'))?.description, `by ${winner}`);
      assert.deepEqual((await s.secrets.versions(SCOPE, 'app')).map((v) => v.versionId), [versionIdFor(winner)]);
    }
  }));

  it('keeps every version when replicas put values at once, deciding again on each conflict', () => withReplicas(3, async (stores) => {
    await stores[0]?.secrets.create(SCOPE, newSecret('app'), secretVersion(versionIdFor(0), ['AWSCURRENT']));
    const attempts = await race(stores, 15, (s, i) => putValue(s, versionIdFor(1 + i)));
    assert.ok(attempts.some((a) => a > 1), 'some writers lost a race and decided again');
    const [reader] = stores;
    assert.ok(reader);
    const versions = await reader.secrets.versions(SCOPE, 'app');
    assert.equal(versions.length, 16, 'no version lost');
    assert.equal((await reader.secrets.get(SCOPE, 'app'))?.revision, 16, 'one revision per write');
    const staged = versions.filter((v) => v.stages.length > 0);
    assert.deepEqual(staged.map((v) => v.stages).sort(), [['AWSCURRENT'], ['AWSPREVIOUS']], 'each stage on one version');
  }));

  it('records reads from every replica without ever moving the revision or a date back', () => withReplicas(3, async (stores) => {
    await stores[0]?.secrets.create(SCOPE, newSecret('app'), secretVersion(versionIdFor(0), ['AWSCURRENT']));
    const days = Array.from({ length: 12 }, (_, i) => new Date(T1.getTime() + (i % 4) * DAY));
    const [touches, changes] = await Promise.all([
      race(stores, days.length, (s, i) => s.secrets.touch(SCOPE, 'app', versionIdFor(0), days[i] as Date)),
      race(stores, 6, async (s, i): Promise<SecretChangeOutcome> => {
        const revision = (await s.secrets.get(SCOPE, 'app'))?.revision ?? 0;
        return s.secrets.change(SCOPE, 'app', expecting('app', revision), { patch: { description: `by ${i}` } });
      }),
    ]);
    assert.equal(touches.length, 12);
    const written = changes.filter((o) => o === 'written').length;
    assert.ok(written >= 1);
    const read = await stores[1]?.secrets.read(SCOPE, 'app', { versionId: versionIdFor(0) });
    assert.equal(read?.secret.revision, 1 + written, 'only changes moved the revision');
    const latest = new Date(T1.getTime() + 3 * DAY);
    assert.deepEqual([read?.secret.lastAccessedDate, read?.version?.lastAccessedDate], [latest, latest]);
  }));

  it('refuses the write of a replica that decided on a secret another replica deleted and created again, at the same revision', () => withReplicas(2, async ([a, b]) => {
    assert.ok(a && b);
    await a.secrets.create(SCOPE, newSecret('app'), secretVersion(versionIdFor(0), ['AWSCURRENT']));
    const decidedOn = await a.secrets.get(SCOPE, 'app');
    assert.ok(decidedOn);
    assert.equal(await b.secrets.delete(SCOPE, 'app', { arn: decidedOn.arn }), true);
    const replacement = newSecret('app', { arn: secretArn('app', SCOPE, 'ZyXwVu') });
    await b.secrets.create(SCOPE, replacement, secretVersion(versionIdFor(1), ['AWSCURRENT']));
    const [changed, deleted] = await Promise.all([
      a.secrets.change(SCOPE, 'app', decidedOn, { patch: { description: 'meant for the old one' }, removeVersions: [versionIdFor(1)] }),
      a.secrets.delete(SCOPE, 'app', decidedOn),
    ]);
    assert.deepEqual([changed, deleted], ['not-found', false]);
    const now = await b.secrets.get(SCOPE, 'app');
    assert.deepEqual([now?.arn, now?.description, now?.revision], [replacement.arn, null, 1]);
    assert.deepEqual((await b.secrets.versions(SCOPE, 'app')).map((v) => v.versionId), [versionIdFor(1)]);
  }));

  it('lets exactly one of a delete and a change decided on one revision through', () => withReplicas(2, async ([a, b]) => {
    assert.ok(a && b);
    for (let round = 0; round < 5; round++) {
      const name = `app${round}`;
      await a.secrets.create(SCOPE, newSecret(name), secretVersion(versionIdFor(0), ['AWSCURRENT']));
      const [deleted, changed]: [boolean, SecretChangeOutcome] = await Promise.all([b.secrets.delete(SCOPE, name, expecting(name, 1)), a.secrets.change(SCOPE, name, expecting(name, 1), { patch: { description: 'x' } })]);
      assert.equal(Number(deleted) + Number(changed === 'written'), 1, `round ${round}: ${deleted} / ${changed}`);
      assert.equal(await a.secrets.get(SCOPE, name) === undefined, deleted);
      if (deleted) assert.deepEqual(await b.secrets.versions(SCOPE, name), []);
    }
  }));
});
