// How both backends list secrets (SecretRepository.list): one statement per sort order, direction
// and "first page or resumed", the same text on both but for how each names its parameters. Every
// order has an index that holds it, (account, region, sort column, name), so a page is a seek to
// the cursor and a walk of `limit` entries: the cursor is the last row's (sort value, name), the
// name breaking ties (unique in a scope), and a row value comparison is what both SQLite and
// PostgreSQL seek an index with. Secrets scheduled for deletion are skipped during the walk unless
// asked for.

import type { SecretListQuery, SecretSortKey } from './secrets.js';

/** The sort columns of `secrets s`: last_accessed_key is the access date with NULL as 0, a stored column (see the schemas). */
const SORT_COLUMNS: Readonly<Record<SecretSortKey, string>> = {
  'created-date': 's.created_date',
  'last-accessed-date': 's.last_accessed_key',
  'last-changed-date': 's.last_changed_date',
  name: 's.name',
};

/** How the backend spells each parameter of the statement. */
export interface ListPlaceholders {
  account: string;
  region: string;
  /** A boolean parameter: whether secrets scheduled for deletion are listed. */
  includeDeleted: string;
  limit: string;
  /** The cursor's sort value (dates only). */
  key: string;
  /** The cursor's name. */
  name: string;
}

export function secretListSql(columns: string, query: SecretListQuery, p: ListPlaceholders): string {
  const column = SORT_COLUMNS[query.sortBy];
  const direction = query.descending ? 'DESC' : 'ASC';
  const beyond = query.descending ? '<' : '>';
  let resume = '';
  if (query.after !== undefined) resume = query.sortBy === 'name' ? ` AND s.name ${beyond} ${p.name}` : ` AND (${column}, s.name) ${beyond} (${p.key}, ${p.name})`;
  const order = query.sortBy === 'name' ? `s.name ${direction}` : `${column} ${direction}, s.name ${direction}`;
  return `SELECT ${columns} FROM secrets s WHERE s.account_id = ${p.account} AND s.region = ${p.region}
    AND (${p.includeDeleted} OR s.deleted_date IS NULL)${resume} ORDER BY ${order} LIMIT ${p.limit}`;
}

/**
 * The cursor as the statement takes it. For 'name' the name alone places the page; for a date the
 * key must be epoch milliseconds (a caller's bug otherwise: it would compare text with numbers).
 */
export function listCursor(query: SecretListQuery): { key: number; name: string } | undefined {
  const after = query.after;
  if (after === undefined) return undefined;
  if (query.sortBy === 'name') return { key: 0, name: after.name };
  if (typeof after.key !== 'number' || !Number.isFinite(after.key)) throw new TypeError(`a ${query.sortBy} cursor's key must be epoch milliseconds`);
  return { key: after.key, name: after.name };
}
