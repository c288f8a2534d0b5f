// Backups of a data directory: the database only. The master key is deliberately left out, so a
// leaked backup alone decrypts nothing.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { backupSqliteFile } from '../store/sqlite/backup.js';

export async function backupDataDir(dataDir: string, out: string): Promise<{ pages: number }> {
  const db = path.join(dataDir, 'kura.db');
  if (!existsSync(db)) throw new Error(`no Kura data in ${dataDir}`);
  return backupSqliteFile(db, out);
}
