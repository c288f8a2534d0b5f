// The PostgreSQL section of RESULTS.md: Kura on PostgreSQL (one replica; three behind HAProxy)
// beside SQLite and moto for the rows measured on all four, the issue's targets, CPU per request
// split by process, and what those figures predict for a machine with more cores.

const fmtRate = (x) => (Number.isFinite(x) ? (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)) : '–');
const fmtMs = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : '–');
const fmtUs = (us) => (Number.isFinite(us) ? (us >= 10000 ? `${(us / 1000).toFixed(0)} ms` : `${Math.round(us).toLocaleString('en-US')} µs`) : '–');
const fmtX = (x) => (Number.isFinite(x) ? `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}×` : '–');

export const MOTO_RATIO = 10; // every PostgreSQL row: at least 10× moto
export const SQLITE_SHARE = 0.5; // GetParameter, one replica: at least half of SQLite's rate

const STORES = [
  ['kura', 'SQLite (one process)'],
  ['pg1', 'PostgreSQL, one replica'],
  ['pg3', 'PostgreSQL, three replicas behind HAProxy'],
  ['moto', 'moto_server'],
];

function verdict(row, target) {
  const r = row[target];
  const moto = row.moto;
  if (!r?.valid) return r ? '**invalid** (see the details)' : 'not measured';
  if (!moto?.valid) return 'no ratio (moto did not run)';
  const checks = [];
  const toMoto = r.rate / moto.rate;
  checks.push([toMoto >= MOTO_RATIO, `${fmtX(toMoto)} moto (target ${MOTO_RATIO}×)`]);
  if (target === 'pg1' && row.key === 'get' && row.kura?.valid) {
    const share = r.rate / row.kura.rate;
    checks.push([share >= SQLITE_SHARE, `${fmtX(share)} SQLite (target ${SQLITE_SHARE}×)`]);
  }
  const missed = checks.filter(([ok]) => !ok);
  const text = checks.map(([, t]) => t).join(', ');
  const noisy = r.foreignCpu > 0.15 ? `; noisy: other processes used ${r.foreignCpu.toFixed(2)} CPU` : '';
  return missed.length ? `**below**: ${text}${noisy}` : `meets: ${text}${noisy}`;
}

/** CPUs kept busy by the serving processes: rate × CPU per request. */
const busyCpus = (r) => (r.rate * r.totalCpuUsPerUnit) / 1e6;

function prediction(row, cpuCount) {
  const one = row.pg1;
  const three = row.pg3;
  if (!one?.valid || !three?.valid || !Number.isFinite(three.totalCpuUsPerUnit) || !Number.isFinite(one.totalCpuUsPerUnit)) return null;
  // A replica is one Node process: about one core at most. Its CPU per request is lowest with the
  // machine to itself (one replica) and highest with three replicas and PostgreSQL crowding two CPUs;
  // a machine with a core per replica should land between the two.
  const low = Math.min(one.cpuUsPerUnit, three.cpuUsPerUnit);
  const high = Math.max(one.cpuUsPerUnit, three.cpuUsPerUnit);
  const others = (r) => r.totalCpuUsPerUnit - r.cpuUsPerUnit; // HAProxy and PostgreSQL per request
  const coresFor = (rate, r) => (rate * r.totalCpuUsPerUnit) / 1e6;
  const busy = busyCpus(three) + (three.foreignCpu ?? 0);
  const cores = [coresFor(3e6 / high, three), coresFor(3e6 / low, one)].sort((a, b) => a - b);
  const extra = [others(one) / one.cpuUsPerUnit, others(three) / three.cpuUsPerUnit].sort((a, b) => a - b);
  return (
    `- **${row.label}, concurrency ${row.concurrency}.** One replica: ${fmtRate(one.rate)} req/s at ${fmtUs(one.totalCpuUsPerUnit)} of CPU per request ` +
    `(Kura ${fmtUs(one.cpuUsPerUnit)}, PostgreSQL ${fmtUs(one.databaseCpuUsPerUnit)}), ${busyCpus(one).toFixed(2)} CPUs busy. ` +
    `Three replicas: ${fmtRate(three.rate)} req/s at ${fmtUs(three.totalCpuUsPerUnit)} per request (Kura ${fmtUs(three.cpuUsPerUnit)}, HAProxy ${fmtUs(three.balancerCpuUsPerUnit)}, ` +
    `PostgreSQL ${fmtUs(three.databaseCpuUsPerUnit)}), ${busyCpus(three).toFixed(2)} CPUs busy` +
    (busy >= 0.75 * cpuCount
      ? `${three.foreignCpu > 0.15 ? ` (and other processes ${three.foreignCpu.toFixed(2)})` : ''}: the machine's CPUs, not the number of replicas, set these rates. `
      : ': less than the machine; at concurrency 16 the round trips to PostgreSQL, not CPU, limit these rates. ') +
    `With a core for each replica, a replica tops out between ${fmtRate(1e6 / high)} and ${fmtRate(1e6 / low)} req/s (1e6 µs ÷ Kura's CPU per request with three replicas and with one), ` +
    `so three replicas between ${fmtRate(3e6 / high)} and ${fmtRate(3e6 / low)} req/s, and N replicas N times that while PostgreSQL keeps up: ` +
    `per replica at full speed PostgreSQL and HAProxy need ${extra[0].toFixed(2)}–${extra[1].toFixed(2)} of a core more, ` +
    `so three replicas at full speed need about ${cores[0].toFixed(1)}–${cores[1].toFixed(1)} cores in all, plus the load generator.`
  );
}

