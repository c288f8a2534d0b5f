// A small kill -9 loop: a writer process is killed with SIGKILL mid-stream, repeatedly; every
// write it acknowledged must survive, versions must stay contiguous, and the file must stay sound.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SCOPE, text } from '../testing/contract/fixtures.js';
import { openSqliteStore } from './index.js';

const storeModule = fileURLToPath(new URL('./index.ts', import.meta.url));
const NAMES = ['/crash/a', '/crash/b', '/crash/c', '/crash/d'];

// The child: concurrent writers, each overwriting its own name in a loop and printing an ack line
// only after the put's promise (its commit) resolved.
const CHILD = `
const { openSqliteStore } = await import(${JSON.stringify(storeModule)});
const store = openSqliteStore({ path: process.argv[1] });
const scope = ${JSON.stringify(SCOPE)};
const writer = async (name) => {
  for (;;) {
    const latest = (await store.parameters.get(scope, name))?.latest.version ?? 0;
    const value = name + '@' + (latest + 1);
    const outcome = await store.parameters.put(scope, {
      name, displayName: name, expectedLatest: latest, tags: [], maxVersions: 100000,
      version: { type: 'String', value: Buffer.from(value), keyId: null, description: null, allowedPattern: null,
        dataType: 'text', tier: 'Standard', policies: null, lastModifiedDate: new Date(), lastModifiedUser: 'crash' },
    });
    if (outcome.outcome === 'written') process.stdout.write('ack ' + name + ' ' + outcome.version + ' ' + value + '\\n');
  }
};
${JSON.stringify(NAMES)}.forEach((name) => writer(name));
`;

/** Runs the child until it has acknowledged `acks` writes, then kills it; returns what it acked. */
async function writeAndKill(path: string, acks: number): Promise<Map<string, Map<number, string>>> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked = new Map<string, Map<number, string>>();
  let count = 0;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: child.stdout })) {
    const [, name, version, value] = line.split(' ');
    if (name === undefined || version === undefined || value === undefined) continue;
    if (!acked.has(name)) acked.set(name, new Map());
    acked.get(name)?.set(Number(version), value);
    if (++count === acks) child.kill('SIGKILL');
  }
  assert.equal(await exited, 'SIGKILL', 'the child ran until killed');
  return acked;
}

describe('sqlite store under SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kura-crash-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged write and contiguous versions across kills', async () => {
    const path = join(dir, 'crash.db');
    for (let round = 0; round < 3; round++) {
      const acked = await writeAndKill(path, 150 + round * 50);
      const db = new Database(path);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.deepEqual(db.pragma('foreign_key_check'), []);
      db.close();
      const store = openSqliteStore({ path });
      for (const name of NAMES) {
        const history = await store.parameters.history(SCOPE, name, 0, 100_000);
        assert.deepEqual(history.map((v) => v.version), history.map((_, i) => i + 1), `${name}: versions 1..n`);
        const stored = new Map(history.map((v) => [v.version, text(v.value)]));
        for (const [version, value] of acked.get(name) ?? []) assert.equal(stored.get(version), value, `${name} v${version} acked`);
        assert.equal((await store.parameters.get(SCOPE, name))?.latest.version ?? 0, history.length);
      }
      await store.close();
    }
  });
});
