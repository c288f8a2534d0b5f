// GetRandomPassword: every option, on the character classes of what comes out.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLASSES, generatePassword, includedClasses, type PasswordOptions } from './password.js';
import { getRandomPassword } from './get-random-password.js';
import { createHarness, rejectsWith } from './testing/context.js';

const BASE: PasswordOptions = {
  length: 32,
  excludeCharacters: '',
  excludeNumbers: false,
  excludePunctuation: false,
  excludeUppercase: false,
  excludeLowercase: false,
  includeSpace: false,
  requireEachIncludedType: true,
};

function password(options: Partial<PasswordOptions>): string {
  const outcome = generatePassword({ ...BASE, ...options });
  assert.ok('password' in outcome, JSON.stringify(outcome));
  return outcome.password;
}

const has = (text: string, set: string) => [...text].some((c) => set.includes(c));
const only = (text: string, allowed: string) => [...text].every((c) => allowed.includes(c));

describe('GetRandomPassword', () => {
  it('defaults to 32 characters of all four classes, no space, each class present', async () => {
    const h = createHarness();
    try {
      const out = await h.call('GetRandomPassword', {});
      const text = out['RandomPassword'] as string;
      assert.equal(text.length, 32);
      for (const set of [CLASSES.uppercase, CLASSES.lowercase, CLASSES.numbers, CLASSES.punctuation]) assert.ok(has(text, set), set);
      assert.ok(!text.includes(' '));
    } finally {
      await h.close();
    }
  });

  it('uses the 32 ASCII punctuation characters, no others', () => {
    assert.equal(CLASSES.punctuation.length, 32);
    for (let i = 0; i < 50; i += 1) assert.ok(only(password({ excludeUppercase: true, excludeLowercase: true, excludeNumbers: true }), CLASSES.punctuation));
  });

  it('excludes each class when asked, and the characters listed', () => {
    for (let i = 0; i < 50; i += 1) {
      assert.ok(!has(password({ excludeNumbers: true }), CLASSES.numbers));
      assert.ok(!has(password({ excludePunctuation: true }), CLASSES.punctuation));
      assert.ok(!has(password({ excludeUppercase: true }), CLASSES.uppercase));
      assert.ok(!has(password({ excludeLowercase: true }), CLASSES.lowercase));
      assert.ok(!has(password({ excludeCharacters: 'aeiouAEIOU0!' }), 'aeiouAEIOU0!'));
    }
  });

  it('includes the space only when asked, and then requires it', () => {
    for (let i = 0; i < 50; i += 1) assert.ok(password({ includeSpace: true, length: 5 }).includes(' '));
  });

  it('requires every included class even at the minimum length; without the rule, any mix', () => {
    for (let i = 0; i < 200; i += 1) {
      const text = password({ length: 4 });
      for (const set of [CLASSES.uppercase, CLASSES.lowercase, CLASSES.numbers, CLASSES.punctuation]) assert.ok(has(text, set), text);
    }
    assert.equal(password({ length: 1, requireEachIncludedType: false }).length, 1);
  });

  it('drops a class the exclusions empty, and refuses what cannot be met', async () => {
    assert.equal(includedClasses({ ...BASE, excludeCharacters: CLASSES.numbers }).length, 3);
    assert.deepEqual(generatePassword({ ...BASE, length: 3 }), { error: 'too-short' });
    assert.deepEqual(generatePassword({ ...BASE, excludeUppercase: true, excludeLowercase: true, excludeNumbers: true, excludePunctuation: true }), { error: 'no-characters' });
    const ctx = createHarness();
    try {
      await rejectsWith(getRandomPassword({ PasswordLength: 3 }, ctx.ctx), 'InvalidParameterException', 'Password length is too short based on the required types.');
    } finally {
      await ctx.close();
    }
  });

  it('spreads its choices (no class or position bias visible over many draws)', () => {
    const counts = new Map<string, number>();
    const draws = 2000;
    for (let i = 0; i < draws; i += 1) {
      const c = password({ length: 1, requireEachIncludedType: false, excludeUppercase: true, excludeLowercase: true, excludePunctuation: true });
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    assert.equal(counts.size, 10);
    for (const count of counts.values()) assert.ok(count > draws / 10 / 2 && count < (draws / 10) * 2, `${count}`);
  });
});
