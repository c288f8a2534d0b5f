// Which requests may reach the server at all, judged from Host, Origin and Sec-Fetch-Site before
// anything else runs. Two attacks by a web page the developer happens to open are shut off here:
// - DNS rebinding: the page's own name is made to resolve to 127.0.0.1, so the browser sends it
//   to Kura as a same-origin request with `Host: evil.example:4566`. Checking Host refuses it.
// - Cross-site requests: a form post or an <img> aimed straight at http://127.0.0.1:4566. The
//   browser marks them with Origin and/or Sec-Fetch-Site. AWS clients (SDKs, CLI, boto3) send
//   neither, and Kura answers no CORS preflight, so no cross-origin page can be a legitimate client.

import { isIPv6 } from 'node:net';

export interface OriginPolicy {
  /** Whether Host is checked: in --dev, or when --allowed-host names are given. */
  checkHost: boolean;
  /** Names from --allowed-host, normalized (lower case, no trailing dot, IPv6 in brackets); any port. */
  allowedHosts: readonly string[];
}

/** What the server knows of itself when it judges a request. */
export interface Listener {
  port: number;
  secure: boolean;
}

export type RefusalCode = 'HostNotAllowedException' | 'CrossOriginRequestException';

export interface Refusal {
  code: RefusalCode;
  message: string;
}

export function originPolicy(config: { dev: boolean; allowedHosts: readonly string[] }): OriginPolicy {
  return { checkHost: config.dev || config.allowedHosts.length > 0, allowedHosts: config.allowedHosts };
}

const NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?$/i;
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/i;

/** A host name or IP address as given to --allowed-host, normalized; undefined when it is not one (or has a port). */
export function normalizeAllowedHost(value: string): string | undefined {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIPv6(bare)) return new URL(`http://[${bare}]/`).hostname;
  if (value.length > 254 || !NAME.test(value)) return undefined;
  return normalizeName(value);
}

function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  // `localhost.` and `kura.example.com.` are the same absolute names as without the dot.
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

interface HostPort {
  name: string;
  /** Absent when the header gives none: the scheme's default port is meant. */
  port?: number;
}

export function parseHostHeader(value: string): HostPort | undefined {
  const match = HOST_HEADER.exec(value);
  if (!match?.[1]) return undefined;
  let name = match[1];
  if (name.startsWith('[')) {
    if (!isIPv6(name.slice(1, -1))) return undefined;
    name = new URL(`http://${name}/`).hostname;
  } else {
    name = normalizeName(name);
  }
  if (match[2] === undefined) return { name };
  const port = Number(match[2]);
  return port <= 65535 ? { name, port } : undefined;
}

/**
 * Loopback names a rebinding page cannot use: `localhost` (browsers and resolvers keep it on the
 * machine), and IP literals, which involve no DNS at all. All of 127.0.0.0/8 is loopback, and
 * `--host` accepts any address in it, so a server bound to 127.0.0.2 accepts its own address.
 */
export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name === '[::1]') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255);
}

const defaultPort = (secure: boolean) => (secure ? 443 : 80);

function values(rawHeaders: readonly string[], name: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if ((rawHeaders[i] as string).toLowerCase() === name) found.push(rawHeaders[i + 1] as string);
  return found;
}

/** Echoes a header in a message only when it is plainly a host or an origin (nothing to inject). */
const shown = (value: string) => (/^[a-z0-9.:[\]/_-]{1,200}$/i.test(value) ? `'${value}'` : 'a malformed value');

const hostRefusal = (detail: string, listener: Listener): Refusal => ({
  code: 'HostNotAllowedException',
  message:
    `Kura refused this request: ${detail}. This server accepts localhost, 127.0.0.1 or [::1] with port ${listener.port}, ` +
    'and the names given with --allowed-host (a defence against DNS rebinding).',
});

const crossOrigin = (detail: string): Refusal => ({
  code: 'CrossOriginRequestException',
  message: `Kura refused this request: ${detail}. AWS clients send no Origin header; Kura serves web pages only on its own origin.`,
});

function judgeHost(policy: OriginPolicy, listener: Listener, hosts: string[]): Refusal | undefined {
  if (!policy.checkHost) return undefined;
  // SigV4 signs every Host value joined: judging one while another is signed would split the two views.
  if (hosts.length !== 1) return hostRefusal(hosts.length === 0 ? 'it has no Host header' : 'it has more than one Host header', listener);
  const raw = hosts[0] as string;
  const host = parseHostHeader(raw);
  if (!host) return hostRefusal(`its Host header ${shown(raw)} is malformed`, listener);
  if (policy.allowedHosts.includes(host.name)) return undefined;
  // Loopback names only with the server's own port: another port is another local server's origin.
  if (isLoopbackName(host.name) && (host.port ?? defaultPort(listener.secure)) === listener.port) return undefined;
  return hostRefusal(`its Host header ${shown(raw)} does not name this server`, listener);
}

/**
 * Same-origin means the Origin's host and port are those of the Host header (which, when checked,
 * names this server). The scheme is not compared: behind a TLS proxy the page is https while Kura
 * itself may serve plain HTTP.
 */
function sameOrigin(origin: string, hosts: string[]): boolean {
  if (hosts.length !== 1) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // A browser sends the origin serialized (scheme://host[:port], no default port): nothing else passes.
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.toLowerCase()) return false;
  const own = parseHostHeader(hosts[0] as string);
  const page = parseHostHeader(url.host);
  if (!own || !page) return false;
  const secure = url.protocol === 'https:';
  return own.name === page.name && (own.port ?? defaultPort(secure)) === (page.port ?? defaultPort(secure));
}

/**
 * A browser opening a page in a window or tab (a link followed, a bookmark): `Sec-Fetch-Mode:
 * navigate` with `Sec-Fetch-Dest: document`, which a page cannot forge for its own fetches, forms
 * posted by it aside (those are POSTs). Only a static page's GET or HEAD may be opened so from
 * another site: it returns no data, and the page's CSP forbids framing it.
 */
export function isTopLevelNavigation(method: string, rawHeaders: readonly string[]): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const only = (name: string) => {
    const found = values(rawHeaders, name);
    return found.length === 1 ? (found[0] as string).trim().toLowerCase() : undefined;
  };
  return only('sec-fetch-mode') === 'navigate' && only('sec-fetch-dest') === 'document';
}

/**
 * Undefined when the request may go on; otherwise why it is refused, worded for the client.
 * `crossSiteNavigationAllowed`: the request opens a static page (isTopLevelNavigation) that a link
 * from another site may open; Host is judged all the same.
 */
export function judgeRequestOrigin(policy: OriginPolicy, listener: Listener, rawHeaders: readonly string[], crossSiteNavigationAllowed = false): Refusal | undefined {
  const hosts = values(rawHeaders, 'host');
  const refusedHost = judgeHost(policy, listener, hosts);
  if (refusedHost) return refusedHost;
  if (crossSiteNavigationAllowed) return undefined;
  // Browsers mark what a page sends, an <img> or a form post included, even when they send no Origin.
  for (const site of values(rawHeaders, 'sec-fetch-site')) {
    const normalized = site.trim().toLowerCase();
    if (normalized === 'cross-site' || normalized === 'same-site') return crossOrigin(`the browser marked it Sec-Fetch-Site: ${normalized}`);
  }
  for (const origin of values(rawHeaders, 'origin')) {
    if (!sameOrigin(origin.trim(), hosts)) return crossOrigin(`it comes from a web page (Origin ${shown(origin.trim())}) other than this server`);
  }
  return undefined;
}
