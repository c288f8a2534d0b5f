// Many parameters for the console's scale test, written straight into a data directory's store through
// Kura's own store port (ParameterRepository.put, the call PutParameter ends in), before `kura serve`
// starts on that directory. Measured on this shared 2-CPU machine: the SDK's PutParameter over HTTP
// managed about 290 parameters/s at concurrency 32 (100,000 would take about six minutes); the store
// port writes 100,060 in about 3 s (one group commit per 1,000). `kura serve --seed` was not measured:
// it applies a seed one parameter at a time (a GetParameter, then a PutParameter, each waiting for its
// own commit), so it would be slower still. The server then reads exactly the rows it would have
// written itself: the console's side of the test is the same.

import path from 'node:path';
import { openSqliteStore } from '../../../kura/src/store/sqlite/index.js';
import { openPostgresStore } from '../../../kura/src/store/postgres/index.js';
import type { NewVersion, ParameterRepository } from '../../../kura/src/store/parameters.js';
import { onPostgres, storeUrl } from '../../../kura/test/e2e/store.js';

const SCOPE = { accountId: '000000000000', region: 'us-east-1' };
const ADMIN = 'arn:aws:iam::000000000000:user/admin';
const BATCH = 1000;

export interface Layout {
  /** Top-level paths (`/load-00` …). */
  top: number;
  /** Paths below each (`/load-00/g00` …). */
  middle: number;
  /** Parameters in each of those (`/load-00/g00/p0` …). */
  leaves: number;
  /** Parameters at the root itself (`/root-00` …). */
  atRoot: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Every name of the layout, in no particular order. */
export function* layoutNames(l: Layout): Generator<string> {
  for (let r = 0; r < l.atRoot; r++) yield `/root-${pad(r, 2)}`;
  for (let t = 0; t < l.top; t++) for (let m = 0; m < l.middle; m++) for (let p = 0; p < l.leaves; p++) yield `/load-${pad(t, 2)}/g${pad(m, 2)}/p${p}`;
}

/** The little of a store this needs (so that work in progress on the rest of the port does not matter here). */
interface Writable {
  parameters: Pick<ParameterRepository, 'put'>;
  close(): Promise<void>;
}

async function openStore(dataDir: string): Promise<Writable> {
  if (onPostgres) return openPostgresStore({ url: await storeUrl(dataDir) });
  return openSqliteStore({ path: path.join(dataDir, 'kura.db'), exclusive: true });
}

/** Writes the layout's parameters (Strings, version 1) into the data directory's store; returns how many and how long. */
export async function fillParameters(dataDir: string, layout: Layout): Promise<{ count: number; seconds: number }> {
  const started = performance.now();
  const store = await openStore(dataDir);
  const version: NewVersion = {
    type: 'String',
    value: Buffer.from('value'),
    keyId: null,
    description: null,
    allowedPattern: null,
    dataType: 'text',
    tier: 'Standard',
    policies: null,
    lastModifiedDate: new Date(),
    lastModifiedUser: ADMIN,
  };
  let count = 0;
  try {
    let batch: Array<Promise<unknown>> = [];
    for (const name of layoutNames(layout)) {
      batch.push(store.parameters.put(SCOPE, { name, displayName: name, expectedLatest: 0, version, tags: [], maxVersions: 100 }));
      count += 1;
      if (batch.length === BATCH) {
        await Promise.all(batch);
        batch = [];
      }
    }
    await Promise.all(batch);
  } finally {
    await store.close();
  }
  return { count, seconds: (performance.now() - started) / 1000 };
}
