// Renders bench/RESULTS.md from the measurements run.mjs collected.
import { postgresSection } from './pg-report.mjs';

export const TARGET_RATIO = 10;

const fmtRate = (x) => (Number.isFinite(x) ? (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)) : '–');
const fmtMs = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : '–');
const fmtCpu = (us) => (Number.isFinite(us) ? (us >= 10000 ? `${(us / 1000).toFixed(0)} ms` : us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(0)} µs`) : '–');
const fmtForeign = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
export const NOISY_CPU = 0.15; // other processes using more than this many CPUs during a run
// bench/pg-drivers.mjs --record writes its section between these markers; run.mjs carries it over.
export const DRIVERS_START = '<!-- pg-drivers:start -->';
export const DRIVERS_END = '<!-- pg-drivers:end -->';

const fmtRatio = (x) => (Number.isFinite(x) ? `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}×` : '–');

function verdict(row) {
  const broken = ['kura', 'moto'].filter((t) => row[t] && !row[t].valid);
  if (!row.kura) return 'not measured (Kura did not run)';
  if (!row.moto) return 'no ratio (moto did not run)';
  if (broken.length) return `**invalid**: ${broken.map((t) => (t === 'kura' ? 'Kura' : 'moto')).join(' and ')} answered errors (see below)`;
  const ratio = row.kura.rate / row.moto.rate;
  const noisy = Math.max(row.kura.foreignCpu ?? 0, row.moto.foreignCpu ?? 0);
  const caveat = noisy > NOISY_CPU ? `; noisy: other processes used up to ${noisy.toFixed(2)} CPU` : '';
  return ratio >= TARGET_RATIO
    ? `meets the ${TARGET_RATIO}× target (${fmtRatio(ratio)})${caveat}`
    : `**below** the ${TARGET_RATIO}× target (${fmtRatio(ratio)})${caveat}`;
}

const cell = (r, f) => (r ? f(r) : '–');

/** What the concurrency-16 put row shows, from its own numbers (not assumed to meet the target). */
function concurrentPut(row) {
  if (!row?.kura?.valid || !row?.moto?.valid) return '';
  const ratio = row.kura.rate / row.moto.rate;
  return ratio >= TARGET_RATIO
    ? `, and that row meets the target (${ratio.toFixed(1)}×)`
    : `; that row reaches ${ratio.toFixed(1)}×, below the target: the flush is shared, but each put's own work (its CPU per request above) still bounds the rate`;
}

/**
 * What one durable write costs on this disk, set against PutParameter at concurrency 1: each put
 * waits for its own commit, so the commit's latency plus the request's own work bounds the rate.
 */
function durableSection(rows, durable) {
  const put = rows.find((r) => r.label.startsWith('PutParameter') && r.concurrency === 1);
  const get = rows.find((r) => r.label === 'GetParameter' && r.concurrency === 1);
  const put16 = rows.find((r) => r.label.startsWith('PutParameter') && r.concurrency === 16);
  const { fdatasync, fsync } = durable;
  const out = ['## Durable writes at concurrency 1', ''];
  out.push(
    `One 4 KiB write followed by a flush to disk, one after another, in the directory that holds Kura's data (\`bench/durable-floor.mjs\`, ${durable.seconds} s each, ` +
      `measured before the rows): **fdatasync ${fmtMs(fdatasync.p50Us / 1000)} ms** p50 (${fmtRate(fdatasync.perSecond)} writes/s), ` +
      `**fsync ${fmtMs(fsync.p50Us / 1000)} ms** p50 (${fmtRate(fsync.perSecond)} writes/s; SQLite's COMMIT calls fsync). ` +
      'Kura acknowledges a PutParameter only after its commit is on disk (WAL, synchronous=FULL); moto keeps parameters in memory and writes nothing.',
    '',
  );
  if (put?.kura?.valid && put?.moto?.valid && get?.kura?.valid) {
    const budgetUs = 1e6 / (TARGET_RATIO * put.moto.rate);
    const leftUs = budgetUs - fsync.p50Us;
    const readUs = 1e6 / get.kura.rate;
    out.push(
      `${TARGET_RATIO}× moto's PutParameter rate at concurrency 1 (${fmtRate(put.moto.rate)} req/s) is ${fmtRate(TARGET_RATIO * put.moto.rate)} puts/s: ` +
        `${budgetUs.toFixed(0)} µs per put, round trip included. The flush alone takes ${fsync.p50Us.toFixed(0)} µs of that, ` +
        `${leftUs > 0 ? `leaving ${leftUs.toFixed(0)} µs to receive, verify, authorize, write and answer the request` : 'more than the whole budget'}, while a GetParameter, which writes nothing, takes Kura ${readUs.toFixed(0)} µs round trip here. ` +
        `Kura's put takes ${(1e6 / put.kura.rate).toFixed(0)} µs (${fmtRate(put.kura.rate)} req/s). At concurrency 16 group commit shares one flush among the writes that arrive together${concurrentPut(put16)}.`,
      '',
    );
  }
  return out;
}

