// The posts schema and its sample rows. The reference repository left /posts as a stub, so the schema is
// ours: the smallest table a blog-post list needs. Both steps are idempotent, so the migrate command can
// run at every deploy: CREATE TABLE IF NOT EXISTS, and seed rows with fixed ids that are inserted only
// when absent (an edited sample post is left as it is).

import type { Pool, RowDataPacket } from 'mysql2/promise';

// created_at is UTC: the default is UTC_TIMESTAMP (an expression default: MariaDB ≥ 10.2, MySQL ≥ 8.0.13)
// and the pool reads DATETIME as UTC, so the API's ISO timestamps do not depend on the server's time zone.
export const CREATE_POSTS = `CREATE TABLE IF NOT EXISTS posts (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  title VARCHAR(200) NOT NULL,
  body TEXT NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT (UTC_TIMESTAMP(3)),
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;

export const SEED_POSTS = [
  {
    id: 1,
    title: 'Credentials for ECS tasks from Parameter Store',
    body: 'The task role reads /goecssample/database/sample/master/*; kura exec puts the values in DB_* and replaces itself with the app.',
    createdAt: '2018-08-28T08:00:00.000Z',
  },
  {
    id: 2,
    title: 'No Python in the image',
    body: 'The entrypoint no longer installs the AWS CLI: one small binary fetches and decrypts the parameters.',
    createdAt: '2018-08-28T09:00:00.000Z',
  },
  {
    id: 3,
    title: 'Configuration only from the environment',
    body: 'A missing or malformed variable stops the app at start, with one line naming each of them.',
    createdAt: '2018-08-28T10:00:00.000Z',
  },
] as const;

export interface MigrateResult {
  /** Seed rows inserted by this run (0 when they were all there already). */
  inserted: number;
}

export async function migrate(pool: Pool, { seed = true }: { seed?: boolean } = {}): Promise<MigrateResult> {
  await pool.query(CREATE_POSTS);
  if (!seed) return { inserted: 0 };
  const [present] = await pool.query<Array<RowDataPacket & { id: number }>>('SELECT id FROM posts WHERE id IN (?)', [SEED_POSTS.map((p) => p.id)]);
  const missing = SEED_POSTS.filter((p) => !present.some((r) => r.id === p.id));
  if (missing.length === 0) return { inserted: 0 };
  // "ON DUPLICATE KEY UPDATE id = id" keeps a row that a concurrent run inserted meanwhile, and unlike
  // INSERT IGNORE it does not turn other errors (a value too long, a bad date) into warnings.
  await pool.query('INSERT INTO posts (id, title, body, created_at) VALUES ? ON DUPLICATE KEY UPDATE id = id', [
    missing.map((p) => [p.id, p.title, p.body, new Date(p.createdAt)]),
  ]);
  return { inserted: missing.length };
}
