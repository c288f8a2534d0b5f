// Reading back, after a restart, everything the writers were told, and checking the store a
// kill left behind.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetParameterHistoryCommand, GetParametersByPathCommand, type SSMClient } from '@aws-sdk/client-ssm';
import Database from 'better-sqlite3';
import type { Ledger, Observed, ObservedVersion, Problem } from './ledger.js';

export interface Verified {
  /** Names listed, and names whose history was read (every name not deleted for good). */
  listed: number;
  names: number;
  /** Versions read back (history entries), all names together. */
  versions: number;
  problems: Problem[];
}

/**
 * Through the SDK, as a client sees it: a recursive listing of everything (no name may be there that
 * should not), and the whole history, decrypted, of every name that may exist. Then settles the
 * ledger on what was seen.
 */
export async function verifyStore(ssm: SSMClient, ledger: Ledger, concurrency = 8): Promise<Verified> {
  const listed = await listLatest(ssm);
  const names = ledger.names().filter((name) => ledger.needsReading(name) || listed.has(name));
  const problems: Problem[] = [];
  let versions = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < names.length; i = next++) {
      const name = names[i] as string;
      const observed = await readHistory(ssm, name);
      versions += observed?.length ?? 0;
      problems.push(...ledger.check(name, observed), ...headProblems(name, observed, listed.get(name)));
      ledger.settle(name, observed);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  for (const name of listed.keys()) {
    if (!ledger.has(name)) problems.push({ name, kind: 'unexpected', detail: 'listed, but no writer ever wrote it' });
  }
  return { listed: listed.size, names: names.length, versions, problems: problems.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

async function readHistory(ssm: SSMClient, name: string): Promise<Observed> {
  const versions: ObservedVersion[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await ssm.send(new GetParameterHistoryCommand({ Name: name, WithDecryption: true, MaxResults: 50, NextToken: token }));
      for (const p of page.Parameters ?? []) versions.push({ version: p.Version ?? 0, value: p.Value ?? '', type: String(p.Type) });
      token = page.NextToken;
    } while (token);
  } catch (error) {
    if ((error as { name?: string }).name === 'ParameterNotFound') return undefined;
    throw error;
  }
  return versions.sort((a, b) => a.version - b.version);
}

/** Name → latest version, from GetParametersByPath over everything the writers use. */
async function listLatest(ssm: SSMClient): Promise<Map<string, { version: number; value: string }>> {
  const latest = new Map<string, { version: number; value: string }>();
  let token: string | undefined;
  do {
    const page = await ssm.send(new GetParametersByPathCommand({ Path: '/crash', Recursive: true, WithDecryption: true, MaxResults: 10, NextToken: token }));
    for (const p of page.Parameters ?? []) latest.set(p.Name ?? '', { version: p.Version ?? 0, value: p.Value ?? '' });
    token = page.NextToken;
  } while (token);
  return latest;
}

function headProblems(name: string, observed: Observed, listed: { version: number; value: string } | undefined): Problem[] {
  const last = observed?.at(-1);
  if (last === undefined && listed === undefined) return [];
  if (last === undefined) return [{ name, kind: 'head', detail: `listed at v${listed?.version}, but its history is not found` }];
  if (listed === undefined) return [{ name, kind: 'head', detail: `has a history up to v${last.version}, but is not listed` }];
  if (listed.version !== last.version || listed.value !== last.value) return [{ name, kind: 'head', detail: `listed at v${listed.version}, its history ends at v${last.version}` }];
  return [];
}

export interface Integrity {
  /** `ok`, or what SQLite (or the PostgreSQL queries) found. */
  result: string;
  /** Rows `PRAGMA foreign_key_check` returned (PostgreSQL enforces foreign keys at every commit: 0). */
  foreignKeyViolations: number;
  /**
   * How the store was read: the file in place, read-only; a copy, when a read-only reader could not
   * recover the WAL; or queries on the PostgreSQL database.
   */
  how: 'read-only' | 'copy' | 'postgres';
}

/**
 * `PRAGMA integrity_check` and `foreign_key_check` on the database a stopped or killed server left;
 * with a PostgreSQL store (`storeUrl`), queries for a half-written parameter instead.
 */
export function checkIntegrity(dataDir: string, storeUrl?: string): Integrity {
  if (storeUrl !== undefined) return checkPostgres(storeUrl);
  const file = path.join(dataDir, 'kura.db');
  try {
    return { ...runChecks(new Database(file, { readonly: true, fileMustExist: true })), how: 'read-only' };
  } catch (error) {
    if (!needsWriter(error)) return { result: `unreadable: ${describe(error)}`, foreignKeyViolations: 0, how: 'read-only' };
  }
  // A read-only connection cannot replay a WAL that needs recovery: check a copy instead, so that the
  // server still finds, when it restarts, exactly what the kill left.
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-crash-copy-'));
  try {
    copyFileSync(file, path.join(dir, 'kura.db'));
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, path.join(dir, 'kura.db-wal'));
    return { ...runChecks(new Database(path.join(dir, 'kura.db'), { fileMustExist: true })), how: 'copy' };
  } catch (error) {
    return { result: `unreadable: ${describe(error)}`, foreignKeyViolations: 0, how: 'copy' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The kill ends a client of PostgreSQL, not the database, whose own crash safety is not Kura's to test:
 * what a half-done write of Kura's could leave is a parameter whose head names a version that is not
 * there, or versions past its head. (Labels and tags cannot outlive their rows: foreign keys.)
 */
function checkPostgres(storeUrl: string): Integrity {
  const sql =
    'SELECT (SELECT count(*) FROM parameters p WHERE NOT EXISTS (SELECT 1 FROM parameter_versions v WHERE v.parameter_id = p.id AND v.version = p.latest_version))' +
    " || ' ' || (SELECT count(*) FROM parameter_versions v JOIN parameters p ON p.id = v.parameter_id WHERE v.version > p.latest_version)";
  const psql = spawnSync('psql', ['-X', '-tA', '-v', 'ON_ERROR_STOP=1', '-c', sql, storeUrl], { encoding: 'utf8', timeout: 30_000 });
  if (psql.status !== 0) return { result: `unreadable: psql: ${psql.stderr.trim() || psql.error?.message}`, foreignKeyViolations: 0, how: 'postgres' };
  const [headless, pastHead] = psql.stdout.trim().split(' ').map(Number);
  const found = [headless ? `${headless} parameters whose latest version is missing` : '', pastHead ? `${pastHead} versions past their parameter's latest` : ''];
  return { result: found.filter(Boolean).join('; ') || 'ok', foreignKeyViolations: 0, how: 'postgres' };
}

/** SQLite's answers that mean "a reader may not recover this WAL", as opposed to a damaged file. */
function needsWriter(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_BUSY'));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
}

function runChecks(db: Database.Database): Omit<Integrity, 'how'> {
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const foreignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length;
    return { result: rows.map((r) => r.integrity_check).join('; '), foreignKeyViolations };
  } finally {
    db.close();
  }
}
