// Contract: listing secrets (ListSecrets: four sort orders, both directions, paged by a cursor, with
// or without the secrets scheduled for deletion), the stage maps of a page read at once, and the
// schedulers' queries across every scope.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretRecord, SecretRepository, SecretSortKey } from '../../secrets.js';
import { OTHER_ACCOUNT, OTHER_REGION, SCOPE, T0, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { cursorAfter, DAY, expectationOf, expecting, listAll, newSecret, NO_ROTATION, secretArn, secretVersion, T1, versionIdFor } from './secret-fixtures.js';

const at = (days: number) => new Date(T1.getTime() + days * DAY);
const SORTS: SecretSortKey[] = ['created-date', 'last-accessed-date', 'last-changed-date', 'name'];

/**
 * Names in byte order unlike a locale's, and dates with ties and gaps: [name, created, changed,
 * accessed (day, or null: never), scheduled for deletion].
 */
const FIXTURE: Array<[string, number, number, number | null, boolean]> = [
  ['beta', 0, 5, 2, false],
  ['Zeta', 1, 1, null, false],
  ['alpha', 0, 3, 2, false],
  ['alpha-1', 2, 3, 1, true],
  ['alpha/1', 0, 0, null, false],
  ['gamma', 1, 5, 2, false],
  ['a', 3, 2, 0, false],
  ['delta', 2, 4, null, true],
];

async function fill(secrets: SecretRepository): Promise<void> {
  for (const [name, createdDay, changedDay, accessedDay, deleted] of FIXTURE) {
    await secrets.create(SCOPE, newSecret(name, { createdDate: at(createdDay), lastChangedDate: at(changedDay) }), secretVersion(versionIdFor(1), ['AWSCURRENT']));
    if (accessedDay !== null) await secrets.touch(SCOPE, name, versionIdFor(1), at(accessedDay));
    if (deleted) await secrets.change(SCOPE, name, expecting(name, 1), { patch: { deletedDate: at(9), deletionDate: at(16) } });
  }
  // Elsewhere: never listed here.
  await secrets.create(OTHER_REGION, newSecret('alpha', {}, OTHER_REGION));
  await secrets.create(OTHER_ACCOUNT, newSecret('omega', {}, OTHER_ACCOUNT));
}

const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The order the port promises, worked out here from the fixture's own values. */
function expected(records: SecretRecord[], sortBy: SecretSortKey, descending: boolean): string[] {
  const keyOf = (s: SecretRecord) => cursorAfter(s, sortBy).key;
  const ascending = [...records].sort((x, y) => {
    const [kx, ky] = [keyOf(x), keyOf(y)];
    const byKey = typeof kx === 'number' && typeof ky === 'number' ? kx - ky : bytes(String(kx), String(ky));
    return byKey !== 0 ? byKey : bytes(x.name, y.name);
  });
  return (descending ? ascending.reverse() : ascending).map((s) => s.name);
}

export function secretListContract(open: OpenStore): void {
  describe('secrets: listing and schedulers', () => {
    it('lists in each of the four orders, both ways, page after page across ties, with or without scheduled deletions', () =>
      withStore(open, async ({ secrets }) => {
        await fill(secrets);
        const all = (await Promise.all(FIXTURE.map(([name]) => secrets.get(SCOPE, name)))) as SecretRecord[];
        const live = all.filter((s) => s.deletedDate === null);
        assert.equal(live.length, 6);
        for (const sortBy of SORTS) {
          for (const descending of [false, true]) {
            for (const includePlannedDeletion of [false, true]) {
              const want = expected(includePlannedDeletion ? all : live, sortBy, descending);
              for (const limit of [1, 2, 3, 100]) {
                const what = `${sortBy} ${descending ? 'desc' : 'asc'}, deleted ${includePlannedDeletion}, limit ${limit}`;
                assert.deepEqual(await listAll(secrets, { sortBy, descending, includePlannedDeletion, limit }), want, what);
              }
            }
          }
        }
        assert.deepEqual(expected(all, 'name', false), ['Zeta', 'a', 'alpha', 'alpha-1', 'alpha/1', 'beta', 'delta', 'gamma'], 'byte order');
        assert.deepEqual(expected(live, 'last-accessed-date', false).slice(0, 2), ['Zeta', 'alpha/1'], 'never accessed sorts as 0');
      }));

    it('gives whole records, resumes strictly after the cursor, and stays in its scope', () =>
      withStore(open, async ({ secrets }) => {
        await fill(secrets);
        const query = { sortBy: 'created-date', descending: false, includePlannedDeletion: false, limit: 2 } as const;
        const [first] = await secrets.list(SCOPE, query);
        assert.deepEqual(first, await secrets.get(SCOPE, 'alpha'));
        const page = await secrets.list(SCOPE, { ...query, after: { key: at(0).getTime(), name: 'alpha' } });
        assert.deepEqual(page.map((s) => s.name), ['alpha/1', 'beta']);
        const between = await secrets.list(SCOPE, { ...query, after: { key: at(0).getTime(), name: 'alpha.' } });
        assert.deepEqual(between.map((s) => s.name), ['alpha/1', 'beta'], 'a cursor between two names');
        assert.deepEqual((await secrets.list(SCOPE, { ...query, sortBy: 'name', after: { key: 'gamma', name: 'gamma' } })), []);
        assert.deepEqual((await secrets.list(OTHER_REGION, { ...query, limit: 10 })).map((s) => s.name), ['alpha']);
        assert.deepEqual((await secrets.list(OTHER_ACCOUNT, { ...query, limit: 10 })).map((s) => s.name), ['omega']);
        assert.deepEqual(await secrets.list({ accountId: SCOPE.accountId, region: 'ap-south-1' }, { ...query, limit: 10 }), []);
        await assert.rejects(secrets.list(SCOPE, { ...query, after: { key: 'alpha', name: 'alpha' } }), TypeError, 'a date cursor needs a number');
      }));

    it('reads the labelled versions of several secrets at once by ARN, oldest first, as versions() orders them', () =>
      withStore(open, async ({ secrets }) => {
        const [v1, v2, v3, v4] = [1, 2, 3, 4].map(versionIdFor) as [string, string, string, string];
        await secrets.create(SCOPE, newSecret('a'), secretVersion(v1, ['AWSCURRENT']));
        // v4 ties with v1 on the date: the id (byte order) decides; v3 is deprecated and left out.
        await secrets.change(SCOPE, 'a', expecting('a', 1), {
          addVersion: secretVersion(v2, ['blue', 'AWSCURRENT', '\u0000'], { createdDate: T1 }), stages: [{ versionId: v1, stages: ['AWSPREVIOUS'] }],
        });
        await secrets.change(SCOPE, 'a', expecting('a', 2), { addVersion: secretVersion(v4, ['green']) });
        await secrets.change(SCOPE, 'a', expecting('a', 3), { addVersion: secretVersion(v3, [], { createdDate: at(5) }) });
        await secrets.create(SCOPE, newSecret('b'));
        await secrets.create(SCOPE, newSecret('c'), secretVersion(v1, ['AWSCURRENT']));
        await secrets.create(OTHER_REGION, newSecret('d', {}, OTHER_REGION), secretVersion(v1, ['AWSCURRENT']));
        const asked = [secretArn('a'), secretArn('b'), secretArn('c'), secretArn('d', OTHER_REGION), secretArn('missing'), secretArn('a', SCOPE, 'XXXXXX'), secretArn('a\u0000'), secretArn('a')];
        const found = Object.fromEntries(await secrets.labelledVersions(SCOPE, asked));
        const labelled = async (name: string) => (await secrets.versions(SCOPE, name)).filter((v) => v.stages.length > 0).map(({ versionId, stages }) => ({ versionId, stages }));
        assert.deepEqual(found, { [secretArn('a')]: await labelled('a'), [secretArn('c')]: await labelled('c') });
        assert.deepEqual(found[secretArn('a')], [
          { versionId: v1, stages: ['AWSPREVIOUS'] }, { versionId: v4, stages: ['green'] }, { versionId: v2, stages: ['\u0000', 'AWSCURRENT', 'blue'] },
        ]);
        assert.deepEqual(await secrets.labelledVersions(SCOPE, []), new Map());
      }));

    it('finds the deletions that are due in every scope, soonest first', () =>
      withStore(open, async ({ secrets }) => {
        for (const [scope, name, day] of [[SCOPE, 'x', 1], [OTHER_REGION, 'y', 0], [OTHER_ACCOUNT, 'z', 5], [SCOPE, 'w', 2], [SCOPE, 'v', null]] as const) {
          await secrets.create(scope, newSecret(name, {}, scope));
          if (day !== null) await secrets.change(scope, name, expecting(name, 1, scope), { patch: { deletedDate: T0, deletionDate: at(day) } });
        }
        const due = async (now: Date, limit = 10) => (await secrets.dueForDeletion(now, limit)).map((d) => `${d.scope.accountId}/${d.scope.region}/${d.name}`);
        assert.deepEqual(await due(at(2)), ['111122223333/eu-west-1/y', '111122223333/us-east-1/x', '111122223333/us-east-1/w'], 'at now included');
        assert.deepEqual(await due(at(2), 1), ['111122223333/eu-west-1/y']);
        assert.deepEqual(await due(at(-1)), []);
        assert.deepEqual((await secrets.dueForDeletion(at(9), 10)).at(-1), { scope: OTHER_ACCOUNT, name: 'z' });
      }));

    it('finds the rotations that are due in every scope, soonest first, skipping disabled ones and scheduled deletions', () =>
      withStore(open, async ({ secrets }) => {
        const rotation = (enabled: boolean, day: number) => ({ ...NO_ROTATION, enabled, automaticallyAfterDays: 30, nextRotationDate: at(day) });
        const cases = [[SCOPE, 'due', rotation(true, 0)], [SCOPE, 'later', rotation(true, 10)], [SCOPE, 'off', rotation(false, 0)],
          [SCOPE, 'deleting', rotation(true, 0)], [OTHER_ACCOUNT, 'first', rotation(true, -3)], [OTHER_REGION, 'none', NO_ROTATION]] as const;
        for (const [scope, name, r] of cases) await secrets.create(scope, newSecret(name, { rotation: r }, scope));
        await secrets.change(SCOPE, 'deleting', expecting('deleting', 1), { patch: { deletedDate: T0, deletionDate: at(30) } });
        assert.deepEqual(await secrets.dueForRotation(at(1), 10), [{ scope: OTHER_ACCOUNT, name: 'first' }, { scope: SCOPE, name: 'due' }]);
        assert.deepEqual(await secrets.dueForRotation(at(1), 1), [{ scope: OTHER_ACCOUNT, name: 'first' }]);
        // Rotated: the next date moves on, and the secret is no longer due.
        await secrets.change(SCOPE, 'due', await expectationOf(secrets, 'due'), { patch: { rotation: { ...rotation(true, 30), lastRotatedDate: at(1) } } });
        assert.deepEqual(await secrets.dueForRotation(at(1), 10), [{ scope: OTHER_ACCOUNT, name: 'first' }]);
        assert.deepEqual((await secrets.dueForRotation(at(10), 10)).map((d) => d.name), ['first', 'later']);
      }));
  });
}