export function postgresSection(rows, postgres, cpuCount) {
  const out = ['## Kura on PostgreSQL: one replica, and three behind HAProxy', ''];
  if (!postgres.measured) {
    out.push(`Not measured in this run: ${postgres.skipped.join('; ') || 'not asked for (--only)'}.`, '');
    return out;
  }
  const pgRows = rows.filter((r) => r.pg1 || r.pg3);
  out.push(
    `The same data, the same pre-signed requests and the same pairs of runs as the rows above (SQLite, moto, one replica, three replicas, alternating). ` +
      `Targets: GetParameter on PostgreSQL with one replica at least ${SQLITE_SHARE}× SQLite's rate, and every PostgreSQL row at least ${MOTO_RATIO}× moto's. ` +
      'CPU per request counts every process that serves the request: Kura (all replicas), HAProxy, and PostgreSQL (the backends of the bench\'s database and the server\'s WAL writer, background writer and checkpointer).',
    '',
  );
  out.push('| operation | concurrency | store | rate | ÷ moto | ÷ SQLite | p50 / p99 ms | CPU per request: Kura | HAProxy | PostgreSQL | total | verdict |');
  out.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const row of pgRows) {
    for (const [target, name] of STORES) {
      const r = row[target];
      if (!r) continue;
      const toMoto = row.moto?.valid && r.valid ? r.rate / row.moto.rate : NaN;
      const toSqlite = row.kura?.valid && r.valid ? r.rate / row.kura.rate : NaN;
      const isPg = target.startsWith('pg');
      out.push(
        `| ${row.label} | ${row.concurrency} | ${name} | ${fmtRate(r.rate)} req/s | ${target === 'moto' ? '1×' : fmtX(toMoto)} | ${target === 'kura' ? '1×' : fmtX(toSqlite)} ` +
          `| ${fmtMs(r.p50)} / ${fmtMs(r.p99)} | ${fmtUs(r.cpuUsPerUnit)} | ${target === 'pg3' ? fmtUs(r.balancerCpuUsPerUnit) : '–'} | ${isPg ? fmtUs(r.databaseCpuUsPerUnit) : '–'} ` +
          `| ${fmtUs(r.totalCpuUsPerUnit)} | ${isPg ? verdict(row, target) : '–'} |`,
      );
    }
  }
  out.push('');
  const verdicts = pgRows.flatMap((row) => ['pg1', 'pg3'].filter((t) => row[t]).map((t) => verdict(row, t)));
  const met = verdicts.filter((v) => v.startsWith('meets')).length;
  out.push(`**${met} of ${verdicts.length} PostgreSQL rows meet their targets.**`, '');
  if (!postgres.measuresDatabase) out.push('PostgreSQL runs elsewhere (its processes are not visible here), so its CPU is not measured and the totals leave it out.', '');

  const predictions = pgRows.map((row) => prediction(row, cpuCount)).filter(Boolean);
  if (predictions.length) {
    out.push('### What these figures predict for a machine with more cores', '');
    out.push(
      `On this ${cpuCount}-CPU machine every serving process (the replicas, HAProxy, PostgreSQL) and wrk share the same CPUs, so three replicas cannot scale: the figure that carries over is CPU per request.`,
      '',
    );
    out.push(...predictions, '');
    out.push(
      'This assumes the CPU per request measured here holds as cores are added. GetParameter reads share nothing but the database\'s buffers; PutParameter\'s commits share the WAL, whose flushes group commit shares among the writes that arrive together, and the bench\'s writers never wait on one parameter\'s lock. ' +
        'On a busier PostgreSQL (many more connections, a remote server with network round trips) the rate per replica at a given concurrency falls with the round-trip time, and more concurrency per replica makes up for it. ' +
        'On this 2-vCPU virtual machine each round trip to PostgreSQL wakes a process on the other CPU, and a crowded machine makes that dearer: the CPU per request measured here is, if anything, on the high side for a machine with cores to spare.',
      '',
    );
  }
  return out;
}