const TARGET_NAMES = { kura: 'Kura', moto: 'moto', pg1: 'Kura on PostgreSQL, 1 replica', pg3: 'Kura on PostgreSQL, 3 replicas + HAProxy' };

export function renderResults({ rows, facts, command, settings, notes, startedAt, failures, durable, postgres, cpuCount }) {
  const out = [];
  out.push('# Benchmark results: Kura vs moto_server (SSM Parameter Store)', '');
  out.push(`Written by \`bench/run.mjs\` on ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}. How it is measured: [README.md](README.md).`, '');
  out.push('```sh', command, '```', '');
  out.push('## Summary', '');
  out.push(`Throughput ratio is Kura ÷ moto; the target is at least ${TARGET_RATIO}× on every row. Latencies are wrk's p50 (median) and p99 per request (per whole-path read for the last two rows).`, '');
  out.push('| operation | concurrency | Kura | moto | ratio | Kura p50 / p99 ms | moto p50 / p99 ms | server CPU per request (path), Kura / moto | verdict |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const ratio = row.kura && row.moto && row.kura.valid && row.moto.valid ? row.kura.rate / row.moto.rate : NaN;
    out.push(
      `| ${row.label} | ${row.concurrency} | ${cell(row.kura, (r) => `${fmtRate(r.rate)} ${row.unit}`)} | ${cell(row.moto, (r) => `${fmtRate(r.rate)} ${row.unit}`)} | ${fmtRatio(ratio)} ` +
        `| ${cell(row.kura, (r) => `${fmtMs(r.p50)} / ${fmtMs(r.p99)}`)} | ${cell(row.moto, (r) => `${fmtMs(r.p50)} / ${fmtMs(r.p99)}`)} ` +
        `| ${cell(row.kura, (r) => fmtCpu(r.cpuUsPerUnit))} / ${cell(row.moto, (r) => fmtCpu(r.cpuUsPerUnit))} | ${verdict(row)} |`,
    );
  }
  out.push('');
  const valid = rows.filter((r) => r.kura?.valid && r.moto?.valid);
  const meets = valid.filter((r) => r.kura.rate / r.moto.rate >= TARGET_RATIO);
  out.push(`**${meets.length} of ${rows.length} rows meet the ${TARGET_RATIO}× target**${valid.length < rows.length ? ` (${rows.length - valid.length} row(s) invalid or not measured)` : ''}.`, '');

  if (durable) out.push(...durableSection(rows, durable));
  if (postgres && postgres.wanted.length) out.push(...postgresSection(rows, postgres, cpuCount));

  if (failures.length) {
    out.push('## Failures', '');
    for (const f of failures) out.push(`- ${f}`);
    out.push('');
  }

  out.push('## Details', '');
  out.push('| operation | concurrency | target | requests (or whole paths) | seconds | rate (median) | each run | p50 ms | p90 ms | p99 ms | max ms | server CPU per request (path; on PostgreSQL Kura, HAProxy and PostgreSQL together) | other processes, CPUs | errors |');
  out.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    for (const target of Object.keys(TARGET_NAMES)) {
      const r = row[target];
      if (!r) continue;
      out.push(
        `| ${row.label} | ${row.concurrency} | ${TARGET_NAMES[target]} | ${r.count.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${fmtRate(r.rate)} ${row.unit} ` +
          `| ${r.rounds ? r.rounds.map(fmtRate).join(' / ') + (row.redos ? ` (and ${row.redos} noisy pair${row.redos > 1 ? 's' : ''} of runs discarded)` : '') : r.redone ? 'measured again after a noisy run' : '–'} | ${fmtMs(r.p50)} | ${fmtMs(r.p90)} | ${fmtMs(r.p99)} | ${fmtMs(r.max)} | ${fmtCpu(r.totalCpuUsPerUnit ?? r.cpuUsPerUnit)} | ${fmtForeign(r.foreignCpu)} | ${r.problems.length ? r.problems.join('; ').replace(/\|/g, '\\|').replace(/\n/g, ' ') : 'none'} |`,
      );
    }
  }
  out.push('');

  out.push('## Machine and settings', '');
  for (const [k, v] of facts) out.push(`- ${k}: ${v}`);
  out.push('');
  for (const s of settings) out.push(`- ${s}`);
  out.push('');
  if (notes.length) {
    out.push('## Notes', '');
    for (const n of notes) out.push(`- ${n}`);
    out.push('');
  }
  return out.join('\n');
}
