// Crash cycles against the built `kura serve`: concurrent writers, SIGKILL at a seeded random
// moment, the store checked (PRAGMA integrity_check; queries on PostgreSQL), a restart on the same
// data directory, and every acknowledged write read back through the SDK. Shared by
// test/e2e/crash-safety.test.ts (a few cycles in CI) and scripts/crash-soak.mjs (as many as asked).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SSMClient } from '@aws-sdk/client-ssm';
import { startKura, type RunningKura } from '../harness.js';
import { Ledger, type Problem } from './ledger.js';
import { Random } from '../fuzz/random.js';
import { checkIntegrity, verifyStore, type Integrity, type Verified } from './verify.js';
import { runWriters } from './writers.js';

export interface CrashRunOptions {
  seed: number;
  writers: number;
  /**
   * The kill lands once this many writes of the cycle were acknowledged (uniform in [min, max]), plus
   * a random delay of up to `jitterMs`: counted in writes rather than time, so that a slow or busy
   * machine still kills mid-stream and not before the first write.
   */
  killAfterAcks: readonly [number, number];
  jitterMs: number;
  /**
   * Runs on the store between the kill and the restart (the data directory, and the PostgreSQL URL when
   * the suite runs on PostgreSQL): how a test shows that a loss is seen.
   */
  afterKill?: (dataDir: string, storeUrl: string | undefined) => void;
}

/** A cycle whose writers stall this long is killed anyway (and the report shows how few acks it got). */
const STALL_MS = 30_000;

export interface CycleReport {
  cycle: number;
  /** When the kill landed, from the writers' start. */
  killAfterMs: number;
  /** Answered in this cycle: puts with a version, deletes. */
  puts: number;
  deletes: number;
  /** Without an answer (in flight at the kill): each may land, whole, or not at all. */
  unknown: number;
  /** Of those, the ones the restart showed had landed. */
  landed: number;
  /** Answered with an error (nothing written), by error name. */
  refusals: string[];
  /** The file as the kill left it. */
  integrity: Integrity;
  /** After the restart: everything acknowledged since the run began. */
  verified: Verified;
  milliseconds: number;
}

export interface RunTotals {
  seed: number;
  cycles: number;
  acknowledged: number;
  puts: number;
  deletes: number;
  unknown: number;
  landed: number;
  refused: number;
  problems: Problem[];
  /** Integrity results other than `ok` (one per cycle at most, and the final clean stop). */
  integrityFailures: string[];
  /** The data directory, kept when something was found (removed otherwise). */
  dataDir: string;
}

export class CrashRun {
  private readonly ledger = new Ledger();
  private readonly problems: Problem[] = [];
  private readonly integrityFailures: string[] = [];
  private readonly killPlan: Random;
  private cycles = 0;
  private refused = 0;

  private constructor(
    private readonly options: CrashRunOptions,
    readonly dataDir: string,
    private kura: RunningKura,
  ) {
    this.killPlan = new Random(options.seed, 0x6b696c6c);
  }

  /** Starts `kura serve` on a fresh data directory. */
  static async start(options: CrashRunOptions): Promise<CrashRun> {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kura-crash-'));
    return new CrashRun(options, dataDir, await startKura({ dataDir }));
  }

