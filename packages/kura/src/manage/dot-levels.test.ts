import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeDocument } from './documents.js';
import { dotLevels, dotLevelWarnings, refuseDotLevels, resolvedReading } from './dot-levels.js';
import { CommandError } from './errors.js';

const SNEAKY = '/goecssample/../prod/db/password';

describe('names with . and .. levels', () => {
  it('finds the levels paths and URLs would resolve or collapse, and nothing else', () => {
    assert.deepEqual(dotLevels(SNEAKY), ['..']);
    assert.deepEqual(dotLevels('/a/./b'), ['.']);
    assert.deepEqual(dotLevels('/..'), ['..']);
    assert.deepEqual(dotLevels('..'), ['..']);
    assert.deepEqual(dotLevels('/a//b'), ['']);
    assert.deepEqual(dotLevels('/a/../../b/.'), ['..', '..', '.']);
    for (const plain of ['/a..b', '/a/...', '/a/.hidden', '/a/b.', 'a.b', '/goecssample/db/password', 'plain']) {
      assert.deepEqual(dotLevels(plain), [], plain);
    }
  });

  it('says what a resolving reader would take the name for', () => {
    assert.equal(resolvedReading(SNEAKY), '/prod/db/password');
    assert.equal(resolvedReading('/a/./b'), '/a/b');
    assert.equal(resolvedReading('/..'), '/');
    assert.equal(resolvedReading('/a/../../b'), '/b');
  });

  it('warns once per such name, quoting it and naming the parameter it is not', () => {
    assert.equal(
      dotLevelWarnings('ls', ['/goecssample/db/host', SNEAKY, '/a/./b', '/x/.././y']),
      [
        "kura ls: warning: '/goecssample/../prod/db/password' has a '..' level, which Parameter Store keeps as part of the name: it is not /prod/db/password\n",
        "kura ls: warning: '/a/./b' has a '.' level, which Parameter Store keeps as part of the name: it is not /a/b\n",
        "kura ls: warning: '/x/.././y' has '..' and '.' levels, which Parameter Store keeps as part of the name: it is not /y\n",
      ].join(''),
    );
    assert.equal(dotLevelWarnings('tree', ['/a//b']), "kura tree: warning: '/a//b' has an empty level, which Parameter Store keeps as part of the name: it is not /a/b\n");
    assert.equal(dotLevelWarnings('ls', ['/a..b', '/goecssample/db/host']), '');
  });

  it('makes export refuse such names, one or many, and lets ordinary names through', () => {
    assert.throws(
      () => refuseDotLevels(['/goecssample/db/host', SNEAKY]),
      (error: Error) =>
        error instanceof CommandError &&
        error.message ===
          "/goecssample/../prod/db/password has a '..' level, which Parameter Store keeps as part of the name (it is not /prod/db/password); readers of the file may resolve it: pass --allow-dot-levels to export it as written",
    );
    assert.throws(
      () => refuseDotLevels(['/p/./a', '/p/../b', '/p/../c', '/p/../d']),
      (error: Error) =>
        error.message ===
          "4 parameters have '.', '..' or empty levels, which Parameter Store keeps as part of the name (/p/./a, /p/../b, /p/../c, and 1 more); readers of the file may resolve them: pass --allow-dot-levels to export them as written",
    );
    assert.doesNotThrow(() => refuseDotLevels(['/goecssample/db/host', '/goecssample/a..b']));
  });

  it('with --allow-dot-levels, the export carries the level as written: never the /prod key', () => {
    const entries = [
      { name: SNEAKY, value: 'x' },
      { name: '/goecssample/db/host', value: 'h' },
    ];
    assert.equal(serializeDocument(entries, 'json', '/goecssample'), `${JSON.stringify({ '..': { prod: { db: { password: 'x' } } }, db: { host: 'h' } }, null, 2)}\n`);
    assert.equal(serializeDocument(entries, 'dotenv', '/goecssample'), '___prod_db_password=x\ndb_host=h\n');
  });
});
