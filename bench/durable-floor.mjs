// The durable-write floor of the disk under the benchmark's data directory: how fast one process
// can write a 4 KiB page and wait until it is on disk, one write after another. At concurrency 1 an
// acknowledged write waits for exactly this, so it bounds every store that answers a write only
// once it is durable (Kura's SQLite with synchronous=FULL, and any real database) whatever its
// code costs. Two forms, both overwriting blocks the file already has (the cheapest case):
//   fdatasync — data only: the least a durable write can cost here;
//   fsync     — data and metadata: what SQLite's COMMIT calls, as better-sqlite3 builds it.
import { closeSync, fdatasyncSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const PAGE = 4096;
const SLOTS = 64; // the writes cycle over 64 pages written (and synced) once beforehand

function run(fd, sync, seconds) {
  const page = Buffer.alloc(PAGE, 0x6b);
  const times = [];
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i += 1) {
    const t0 = performance.now();
    writeSync(fd, page, 0, PAGE, (i % SLOTS) * PAGE);
    sync(fd);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  return { writes: times.length, p50Us: times[Math.floor(times.length / 2)] * 1000, perSecond: times.length / (total / 1000) };
}

/** Measures both forms for `seconds` each in a scratch file inside `dir`, which it removes. */
export function measureDurableFloor(dir, { seconds = 2 } = {}) {
  const file = path.join(dir, `durable-floor-${process.pid}.bin`);
  const fd = openSync(file, 'w+', 0o600);
  try {
    for (let i = 0; i < SLOTS; i += 1) writeSync(fd, Buffer.alloc(PAGE), 0, PAGE, i * PAGE);
    fsyncSync(fd);
    run(fd, fdatasyncSync, Math.min(0.5, seconds)); // warm-up
    return { fdatasync: run(fd, fdatasyncSync, seconds), fsync: run(fd, fsyncSync, seconds), seconds };
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}
