// kill -9 under concurrent writes, a few cycles: every acknowledged write survives with its value,
// versions stay contiguous, acknowledged deletes stay deleted, writes in flight land whole or not at
// all, and PRAGMA integrity_check says ok (on PostgreSQL, KURA_E2E_STORE=postgres: no parameter is
// left half-written). The long run is `npm run crash-soak` (scripts/crash-soak.mjs).
// Repeat a run with KURA_CRASH_SEED=<the seed printed>.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { CrashRun, formatCycle, formatProblem } from './crash/crash-cycle.js';

const SEED = Number(process.env.KURA_CRASH_SEED ?? 20_260_610);
const CYCLES = 4;

describe('crash safety of kura serve', () => {
  test(`${CYCLES} SIGKILL cycles under 4 concurrent SDK writers (seed ${SEED})`, async (t) => {
    const run = await CrashRun.start({ seed: SEED, writers: 4, killAfterAcks: [20, 80], jitterMs: 25 });
    try {
      for (let i = 0; i < CYCLES; i += 1) t.diagnostic(formatCycle(await run.cycle(), CYCLES));
    } catch (error) {
      await run.abort();
      throw error;
    }
    const totals = await run.finish();
    t.diagnostic(`seed ${totals.seed}: ${totals.acknowledged} acknowledged writes, ${totals.unknown} without an answer, ${totals.problems.length} problems`);
    assert.deepEqual(totals.problems.map(formatProblem), [], `data directory kept: ${totals.dataDir}`);
    assert.deepEqual(totals.integrityFailures, []);
    // The kills must have landed while writing, and the writers must have done each kind of call.
    assert.ok(totals.puts > 50 && totals.deletes > 0, `${totals.puts} puts, ${totals.deletes} deletes`);
    assert.ok(totals.unknown > 0, 'some calls were in flight at a kill');
    assert.equal(totals.refused, 0, 'the server refused no write');
  });

  test('the check sees a loss: the oldest version removed from the store while the server is down is reported lost', async () => {
    const forget = (dataDir: string, storeUrl: string | undefined) => {
      if (storeUrl !== undefined) {
        const oldest = 'DELETE FROM parameter_versions WHERE ctid = (SELECT ctid FROM parameter_versions ORDER BY last_modified_date, parameter_id, version LIMIT 1)';
        const psql = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', oldest, storeUrl], { encoding: 'utf8', timeout: 30_000 });
        assert.equal(psql.status, 0, psql.stderr);
        return;
      }
      const db = new Database(path.join(dataDir, 'kura.db'));
      db.prepare('DELETE FROM parameter_versions WHERE rowid = (SELECT rowid FROM parameter_versions ORDER BY last_modified_date, rowid LIMIT 1)').run();
      db.close();
    };
    const run = await CrashRun.start({ seed: SEED, writers: 4, killAfterAcks: [20, 40], jitterMs: 0, afterKill: forget });
    try {
      const report = await run.cycle();
      assert.ok(report.verified.problems.some((p) => p.kind === 'lost'), report.verified.problems.map(formatProblem).join('\n') || 'no problem reported');
    } finally {
      await run.abort();
      rmSync(run.dataDir, { recursive: true, force: true });
    }
  });
});
