// Runs the store contract against SQLite twice: in memory (one shared connection) and on a file
// (a writer behind group commit plus a separate reader connection).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runStoreContract } from '../contract/index.js';
import { openSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

runStoreContract('sqlite :memory:', async () => openSqliteStore({ path: ':memory:' }));
runStoreContract('sqlite file', async () => openSqliteStore({ path: join(dir, `store-${++files}.db`) }));
