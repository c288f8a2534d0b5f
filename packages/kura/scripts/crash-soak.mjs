#!/usr/bin/env node
// `npm run crash-soak -- [options]`: the long run of test/e2e/crash-safety.test.ts. Concurrent SDK
// writers against the built `kura serve`, SIGKILL at a seeded random moment, PRAGMA integrity_check
// on what the kill left, a restart on the same data directory and every acknowledged write read back;
// as many cycles as asked. Prints one line per cycle and a summary; exits 1 on any loss, problem or
// failed integrity check (the data directory is then kept for a look), 2 on a bad option.
//
//   node packages/kura/scripts/crash-soak.mjs --cycles 30 --seed 12345 --writers 4

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const HELP = `Usage: crash-soak [--cycles N] [--seed S] [--writers W] [--acks MIN-MAX] [--jitter MS]

  --cycles N       kill/restart cycles (default 30)
  --seed S         seed of the plan: operations, values, kill moments (default: a fresh one, printed)
  --writers W      concurrent SDK writers (default 4)
  --acks MIN-MAX   kill once this many writes of the cycle were acknowledged (default 50-400)
  --jitter MS      then wait up to this long more before the kill (default 50)
`;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function fail(message) {
  process.stderr.write(`crash-soak: ${message}\n`);
  process.exit(2);
}

function integer(name, text, min) {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) fail(`--${name} expects an integer >= ${min}, got '${text}'`);
  return value;
}

let args;
try {
  args = parseArgs({
    options: {
      cycles: { type: 'string', default: '30' },
      seed: { type: 'string' },
      writers: { type: 'string', default: '4' },
      acks: { type: 'string', default: '50-400' },
      jitter: { type: 'string', default: '50' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  fail(`${error.message}\n\n${HELP}`);
}
if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const acks = /^(\d+)-(\d+)$/.exec(args.acks);
if (!acks || Number(acks[1]) < 1 || Number(acks[1]) > Number(acks[2])) fail(`--acks expects MIN-MAX with 1 <= MIN <= MAX, got '${args.acks}'`);
if (!existsSync(path.join(root, 'bin/kura.js')) || !existsSync(path.join(root, 'dist'))) fail('kura is not built: run `npm run build` first');

const { CrashRun, formatCycle, formatProblem } = await tsImport('../test/e2e/crash/crash-cycle.ts', import.meta.url);
const { randomSeed } = await tsImport('../test/e2e/fuzz/random.ts', import.meta.url);

const cycles = integer('cycles', args.cycles, 1);
const seed = args.seed === undefined ? randomSeed() : integer('seed', args.seed, 0);
const writers = integer('writers', args.writers, 1);
const options = { seed, writers, killAfterAcks: [Number(acks[1]), Number(acks[2])], jitterMs: integer('jitter', args.jitter, 0) };

console.log(`crash-soak: ${cycles} cycles, ${writers} writers, kill after ${args.acks} acknowledged writes + up to ${options.jitterMs} ms; seed ${seed} (repeat with --seed ${seed})`);
const started = Date.now();
const run = await CrashRun.start(options);

let integrityChecks = 0;
try {
  for (let i = 0; i < cycles; i += 1) {
    const report = await run.cycle();
    integrityChecks += 1;
    console.log(formatCycle(report, cycles));
    for (const problem of report.verified.problems) console.log(`  ${formatProblem(problem)}`);
  }
} catch (error) {
  await run.abort();
  console.log(`crash-soak: the run broke off: ${error instanceof Error ? error.message : String(error)}`);
  console.log(`crash-soak: data directory kept: ${run.dataDir}`);
  summarise(run.totals(), integrityChecks);
  process.exit(1);
}
const totals = await run.finish();
integrityChecks += 1;
summarise(totals, integrityChecks);
process.exit(totals.problems.length > 0 || totals.integrityFailures.length > 0 ? 1 : 0);

function summarise(totals, checks) {
  const LOSSES = new Set(['lost', 'changed', 'resurrected']);
  const losses = totals.problems.filter((p) => LOSSES.has(p.kind)).length;
  const others = totals.problems.length - losses;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log('');
  console.log(`seed:                    ${totals.seed}`);
  console.log(`cycles (kill -9):        ${totals.cycles}`);
  console.log(`acknowledged writes:     ${totals.acknowledged} (${totals.puts} puts, ${totals.deletes} deletes)`);
  console.log(`without an answer:       ${totals.unknown} (in flight at a kill; ${totals.landed} of them landed, whole)`);
  console.log(`refused by the server:   ${totals.refused}`);
  console.log(`losses:                  ${losses} (acknowledged writes missing or changed, acknowledged deletes undone)`);
  console.log(`other problems:          ${others} (torn values, version gaps, listing/history disagreements)`);
  console.log(`integrity checks:        ${checks}, ${totals.integrityFailures.length === 0 ? 'all ok' : `${totals.integrityFailures.length} failed`}`);
  for (const failure of totals.integrityFailures) console.log(`  ${failure}`);
  if (totals.problems.length > 0 || totals.integrityFailures.length > 0) console.log(`data directory kept:     ${totals.dataDir}`);
  console.log(`elapsed:                 ${seconds} s`);
}
