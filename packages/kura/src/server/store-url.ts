// `--store` / KURA_STORE: where the data lives when it is not the SQLite file in --data. Only
// PostgreSQL URLs are accepted; the URL's password is a secret like any other, so what is ever
// shown of the URL (logs, errors, the banner) is `redactStoreUrl`'s copy.

const SCHEMES = new Set(['postgres:', 'postgresql:']);

/** target_session_attrs values Kura satisfies: it only ever uses a server that accepts writes. */
const SESSION_ATTRS = new Set(['any', 'read-write', 'primary']);

/** What is wrong with the URL's form, if anything; never repeats the URL (it may hold a password). */
export function storeUrlProblem(value: string): string | undefined {
  // libpq's several hosts (host1:5432,host2:5432): the pg driver Kura uses connects to one address
  // (https://github.com/brianc/node-postgres/issues/1470), so failover needs one endpoint instead.
  if (/^postgres(?:ql)?:\/\/[^/?#]*,/i.test(value) || /[?&]host=[^&]*,/i.test(value)) {
    return 'names several hosts, which Kura cannot use: give one address that always reaches the primary (a virtual IP, a proxy or pooler in front of the cluster, a managed service\'s writer endpoint); see "PostgreSQL high availability" in docs/operations.md';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a PostgreSQL URL such as postgres://user@host:5432/db?sslmode=verify-full';
  }
  if (!SCHEMES.has(url.protocol)) return `must be a PostgreSQL URL (postgres:// or postgresql://), not a '${url.protocol}' one`;
  const attrs = url.searchParams.get('target_session_attrs');
  if (attrs !== null && !SESSION_ATTRS.has(attrs)) {
    return `asks for target_session_attrs=${attrs.slice(0, 20)}: Kura reads and writes on the primary only (it checks that every connection accepts writes), so give read-write or leave it out`;
  }
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
