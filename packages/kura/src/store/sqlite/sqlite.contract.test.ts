// Runs the store contract against SQLite three times: in memory, on a file, and on a file with the
// process lock, where the store keeps what it read between its writes (head-cache.ts, the IAM
// generation).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runStoreContract } from '../testing/contract/index.js';
import { openSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

runStoreContract('sqlite :memory:', async () => openSqliteStore({ path: ':memory:' }));
runStoreContract('sqlite file', async () => openSqliteStore({ path: join(dir, `store-${++files}.db`) }));
runStoreContract('sqlite file, exclusive', async () => openSqliteStore({ path: join(dir, `store-${++files}.db`), exclusive: true }));
