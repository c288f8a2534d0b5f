import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonKeyValue } from './json-key.js';

const DB = '{ "username": "app", "port" : 3306, "ratio": 1.10, "big": 12345678901234567890, "tls": {"ca": "x,}"}, "q": "a\\"b\\\\", "none": null }';

describe('one key of a JSON object secret', () => {
  it('prints a string as its characters and any other value as its JSON text, as written', () => {
    assert.deepEqual(
      ['username', 'port', 'ratio', 'big', 'tls', 'q'].map((key) => jsonKeyValue(DB, key, 'app/db')),
      ['app', '3306', '1.10', '12345678901234567890', '{"ca": "x,}"}', 'a"b\\'],
    );
  });

  it('refuses, naming the key and never quoting the secret: not an object, a missing key, null, a key twice', () => {
    const cases: Array<[string, string, string]> = [
      ['hunter2', 'password', "app/db is not a JSON object, so its key 'password' cannot be read"],
      ['["hunter2"]', 'password', "app/db is not a JSON object, so its key 'password' cannot be read"],
      [DB, 'pasword', "app/db has no key 'pasword'"],
      [DB, 'none', "the key 'none' of app/db is null"],
      ['{"password":"hunter2","password":"other"}', 'password', "app/db holds the key 'password' more than once, so which value it means is unclear"],
    ];
    for (const [text, key, message] of cases) assert.throws(() => jsonKeyValue(text, key, 'app/db'), { name: 'CommandError', message });
  });
});
