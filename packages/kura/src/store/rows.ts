// How a column's value arrives from each backend, for the row mappers that both backends share
// (parameter-rows.ts, key-rows.ts, iam-rows.ts, session-rows.ts, access-key-rows.ts). A row type
// names the column as either form, and its mapper reads it through these, so one mapper serves both
// backends without first copying the row into a common shape (the parameter head read is hot):
//
// - booleans: SQLite has no boolean type and hands over 0/1; PostgreSQL a boolean;
// - lists: SQLite builds them as JSON text (json_group_array); PostgreSQL hands over arrays, or
//   json it has already parsed;
// - free text a client may fill with U+0000 (descriptions, KMS tags): SQLite TEXT holds it, but
//   PostgreSQL text cannot, so there it is bytea holding the UTF-8 bytes and arrives as a Buffer.

export type Flag = boolean | number;

/** A string (SQLite TEXT), or its UTF-8 bytes (PostgreSQL bytea). */
export type StoredText = string | Buffer;

/** JSON text of an array (SQLite), or the array itself (PostgreSQL). */
export type Listed<T> = string | T[];

export function flag(value: Flag): boolean {
  return typeof value === 'boolean' ? value : value !== 0;
}

export function text(value: StoredText): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

export function optionalText(value: StoredText | null): string | null {
  return value === null ? null : text(value);
}

/** Whether the list came as JSON text, which SQLite's aggregate builds in no promised order. */
export function isJsonText<T>(value: Listed<T>): value is string {
  return typeof value === 'string';
}

export function listed<T>(value: Listed<T>): T[] {
  return isJsonText(value) ? (JSON.parse(value) as T[]) : value;
}

/** Epoch milliseconds, as both backends store times; NULL stays null. */
export function optionalDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
