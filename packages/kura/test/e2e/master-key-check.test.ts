// A server started on a store with another master key than the one it was written with refuses to
// start, says why in one line, and writes nothing: before the check, a wrong key meant a server that
// ran and failed on the first SecureString or on every administrator request.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsCli, awsCliJson, kuraBin, startKura } from './harness.js';
import { storeArgs, storeFingerprint } from './store.js';

const KEY_A = Buffer.alloc(32, 0x1a).toString('base64');
const KEY_B = Buffer.alloc(32, 0x2b).toString('base64');

describe('kura serve: the master key check', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'kura-keycheck-e2e-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('another master key is refused before anything is written; the right one still serves', async () => {
    const dataDir = path.join(work, 'data');
    const first = await startKura({ env: { KURA_MASTER_KEY: KEY_A }, dataDir });
    await awsCli(first, ['ssm', 'put-parameter', '--name', '/kc/secret', '--type', 'SecureString', '--value', 'under-key-a']);
    await first.stop();

    const before = await storeFingerprint(dataDir);
    const refused = spawnSync(process.execPath, [kuraBin, 'serve', '--port', '0', '--data', dataDir, ...(await storeArgs(dataDir))], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, KURA_MASTER_KEY: KEY_B },
      encoding: 'utf8',
      timeout: 15_000,
    });
    assert.equal(refused.status, 1);
    assert.equal(
      refused.stderr,
      "kura serve: this server's master key is not the one the data store was written with: every server on one store, and every restart, " +
        'must use the same master key (KURA_MASTER_KEY or --master-key-file). Nothing was written.\n',
    );
    assert.ok(!refused.stdout.includes(KEY_B) && !refused.stderr.includes(KEY_B));
    assert.equal(await storeFingerprint(dataDir), before, 'the store is untouched');

    const again = await startKura({ env: { KURA_MASTER_KEY: KEY_A }, dataDir });
    const read = await awsCliJson<{ Parameter: { Value: string } }>(again, ['ssm', 'get-parameter', '--name', '/kc/secret', '--with-decryption']);
    assert.equal(read.Parameter.Value, 'under-key-a');
    await again.stop();
  });
});
