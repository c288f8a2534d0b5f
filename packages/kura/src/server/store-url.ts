// `--store` / KURA_STORE: where the data lives when it is not the SQLite file in --data. Only
// PostgreSQL URLs are accepted; the URL's password is a secret like any other, so what is ever
// shown of the URL (logs, errors, the banner) is `redactStoreUrl`'s copy.

const SCHEMES = new Set(['postgres:', 'postgresql:']);

/** What is wrong with the URL's form, if anything; never repeats the URL (it may hold a password). */
export function storeUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a PostgreSQL URL such as postgres://user@host:5432/db?sslmode=verify-full';
  }
  if (!SCHEMES.has(url.protocol)) return `must be a PostgreSQL URL (postgres:// or postgresql://), not a '${url.protocol}' one`;
  return undefined;
}

/** The URL with its password (and any `password` parameter) replaced by `***`. */
export function redactStoreUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    for (const name of [...url.searchParams.keys()]) if (/pass/i.test(name)) url.searchParams.set(name, '***');
    return url.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
