import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJson, positionAt } from './json-syntax.js';

const error = (text: string) => {
  const parsed = parseJson(text);
  assert.equal(parsed.ok, false, `expected ${JSON.stringify(text)} to be refused`);
  return parsed.ok ? undefined : parsed.error;
};

describe('parseJson', () => {
  test('reads what JSON.parse reads, to the same value', () => {
    for (const text of ['{}', '[]', '0', '-1.5e+3', '"a\\u00e9\\n"', 'true', 'null', ' {"a": [1, {"b": false}], "c": "d"} ', '"\\/\\"\\\\"']) {
      const parsed = parseJson(text);
      assert.ok(parsed.ok, text);
      assert.deepEqual(parsed.value, JSON.parse(text));
    }
  });

  test('gives the line and column of a missing comma', () => {
    const text = '{\n  "Version": "2012-10-17"\n  "Statement": []\n}';
    assert.deepEqual(error(text), { message: "Expected ',' or '}' but found '\"'", offset: 30, line: 3, column: 3 });
  });

  test('names a trailing comma in an object and in an array', () => {
    assert.match(error('{"a": 1,\n}')?.message ?? '', /trailing comma/);
    assert.deepEqual(error('{"a": 1,\n}')?.line, 2);
    assert.match(error('[1, 2,]')?.message ?? '', /trailing comma/);
    assert.equal(error('[1, 2,]')?.column, 7);
  });

  test('refuses a duplicate key, pointing at the second one', () => {
    const e = error('{"Effect": "Allow",\n "Effect": "Deny"}');
    assert.equal(e?.message, 'Duplicate key "Effect"');
    assert.deepEqual([e?.line, e?.column], [2, 2]);
  });

  test('says which object is not closed', () => {
    const e = error('{\n"a": {"b": 1}\n');
    assert.equal(e?.message, "The object opened at line 1 is not closed: expected '}'");
    assert.equal(e?.line, 3);
  });

  test('refuses single quotes, bare words, unquoted keys, control characters and bad escapes', () => {
    assert.equal(error("{'a': 1}")?.message, "Expected a key in double quotes but found '''");
    assert.match(error('{"a": Allow}')?.message ?? '', /^Expected a value/);
    assert.equal(error('{a: 1}')?.column, 2);
    assert.match(error('"a\nb"')?.message ?? '', /line break/);
    assert.match(error('"\\x"')?.message ?? '', /Invalid escape/);
    assert.match(error('"\\u12"')?.message ?? '', /\\u escape/);
    assert.match(error('"abc')?.message ?? '', /not closed/);
  });

  test('refuses text after the value, and an empty text', () => {
    assert.equal(error('{} {}')?.message, "Unexpected '{' after the end of the JSON value");
    assert.equal(error('')?.message, 'Expected a value (a string, number, object, array, true, false or null) but found the end of the text');
    assert.match(error('01')?.message ?? '', /after the end/);
  });

  test('keeps "__proto__" as a key, not as the prototype', () => {
    const parsed = parseJson('{"__proto__": {"x": 1}}');
    assert.ok(parsed.ok);
    const value = parsed.value as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal((value as { x?: unknown }).x, undefined);
  });

  test('records where each value starts, by path', () => {
    const parsed = parseJson('{"S": [{"E": "A"}]}');
    assert.ok(parsed.ok);
    assert.equal(parsed.positions.get(''), 0);
    assert.equal(parsed.positions.get('S.0'), 7);
    assert.equal(parsed.positions.get('S.0.E'), 13);
  });

  test('positionAt counts lines and columns from 1', () => {
    assert.deepEqual(positionAt('ab\ncd', 4), { offset: 4, line: 2, column: 2 });
    assert.deepEqual(positionAt('ab', 0), { offset: 0, line: 1, column: 1 });
  });
});
