// Renders RESULTS.md from run.mjs's measurements: a summary (medians) and every run.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const int = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => (n >= 10 ? n.toFixed(1) : n.toFixed(2));
const us = (n) => (n >= 1000 ? `${(n / 1000).toFixed(1)} ms` : `${Math.round(n)} µs`);

function summarize(runs) {
  const valid = runs.filter((r) => r.valid);
  const use = valid.length > 0 ? valid : runs;
  return {
    rate: median(use.map((r) => r.reqPerSec)),
    p50: median(use.map((r) => r.p50)),
    p99: median(use.map((r) => r.p99)),
    cpu: median(use.map((r) => r.serverCpuUs)),
    db: use[0]?.dbCpuUs === undefined ? undefined : median(use.map((r) => r.dbCpuUs)),
    invalid: runs.length - valid.length,
  };
}

export function renderReport({ results, rounds, seconds, warmup, bodyBytes, posts, machine }) {
  const lines = [
    '# Benchmark: the posts API vs a bare node:http server',
    '',
    `Written by \`examples/posts-api/bench/run.mjs\` on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}. How it is measured: [README.md](README.md).`,
    '',
    '```sh',
    'npm run bench -w examples/posts-api',
    '```',
    '',
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, MariaDB ${machine.mariadb}, ${machine.wrk}` +
      (machine.wrkCpu ? `; wrk pinned to CPU ${machine.wrkCpu}, servers and MariaDB unpinned.` : '; nothing pinned.') +
      ` 1-minute load average ${machine.loadAtStart} before the runs, ${machine.loadAtEnd} after (wrk, the server and MariaDB alone account for about 2 of it).`,
    '',
    `Both answer \`GET /posts\` with the same ${bodyBytes}-byte JSON body (${posts} posts). The posts API reads them from MariaDB`,
    'through its pool on every request and logs one JSON line per request (to a file); the bare server writes fixed bytes.',
    '',
    '## Summary',
    '',
    `Medians of ${rounds} runs of ${seconds} s per server and row (after ${warmup} s of warm-up each), the servers alternating run by run.`,
    '',
    '| concurrency | posts API | bare node:http | posts API ÷ bare | posts API p50 / p99 ms | bare p50 / p99 ms | CPU per request: API process / its MariaDB / bare process |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of results) {
    const a = summarize(row.runs.app);
    const b = summarize(row.runs.bare);
    const flag = a.invalid + b.invalid > 0 ? ` (${a.invalid + b.invalid} invalid runs left out)` : '';
    lines.push(
      `| ${row.concurrency} (wrk -t${row.threads} -c${row.concurrency}) | ${int(a.rate)} req/s | ${int(b.rate)} req/s | ${((a.rate / b.rate) * 100).toFixed(0)}%${flag} | ` +
        `${ms(a.p50)} / ${ms(a.p99)} | ${ms(b.p50)} / ${ms(b.p99)} | ${us(a.cpu)} / ${a.db === undefined ? 'n/a' : us(a.db)} / ${us(b.cpu)} |`,
    );
  }
  lines.push(
    '',
    'CPU per request is the CPU time the process used during a run (utime + stime from /proc) divided by the',
    'requests it answered. It moves far less than throughput when something else runs on the machine, so it is',
    'the figure to compare when throughput looks odd. "its MariaDB" is the database server\'s CPU during the',
    "posts API's runs: the part of a /posts request's cost that is not in Node at all.",
    '',
    '## Every run',
    '',
    '| concurrency | server | round | req/s | requests | p50 ms | p99 ms | server CPU per request | MariaDB CPU per request | problems |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const row of results) {
    for (const [key, label] of [['app', 'posts API'], ['bare', 'bare node:http']]) {
      row.runs[key].forEach((r, i) => {
        lines.push(
          `| ${row.concurrency} | ${label} | ${i + 1} | ${int(r.reqPerSec)} | ${int(r.requests)} | ${ms(r.p50)} | ${ms(r.p99)} | ${us(r.serverCpuUs)} | ` +
            `${r.dbCpuUs === undefined ? '' : us(r.dbCpuUs)} | ${r.problems.join('; ') || 'none'} |`,
        );
      });
    }
  }
  lines.push('');
  return lines.join('\n');
}
