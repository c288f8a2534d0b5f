// Dates as AWS JSON services send them (seconds since the epoch, possibly fractional) or as Query
// services do (ISO 8601 text), shown one way everywhere: `2025-03-01 14:05:09 UTC`, in a <time>
// element whose datetime attribute is machine-readable.

export type AwsDate = number | string | undefined | null;

export function toDate(value: AwsDate): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `precision: 'day'` for dates AWS keeps to the day (Secrets Manager's LastAccessedDate). */
export function formatDate(value: AwsDate, precision: 'second' | 'day' = 'second'): string {
  const date = toDate(value);
  if (!date) return '—';
  return precision === 'day' ? date.toISOString().slice(0, 10) : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function DateTime({ value, precision = 'second' }: { value: AwsDate; precision?: 'second' | 'day' }) {
  const date = toDate(value);
  if (!date) return <span>—</span>;
  return <time dateTime={precision === 'day' ? date.toISOString().slice(0, 10) : date.toISOString()}>{formatDate(value, precision)}</time>;
}
