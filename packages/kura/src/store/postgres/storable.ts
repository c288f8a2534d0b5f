// What PostgreSQL's columns cannot hold and SQLite's can: U+0000 in `text`, and numbers beyond 32
// bits in `integer` (parameter versions). A client may still name such a value (a parameter name, a
// label, an alias, a parameter tag key or a policy ARN with a NUL; a ParameterVersion of 2^53):
// nothing stored can match it, so the repositories answer "not found" without asking, which is what
// SQLite answers after asking. Sent as it is, the statement would fail ('invalid byte sequence for
// encoding "UTF8": 0x00', 'value out of range for type integer'): an internal error where SQLite
// says "not found". Free text that may be stored with a NUL is bytea instead (free-text.ts).

/** Whether PostgreSQL text can hold the value (and so whether a stored value can equal it). */
export function fitsText(value: string): boolean {
  return !value.includes('\u0000');
}

/** Whether a PostgreSQL `integer` can hold the number. */
export function fitsInteger(value: number): boolean {
  return Number.isInteger(value) && value >= -2_147_483_648 && value <= 2_147_483_647;
}
