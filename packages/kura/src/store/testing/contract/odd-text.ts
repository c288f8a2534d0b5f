// Contract: free text that AWS accepts with any character in it (the models put no pattern on it)
// comes back exactly as it was stored: an SSM parameter version's description and allowed pattern,
// a KMS key's description, KMS tag keys and values, an IAM managed policy's description. U+0000
// above all, which PostgreSQL's text cannot hold; also U+FFFF, a character beyond the BMP, and a
// combining mark with nothing to combine with. KMS tags stay listed in byte order of their UTF-8
// keys, which for these keys is not JavaScript's (UTF-16) order.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCOPE, keyIdFor, newKey, put, version, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { ACCOUNT, createPolicy } from './iam-fixtures.js';

/** Each odd value, and one holding them all. */
const ODD = ['\u0000', 'a\u0000b', '\uffff', '😀', '\u0301', 'é\u0000\uffff😀\u0301\u0000'];

/** In byte order of their UTF-8 forms; UTF-16 order would put 😀 (D83D …) before U+FFFF. */
const TAG_KEYS = ['Z', 'a', 'a\u0000', 'a\u0000b', '\u0301', '\uffff', '😀'];

export function oddTextContract(open: OpenStore): void {
  describe('free text with U+0000 and other odd characters', () => {
    it('keeps a parameter version description and allowed pattern exactly, on create and on each next version', () =>
      withStore(open, async ({ parameters }) => {
        const name = '/odd';
        for (const [i, text] of ODD.entries()) {
          const pattern = `^${text}$`;
          const outcome = await parameters.put(SCOPE, {
            name, displayName: name, expectedLatest: i, tags: [], maxVersions: 100,
            version: version({ description: text, allowedPattern: pattern }),
          });
          assert.deepEqual(outcome, { outcome: 'written', version: i + 1 });
          const head = await parameters.get(SCOPE, name);
          assert.deepEqual([head?.latest.description, head?.latest.allowedPattern], [text, pattern]);
        }
        const history = await parameters.history(SCOPE, name, 0, 100);
        assert.deepEqual(history.map((v) => v.description), ODD);
        assert.deepEqual(history.map((v) => v.allowedPattern), ODD.map((text) => `^${text}$`));
        assert.equal((await parameters.getVersion(SCOPE, name, 2))?.description, 'a\u0000b');
        assert.equal((await parameters.label(SCOPE, name, 1, ['nul'], 10)).outcome, 'labelled');
        assert.equal((await parameters.getLabelled(SCOPE, name, 'nul'))?.description, '\u0000');
        assert.deepEqual((await parameters.list(SCOPE, { limit: 10 })).map((h) => h.latest.description), [ODD[ODD.length - 1]]);
      }));

    it('keeps a parameter version with no description and no pattern without either', () =>
      withStore(open, async ({ parameters }) => {
        await put(parameters, '/plain');
        const head = await parameters.get(SCOPE, '/plain');
        assert.deepEqual([head?.latest.description, head?.latest.allowedPattern], [null, null]);
      }));

    it("keeps a KMS key's description exactly, as created and as updated", () =>
      withStore(open, async ({ keys }) => {
        for (const [i, text] of ODD.entries()) {
          const key = newKey(keyIdFor(i));
          key.key = { ...key.key, description: text };
          assert.equal((await keys.create(SCOPE, key)).outcome, 'created');
          assert.equal((await keys.get(SCOPE, keyIdFor(i)))?.description, text);
        }
        assert.deepEqual((await keys.list(SCOPE, undefined, 100)).map((k) => k.description), ODD);
        assert.equal(await keys.update(SCOPE, keyIdFor(0), { description: 'x\u0000y' }), 'updated');
        assert.equal((await keys.get(SCOPE, keyIdFor(0)))?.description, 'x\u0000y');
        assert.equal(await keys.update(SCOPE, keyIdFor(1), { description: '' }), 'updated');
        assert.equal((await keys.get(SCOPE, keyIdFor(1)))?.description, '');
      }));

    it('keeps KMS tag keys and values exactly, lists them in byte order, and untags by them', () =>
      withStore(open, async ({ keys }) => {
        const key = keyIdFor(1);
        const tags = [...TAG_KEYS].reverse().map((tagKey, i) => ({ tagKey, tagValue: ODD[i % ODD.length] ?? '' }));
        assert.equal((await keys.create(SCOPE, newKey(key, undefined, tags.slice(0, 3)))).outcome, 'created');
        assert.equal(await keys.tag(SCOPE, key, tags.slice(3), 50), 'ok');
        const listed = await keys.tags(SCOPE, key);
        assert.deepEqual(listed?.map((t) => t.tagKey), TAG_KEYS);
        assert.deepEqual(listed, [...tags].sort((a, b) => Buffer.compare(Buffer.from(a.tagKey), Buffer.from(b.tagKey))));
        // 'a' and 'a\u0000' are two keys: overwriting one neither counts as new nor touches the other.
        assert.equal(await keys.tag(SCOPE, key, [{ tagKey: 'a\u0000', tagValue: '\u0000\u0000' }], TAG_KEYS.length), 'ok');
        assert.equal((await keys.tags(SCOPE, key))?.find((t) => t.tagKey === 'a\u0000')?.tagValue, '\u0000\u0000');
        assert.equal(await keys.tag(SCOPE, key, [{ tagKey: 'a\u0000\u0000', tagValue: '' }], TAG_KEYS.length), 'too-many');
        assert.equal(await keys.untag(SCOPE, key, ['a\u0000', '\uffff', 'absent\u0000']), 'ok');
        const left = await keys.tags(SCOPE, key);
        assert.deepEqual(left?.map((t) => t.tagKey), ['Z', 'a', 'a\u0000b', '\u0301', '😀']);
        assert.equal(left?.find((t) => t.tagKey === 'a')?.tagValue, tags.find((t) => t.tagKey === 'a')?.tagValue);
      }));

    it("keeps an IAM managed policy's description exactly", () =>
      withStore(open, async ({ policies }) => {
        const arns: string[] = [];
        for (const [i, text] of ODD.entries()) arns.push(await createPolicy(policies, `p${i}`, { description: text }));
        for (const [i, arn] of arns.entries()) assert.equal((await policies.getPolicy(ACCOUNT, arn))?.description, ODD[i]);
        assert.deepEqual((await policies.listPolicies(ACCOUNT, { limit: 100 })).items.map((p) => p.description), ODD);
        const plain = await createPolicy(policies, 'plain');
        assert.equal((await policies.getPolicy(ACCOUNT, plain))?.description, null);
      }));
  });
}
