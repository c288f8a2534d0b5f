// The SQLite module survives the garbage collector freeing statements while the process runs.
// better-sqlite3 12 (a raw node::ObjectWrap) aborted Node 24 there: the statement's destructor asks
// for the current Environment, which a collection outside any context does not have
// ("Assertion failed: (env) != nullptr", SIGABRT within the first collection). Version 13 is built on
// Node-API and does not. Run in a child process, since the failure is an abort.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');

describe('better-sqlite3 under the garbage collector', () => {
  test('10,000 statements prepared and dropped across timer ticks: the process runs to its end', () => {
    const script = `
const Database = require(${JSON.stringify(betterSqlite3)});
const db = new Database(':memory:');
let rounds = 0;
const timer = setInterval(() => {
  for (let i = 0; i < 2000; i++) db.prepare('select ' + (i + rounds * 2000)).get();
  if (++rounds === 5) { clearInterval(timer); db.close(); process.stdout.write('done'); }
}, 1);`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.deepEqual([result.status, result.signal, result.stdout], [0, null, 'done'], result.stderr.split('\n').slice(0, 3).join('\n'));
  });
});
