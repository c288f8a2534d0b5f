import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { jsonFields } from './json-fields.js';

describe('the fields of a JSON object secret', () => {
  test('strings are their characters; every other value is its JSON text exactly as written', () => {
    const text = '{ "username" : "app", "port": 3306 ,"ratio":1.10,"big":12345678901234567890,"on":true,"tls":{"ca" : "x,}"},"hosts":["a","b"],"none":null,"q":"say \\"hi\\", \\u00e9\\\\"}';
    assert.deepEqual(jsonFields(text), {
      kind: 'object',
      fields: [
        { key: 'username', value: 'app' },
        { key: 'port', value: '3306' },
        { key: 'ratio', value: '1.10' },
        { key: 'big', value: '12345678901234567890' },
        { key: 'on', value: 'true' },
        { key: 'tls', value: '{"ca" : "x,}"}' },
        { key: 'hosts', value: '["a","b"]' },
        { key: 'none', value: undefined },
        { key: 'q', value: 'say "hi", é\\' },
      ],
    });
  });

  test('whitespace around the object and the values, an empty object, escaped keys', () => {
    assert.deepEqual(jsonFields('\n {\n\t"a\\"b" :\r\n "v" \n}\n'), { kind: 'object', fields: [{ key: 'a"b', value: 'v' }] });
    assert.deepEqual(jsonFields(' {} '), { kind: 'object', fields: [] });
  });

  test('a key given twice is reported (JSON.parse would silently keep the last)', () => {
    assert.deepEqual(jsonFields('{"a":"1","b":"2","a":"3"}'), { kind: 'object', fields: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'a', value: '3' }], duplicate: 'a' });
  });

  test('anything but an object is not-object, and nothing of the text comes back', () => {
    for (const text of ['', 'hunter2', '"a string"', '[1,2]', 'null', '42', '{"a":1', '{"a":1}x', '{\'a\':1}']) assert.deepEqual(jsonFields(text), { kind: 'not-object' }, text);
  });

  test('for any object JSON.stringify writes, the fields read back as parsed, strings raw and others as JSON', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string(), value), { selector: ([key]) => key, maxLength: 8 }), fc.boolean(), (entries, pretty) => {
        const object = Object.fromEntries(entries);
        const text = JSON.stringify(object, null, pretty ? 2 : undefined);
        const parsed = jsonFields(text);
        assert.equal(parsed.kind, 'object');
        if (parsed.kind !== 'object') return;
        assert.equal(parsed.duplicate, undefined);
        const parsedObject = JSON.parse(text) as Record<string, unknown>;
        // Object.entries orders integer-like keys first; the scanner keeps the text's order.
        assert.deepEqual(parsed.fields.map((f) => f.key).sort(), Object.keys(parsedObject).sort());
        for (const { key, value: got } of parsed.fields) {
          const want = parsedObject[key];
          if (want === null) assert.equal(got, undefined, key);
          else if (typeof want === 'string') assert.equal(got, want, key);
          else assert.deepEqual(JSON.parse(got ?? ''), want, key);
        }
      }),
    );
  });
});