  /** One cycle: write, kill, check the file, restart, read everything back. */
  async cycle(): Promise<CycleReport> {
    const started = Date.now();
    const cycle = this.cycles;
    const before = { ...this.ledger.counts };
    const target = answered(before) + this.killPlan.int(this.options.killAfterAcks[0], this.options.killAfterAcks[1]);
    const jitter = this.killPlan.int(0, this.options.jitterMs);
    let killed = false;
    const writer = writerClient(this.kura);
    const writing = runWriters(writer, this.ledger, { seed: this.options.seed, cycle, writers: this.options.writers, stopped: () => killed });
    let writersDone = false;
    const markDone = () => (writersDone = true);
    // Rejections surface below, where `writing` is awaited.
    writing.then(markDone, markDone);
    while (answered(this.ledger.counts) < target && !writersDone && Date.now() - started < STALL_MS) await delay(1);
    await delay(jitter);
    const killAfterMs = Date.now() - started;
    const server = this.kura.process;
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`kura serve ended on its own (${server.exitCode ?? server.signalCode}) before the kill of cycle ${cycle + 1}: ${this.kura.stderr().slice(-2000)}`);
    }
    await this.kura.stop('SIGKILL');
    killed = true;
    const { refusals } = await writing;
    writer.destroy();

    const integrity = checkIntegrity(this.dataDir, this.kura.storeUrl);
    if (!isSound(integrity)) this.integrityFailures.push(`cycle ${cycle}: ${describeIntegrity(integrity)}`);
    this.options.afterKill?.(this.dataDir, this.kura.storeUrl);
    this.kura = await startKura({ dataDir: this.dataDir });
    const reader = readerClient(this.kura);
    let verified: Verified;
    try {
      verified = await verifyStore(reader, this.ledger);
    } finally {
      reader.destroy();
    }
    this.problems.push(...verified.problems);
    this.cycles += 1;
    this.refused += refusals.length;
    const after = this.ledger.counts;
    return {
      cycle,
      killAfterMs,
      puts: after.puts - before.puts,
      deletes: after.deletes - before.deletes,
      unknown: after.unknown - before.unknown,
      landed: after.landed - before.landed,
      refusals,
      integrity,
      verified,
      milliseconds: Date.now() - started,
    };
  }

  /** Stops the server cleanly, checks the file once more, and removes the data directory if all was well. */
  async finish(): Promise<RunTotals> {
    await this.kura.stop('SIGTERM');
    const integrity = checkIntegrity(this.dataDir, this.kura.storeUrl);
    if (!isSound(integrity)) this.integrityFailures.push(`after a clean stop: ${describeIntegrity(integrity)}`);
    const totals = this.totals();
    if (totals.problems.length === 0 && totals.integrityFailures.length === 0) rmSync(this.dataDir, { recursive: true, force: true });
    return totals;
  }

  /** After a failure: the server is killed and the data directory kept for a look. */
  async abort(): Promise<void> {
    await this.kura.stop('SIGKILL');
  }

  totals(): RunTotals {
    const { puts, deletes, unknown, landed } = this.ledger.counts;
    return {
      seed: this.options.seed,
      cycles: this.cycles,
      acknowledged: puts + deletes,
      puts,
      deletes,
      unknown,
      landed,
      refused: this.refused,
      problems: [...this.problems],
      integrityFailures: [...this.integrityFailures],
      dataDir: this.dataDir,
    };
  }
}

/** One attempt per call: a retry could land a write twice, and the kill is the only failure expected. */
function writerClient(kura: RunningKura): SSMClient {
  return new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials, maxAttempts: 1, requestHandler: { requestTimeout: 10_000 } });
}

function readerClient(kura: RunningKura): SSMClient {
  return new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials, requestHandler: { requestTimeout: 30_000 } });
}

function answered(counts: { puts: number; deletes: number }): number {
  return counts.puts + counts.deletes;
}

export function isSound(integrity: Integrity): boolean {
  return integrity.result === 'ok' && integrity.foreignKeyViolations === 0;
}

function describeIntegrity(integrity: Integrity): string {
  return integrity.foreignKeyViolations > 0 ? `${integrity.result}, ${integrity.foreignKeyViolations} foreign key violations` : integrity.result;
}

/** One line per cycle, names and counts only. */
export function formatCycle(report: CycleReport, of?: number): string {
  const refused = report.refusals.length > 0 ? `, ${report.refusals.length} refused (${[...new Set(report.refusals)].join(', ')})` : '';
  const integrity = isSound(report.integrity) ? `integrity ok (${report.integrity.how})` : `INTEGRITY ${describeIntegrity(report.integrity)}`;
  const losses = report.verified.problems.length === 0 ? '0 losses' : `${report.verified.problems.length} PROBLEMS`;
  return (
    `cycle ${report.cycle + 1}${of ? `/${of}` : ''}: killed after ${report.killAfterMs} ms; ` +
    `${report.puts + report.deletes} acknowledged (${report.puts} puts, ${report.deletes} deletes), ` +
    `${report.unknown} without an answer (${report.landed} landed)${refused}; ${integrity}; ` +
    `restarted: ${report.verified.listed} listed, ${report.verified.names} histories and ${report.verified.versions} versions read back: ${losses} (${report.milliseconds} ms)`
  );
}

export function formatProblem(problem: Problem): string {
  return `${problem.kind}: ${problem.name}: ${problem.detail}`;
}
