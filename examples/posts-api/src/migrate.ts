// `npm run migrate` (node dist/migrate.js [--schema-only]): creates the posts table and the sample posts.
// Same DB_* environment as the server, so in the image it runs through the same entrypoint:
//   docker run -e PARAMETER_STORE_PREFIX=goecssample IMAGE node dist/migrate.js
// Exit codes: 0 done, 1 database failure, 2 bad arguments or configuration.

import { parseArgs } from 'node:util';
import { describeProblems, loadDbConfig } from './config.js';
import { openPool } from './db.js';
import { createLogger, errorFields } from './log.js';
import { migrate } from './schema.js';

const log = createLogger();

let schemaOnly = false;
try {
  schemaOnly = parseArgs({ options: { 'schema-only': { type: 'boolean', default: false } } }).values['schema-only'] === true;
} catch (error) {
  log.error('usage: migrate [--schema-only]', errorFields(error));
  process.exit(2);
}

const loaded = loadDbConfig(process.env);
if (!loaded.ok) {
  log.error(describeProblems(loaded.problems), { variables: loaded.variables });
  process.exit(2);
}

const pool = openPool(loaded.config, { connections: 1 });
try {
  const { inserted } = await migrate(pool, { seed: !schemaOnly });
  log.info('migrated', { table: 'posts', seeded: schemaOnly ? 'skipped' : inserted });
} catch (error) {
  log.error('migration failed', errorFields(error));
  process.exitCode = 1;
} finally {
  await pool.end();
}
