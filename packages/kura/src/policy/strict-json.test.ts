// The strict JSON reader: same values as JSON.parse for valid JSON, but duplicates, deep nesting
// and anything JSON.parse would refuse are refused.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonNumber, JsonSyntaxError, parseStrictJson, type JsonValue } from './strict-json.js';

/** Back to plain JS values, to compare with JSON.parse. */
function plain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return Number(value.raw);
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) Object.defineProperty(out, k, { value: plain(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

describe('parseStrictJson', () => {
  it('reads what JSON.parse reads, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        assert.deepStrictEqual(plain(parseStrictJson(text)), JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses whatever JSON.parse refuses', () => {
    const pieces = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '"', '1', '-', '0.', 'true', 'nul', ' ', '\\', '\n', 'x', '\u0001');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        let native = true;
        try {
          JSON.parse(text);
        } catch {
          native = false;
        }
        let strict = true;
        try {
          parseStrictJson(text);
        } catch (error) {
          assert.ok(error instanceof JsonSyntaxError);
          strict = false;
        }
        if (!native) assert.equal(strict, false, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses duplicate keys, even with different escapes of the same name', () => {
    assert.throws(() => parseStrictJson('{"a":1,"a":2}'), JsonSyntaxError);
    assert.throws(() => parseStrictJson('{"a":1,"\\u0061":2}'), JsonSyntaxError);
    assert.throws(() => parseStrictJson('{"x":{"Effect":"Deny","Effect":"Allow"}}'), JsonSyntaxError);
  });

  it('refuses nesting beyond the limit', () => {
    assert.throws(() => parseStrictJson('['.repeat(17) + ']'.repeat(17)), JsonSyntaxError);
    assert.equal(Array.isArray(parseStrictJson('['.repeat(16) + ']'.repeat(16))), true);
  });

  it('keeps numbers as written and "__proto__" as an ordinary key', () => {
    const value = parseStrictJson('{"__proto__":{"n":1.50},"e":-1E+3}');
    assert.ok(value instanceof Map);
    const proto = value.get('__proto__');
    assert.ok(proto instanceof Map);
    assert.deepEqual([(proto.get('n') as JsonNumber).raw, (value.get('e') as JsonNumber).raw], ['1.50', '-1E+3']);
    assert.equal(({} as Record<string, unknown>)['n'], undefined);
  });

  it('refuses a leading byte-order mark, leading zeros and raw control characters', () => {
    for (const text of ['\uFEFF{}', '01', '"a\tb"', '{"a":1,}', '[1,]', "'a'", 'NaN']) {
      assert.throws(() => parseStrictJson(text), JsonSyntaxError, JSON.stringify(text));
    }
  });
});
