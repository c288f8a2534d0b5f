// Contract: put (versioning, optimistic concurrency, history cap) and delete.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OTHER_ACCOUNT, OTHER_REGION, SCOPE, T0, USER, put, putVersions, text, version, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';

export function parameterWriteContract(open: OpenStore): void {
  describe('put', () => {
    it('creates version 1 and keeps every field of the version as written', () =>
      withStore(open, async ({ parameters }) => {
        const value = Buffer.from([0, 1, 2, 255, 254, 0]);
        const written = {
          type: 'SecureString' as const,
          value,
          keyId: 'alias/aws/ssm',
          description: 'the db password',
          allowedPattern: '^.+$',
          dataType: 'text',
          tier: 'Advanced' as const,
          policies: '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00Z"}}]',
          lastModifiedDate: new Date('2024-05-01T10:00:00.123Z'),
          lastModifiedUser: USER,
        };
        const outcome = await parameters.put(SCOPE, {
          name: '/app/db/password', displayName: 'app/db/password', expectedLatest: 0, version: written, tags: [], maxVersions: 100,
        });
        assert.deepEqual(outcome, { outcome: 'written', version: 1 });
        const head = await parameters.get(SCOPE, '/app/db/password');
        assert.ok(head);
        assert.equal(head.name, '/app/db/password');
        assert.equal(head.displayName, 'app/db/password');
        assert.deepEqual(head.latest, { ...written, version: 1, labels: [] });
        assert.ok(Buffer.isBuffer(head.latest.value));
      }));

    it('stores null optional fields as null', () =>
      withStore(open, async ({ parameters }) => {
        await put(parameters, '/plain');
        const head = await parameters.get(SCOPE, '/plain');
        assert.deepEqual(head?.latest, { ...version({ value: Buffer.from('value of /plain') }), version: 1, labels: [] });
      }));

    it('refuses to create over an existing parameter and changes nothing', () =>
      withStore(open, async ({ parameters }) => {
        await put(parameters, '/a', { value: 'first' });
        assert.deepEqual(await put(parameters, '/a', { value: 'second' }), { outcome: 'conflict' });
        const head = await parameters.get(SCOPE, '/a');
        assert.equal(head?.latest.version, 1);
        assert.equal(text(head.latest.value), 'first');
      }));

    it('overwrites with the latest version as expected and numbers the new version latest + 1', () =>
      withStore(open, async ({ parameters }) => {
        await put(parameters, '/a', { value: 'one', displayName: 'a', tags: [{ key: 'team', value: 'core' }] });
        const outcome = await put(parameters, '/a', {
          expectedLatest: 1, value: 'two', displayName: '/a', tags: [{ key: 'ignored', value: 'x' }],
        });
        assert.deepEqual(outcome, { outcome: 'written', version: 2 });
        const head = await parameters.get(SCOPE, '/a');
        assert.equal(text(head?.latest.value ?? Buffer.alloc(0)), 'two');
        assert.equal(head?.displayName, 'a', 'the display name is the one written at creation');
        assert.deepEqual(await parameters.tags(SCOPE, '/a'), [{ key: 'team', value: 'core' }], 'tags are set only on create');
        assert.equal(text((await parameters.getVersion(SCOPE, '/a', 1))?.value ?? Buffer.alloc(0)), 'one');
      }));

    it('reports a conflict when the expected latest version is stale or the parameter is missing', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 3);
        assert.deepEqual(await put(parameters, '/a', { expectedLatest: 2 }), { outcome: 'conflict' });
        assert.deepEqual(await put(parameters, '/a', { expectedLatest: 4 }), { outcome: 'conflict' });
        assert.deepEqual(await put(parameters, '/missing', { expectedLatest: 1 }), { outcome: 'conflict' });
        assert.equal(await parameters.get(SCOPE, '/missing'), undefined);
        assert.equal((await parameters.get(SCOPE, '/a'))?.latest.version, 3);
      }));

    it('evicts the oldest version when the history is at its cap', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 3, { maxVersions: 3 });
        assert.deepEqual(await put(parameters, '/a', { expectedLatest: 3, maxVersions: 3 }), { outcome: 'written', version: 4 });
        assert.deepEqual((await parameters.history(SCOPE, '/a', 0, 10)).map((v) => v.version), [2, 3, 4]);
        assert.equal(await parameters.getVersion(SCOPE, '/a', 1), undefined);
        assert.deepEqual(await put(parameters, '/a', { expectedLatest: 4, maxVersions: 3 }), { outcome: 'written', version: 5 });
        assert.deepEqual((await parameters.history(SCOPE, '/a', 0, 10)).map((v) => v.version), [3, 4, 5]);
      }));

    it('refuses to evict a labelled oldest version and writes nothing', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 3, { maxVersions: 3 });
        await parameters.label(SCOPE, '/a', 1, ['stable'], 10);
        const refused = await put(parameters, '/a', { expectedLatest: 3, maxVersions: 3 });
        assert.deepEqual(refused, { outcome: 'oldest-labelled', oldestVersion: 1 });
        assert.deepEqual((await parameters.history(SCOPE, '/a', 0, 10)).map((v) => v.version), [1, 2, 3]);
        assert.equal((await parameters.get(SCOPE, '/a'))?.latest.version, 3);
        // Moving the label off the oldest version frees it for eviction.
        await parameters.label(SCOPE, '/a', 3, ['stable'], 10);
        assert.deepEqual(await put(parameters, '/a', { expectedLatest: 3, maxVersions: 3 }), { outcome: 'written', version: 4 });
        assert.equal((await parameters.getLabelled(SCOPE, '/a', 'stable'))?.version, 3);
      }));

    it('keeps a single version when the cap is one', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 3, { maxVersions: 1 });
        assert.deepEqual((await parameters.history(SCOPE, '/a', 0, 10)).map((v) => v.version), [3]);
      }));

    it('keeps the same name apart in other accounts and regions', () =>
      withStore(open, async ({ parameters }) => {
        await put(parameters, '/shared', { value: 'home' });
        await put(parameters, '/shared', { scope: OTHER_REGION, value: 'region' });
        await putVersions(parameters, '/shared', 2, { scope: OTHER_ACCOUNT });
        assert.equal(text((await parameters.get(SCOPE, '/shared'))?.latest.value ?? Buffer.alloc(0)), 'home');
        assert.equal(text((await parameters.get(OTHER_REGION, '/shared'))?.latest.value ?? Buffer.alloc(0)), 'region');
        assert.equal((await parameters.get(OTHER_ACCOUNT, '/shared'))?.latest.version, 2);
        assert.equal(await parameters.delete(OTHER_REGION, '/shared'), true);
        assert.ok(await parameters.get(SCOPE, '/shared'));
        assert.equal(await parameters.get({ accountId: SCOPE.accountId, region: 'ap-south-1' }, '/shared'), undefined);
      }));
  });

  describe('delete', () => {
    it('removes every version, label and tag, and a re-created parameter starts again at version 1', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/a', 3, { tags: [{ key: 'old', value: 'tag' }] });
        await parameters.label(SCOPE, '/a', 2, ['prod'], 10);
        assert.equal(await parameters.delete(SCOPE, '/a'), true);
        assert.equal(await parameters.get(SCOPE, '/a'), undefined);
        assert.equal(await parameters.getVersion(SCOPE, '/a', 2), undefined);
        assert.equal(await parameters.getLabelled(SCOPE, '/a', 'prod'), undefined);
        assert.deepEqual(await parameters.history(SCOPE, '/a', 0, 10), []);
        assert.equal(await parameters.tags(SCOPE, '/a'), undefined);
        assert.deepEqual(await put(parameters, '/a', { tags: [{ key: 'new', value: 'tag' }] }), { outcome: 'written', version: 1 });
        assert.deepEqual(await parameters.tags(SCOPE, '/a'), [{ key: 'new', value: 'tag' }]);
        assert.equal(await parameters.getLabelled(SCOPE, '/a', 'prod'), undefined);
        assert.deepEqual((await parameters.history(SCOPE, '/a', 0, 10)).map((v) => v.version), [1]);
      }));

    it('returns false for a parameter that does not exist', () =>
      withStore(open, async ({ parameters }) => {
        assert.equal(await parameters.delete(SCOPE, '/never'), false);
        await put(parameters, '/once');
        assert.equal(await parameters.delete(SCOPE, '/once'), true);
        assert.equal(await parameters.delete(SCOPE, '/once'), false);
      }));
  });

  describe('concurrent puts', () => {
    it('lets exactly one of many concurrent creates win', () =>
      withStore(open, async ({ parameters }) => {
        const outcomes = await Promise.all(Array.from({ length: 25 }, (_, i) => put(parameters, '/race', { value: `w${i}` })));
        assert.deepEqual(outcomes.filter((o) => o.outcome === 'written'), [{ outcome: 'written', version: 1 }]);
        assert.equal(outcomes.filter((o) => o.outcome === 'conflict').length, 24);
      }));

    it('lets exactly one of many overwrites sharing an expected version win', () =>
      withStore(open, async ({ parameters }) => {
        await putVersions(parameters, '/race', 2);
        const outcomes = await Promise.all(Array.from({ length: 16 }, () => put(parameters, '/race', { expectedLatest: 2 })));
        assert.equal(outcomes.filter((o) => o.outcome === 'written').length, 1);
        assert.equal((await parameters.get(SCOPE, '/race'))?.latest.version, 3);
      }));

    it('gives retrying writers versions 1..N with no gap and no duplicate', () =>
      withStore(open, async ({ parameters }) => {
        const writers = 8;
        const perWriter = 12;
        const acknowledged: Array<{ version: number; value: string }> = [];
        const writer = async (w: number): Promise<void> => {
          for (let i = 0; i < perWriter; i++) {
            const value = `w${w}-${i}`;
            for (;;) {
              const latest = (await parameters.get(SCOPE, '/counter'))?.latest.version ?? 0;
              const outcome = await put(parameters, '/counter', { expectedLatest: latest, value });
              if (outcome.outcome === 'written') {
                acknowledged.push({ version: outcome.version, value });
                break;
              }
              assert.equal(outcome.outcome, 'conflict');
            }
          }
        };
        await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
        const total = writers * perWriter;
        assert.deepEqual(acknowledged.map((a) => a.version).sort((a, b) => a - b), Array.from({ length: total }, (_, i) => i + 1));
        const history = await parameters.history(SCOPE, '/counter', 0, 1000);
        const expected = acknowledged.sort((a, b) => a.version - b.version).map((a) => [a.version, a.value]);
        assert.deepEqual(history.map((v) => [v.version, text(v.value)]), expected);
        assert.equal((await parameters.get(SCOPE, '/counter'))?.latest.version, total);
        assert.equal(history[0]?.lastModifiedDate.getTime(), T0.getTime());
      }));
  });
}
