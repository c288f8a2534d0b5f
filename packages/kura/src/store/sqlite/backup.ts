// An online, consistent copy of a Kura SQLite database (SQLite's backup API), safe while the server
// runs. The copy is as sensitive as the original: created with mode 0600.

import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';

export async function backupSqliteFile(source: string, destination: string): Promise<{ pages: number }> {
  if (existsSync(destination)) throw new Error(`${destination} exists already; choose a new file`);
  closeSync(openSync(destination, 'wx', 0o600));
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const result = await db.backup(destination);
    chmodSync(destination, 0o600);
    return { pages: result.totalPages };
  } finally {
    db.close();
  }
}
