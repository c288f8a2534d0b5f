// The store contract against PostgreSQL: the same suite SQLite passes, on the real server.
import { runStoreContract } from '../testing/contract/index.js';
import { openTestPostgresStore } from './testing/database.js';

runStoreContract('postgres', () => openTestPostgresStore());
