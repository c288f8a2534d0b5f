// Where `kura serve` takes its master key from when it is told twice: the explicit --master-key-file
// wins over KURA_MASTER_KEY, proved by the key that decrypts the data afterwards. Neither key is ever
// printed, logged or written into the data directory, and a refusal names the source, not the key.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsCli, awsCliJson, kuraBin, startKura } from './harness.js';

const FLAG_KEY = Buffer.alloc(32, 0xa1);
const ENV_KEY = Buffer.alloc(32, 0xb2);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Fails if any text holds a key as base64 or hex. */
function assertNoKeyIn(texts: Array<{ where: string; text: Buffer | string }>) {
  for (const { where, text } of texts) {
    const bytes = Buffer.from(text);
    for (const key of [FLAG_KEY, ENV_KEY]) {
      for (const form of [key.toString('base64'), key.toString('hex')]) assert.ok(!bytes.includes(form), `${where} holds a master key`);
    }
  }
}

describe('kura serve: --master-key-file wins over KURA_MASTER_KEY', () => {
  let work: string;
  let keyFile: string;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'kura-mk-e2e-'));
    keyFile = path.join(work, 'flag.key');
    writeFileSync(keyFile, `${FLAG_KEY.toString('base64')}\n`, { mode: 0o600 });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('given both, the data is encrypted under the file key, and no key is printed or stored', async () => {
    const dataDir = path.join(work, 'data');
    const both = await startKura({ args: ['--master-key-file', keyFile, '--log-level', 'debug'], env: { KURA_MASTER_KEY: ENV_KEY.toString('base64') }, dataDir });
    await awsCli(both, ['ssm', 'put-parameter', '--name', '/mk/secret', '--type', 'SecureString', '--value', 'under-the-flag-key']);
    assert.deepEqual(await both.stop(), { code: 0, signal: null });

    // Only the file's key opens what that server wrote.
    const flagOnly = await startKura({ env: { KURA_MASTER_KEY: FLAG_KEY.toString('base64') }, dataDir });
    const read = await awsCliJson<{ Parameter: { Value: string } }>(flagOnly, ['ssm', 'get-parameter', '--name', '/mk/secret', '--with-decryption']);
    assert.equal(read.Parameter.Value, 'under-the-flag-key');
    await flagOnly.stop();

    assert.ok(!filesUnder(dataDir).some((f) => path.basename(f) === 'master.key'), 'no key is created in the data directory');
    assertNoKeyIn([
      ...filesUnder(dataDir).map((f) => ({ where: f, text: readFileSync(f) })),
      { where: 'stdout', text: both.stdout() + flagOnly.stdout() },
      { where: 'stderr', text: both.stderr() + flagOnly.stderr() },
    ]);
  });

  test('refusals name where the key came from, never the key', () => {
    const shortFile = path.join(work, 'short.key');
    writeFileSync(shortFile, FLAG_KEY.subarray(0, 31).toString('base64'));
    const serve = (args: string[], env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [kuraBin, 'serve', '--port', '0', '--data', path.join(work, 'refused'), ...args], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        encoding: 'utf8',
        timeout: 15_000,
      });
    const cases = [
      { args: ['--master-key-file', shortFile], env: { KURA_MASTER_KEY: ENV_KEY.toString('base64') }, stderr: `kura serve: ${shortFile} must hold 32 bytes (256 bits) encoded in base64\n` },
      { args: [], env: { KURA_MASTER_KEY: ENV_KEY.subarray(0, 31).toString('base64') }, stderr: 'kura serve: KURA_MASTER_KEY must hold 32 bytes (256 bits) encoded in base64\n' },
      { args: ['--master-key-file', path.join(work, 'missing.key')], env: { KURA_MASTER_KEY: ENV_KEY.toString('base64') }, stderr: `kura serve: --master-key-file ${path.join(work, 'missing.key')} does not exist\n` },
    ];
    for (const { args, env, stderr } of cases) {
      const refused = serve(args, env);
      assert.deepEqual([refused.status, refused.stderr], [2, stderr]);
      assertNoKeyIn([{ where: 'stdout', text: refused.stdout }]);
    }
  });
});
