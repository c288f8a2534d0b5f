import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeUtf8, hasLoneSurrogate, jsonHoldsLoneSurrogate } from './utf8.js';

describe('decodeUtf8', () => {
  it('decodes valid UTF-8, non-ASCII and astral characters included', () => {
    assert.equal(decodeUtf8(Buffer.from('蔵 ✓ 😀', 'utf8')), '蔵 ✓ 😀');
  });

  for (const [label, bytes] of [
    ['a lone continuation byte', [0x61, 0x80, 0x62]],
    ['0xFF', [0xff]],
    ['a truncated sequence', [0xe8, 0x94]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ] as const) {
    it(`refuses ${label}`, () => {
      assert.equal(decodeUtf8(Uint8Array.from(bytes)), undefined);
    });
  }
});

describe('hasLoneSurrogate', () => {
  it('accepts a surrogate pair and refuses either half alone', () => {
    assert.equal(hasLoneSurrogate('a😀b'), false);
    assert.equal(hasLoneSurrogate('a\ud800b'), true);
    assert.equal(hasLoneSurrogate('a\udc00'), true);
    assert.equal(hasLoneSurrogate('\ud800'), true);
    assert.equal(hasLoneSurrogate('\udc00\ud800'), true);
  });
});

describe('jsonHoldsLoneSurrogate', () => {
  const check = (text: string) => jsonHoldsLoneSurrogate(text, JSON.parse(text));

  it('finds a lone surrogate escape in a value, a nested value or a key', () => {
    assert.equal(check('{"Value":"\\ud800"}'), true);
    assert.equal(check('{"Tags":[{"Key":"k","Value":"x\\uDFFF"}]}'), true);
    assert.equal(check('{"EncryptionContext":{"\\udbff":"v"}}'), true);
  });

  it('accepts an escaped surrogate pair and text without escapes', () => {
    assert.equal(check('{"Value":"\\ud83d\\ude00"}'), false);
    assert.equal(check('{"Value":"蔵 ✓ 😀"}'), false);
  });

  it('walks a very deep or very long document without overflowing the stack', () => {
    const depth = 200_000;
    const deep = `${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}`;
    assert.equal(check(deep), true);
    const long = JSON.stringify(Array.from({ length: 300_000 }, () => 'x')).replace(/\]$/, ',"\\udc00"]');
    assert.equal(check(long), true);
  });
});
