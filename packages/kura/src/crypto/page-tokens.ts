// Stateless pagination tokens: the position is sealed (encrypted and authenticated) together with
// a digest of what the token is bound to: operation, caller, account/region and query. A token
// replayed by another caller, for another query, altered, or older than its lifetime opens to nothing.

import { createHash } from 'node:crypto';
import { open, seal } from './aead.js';

/** What a token is bound to: the same caller must ask the same question to continue. */
export interface TokenBinding {
  operation: string;
  principalArn: string;
  scope: { accountId: string; region: string };
  /** Every input member that shapes the result set (not NextToken or MaxResults). */
  query: unknown;
}

/** A stateless, tamper-proof pagination token codec bound to caller and query. */
export interface PageTokens {
  /** Seals `position` for the next page of `operation` with this query, for this caller. */
  issue(bind: TokenBinding, position: string): string;
  /** Returns the position, or undefined when the token is forged, altered, expired or bound elsewhere. */
  open(bind: TokenBinding, token: string): string | undefined;
}

const LIFETIME_MS = 24 * 60 * 60 * 1000;

export function createPageTokens(key: Buffer, now: () => Date = () => new Date()): PageTokens {
  const bindingDigest = (bind: TokenBinding): Buffer =>
    createHash('sha256')
      .update(JSON.stringify([bind.operation, bind.principalArn, bind.scope.accountId, bind.scope.region, bind.query ?? null]))
      .digest();
  return {
    issue(bind, position) {
      const body = Buffer.from(JSON.stringify({ p: position, t: now().getTime() }), 'utf8');
      return seal(key, body, bindingDigest(bind)).toString('base64url');
    },
    open(bind, token) {
      if (token.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
      const body = open(key, Buffer.from(token, 'base64url'), bindingDigest(bind));
      if (!body) return undefined;
      try {
        const parsed = JSON.parse(body.toString('utf8')) as { p?: unknown; t?: unknown };
        if (typeof parsed.p !== 'string' || typeof parsed.t !== 'number') return undefined;
        const age = now().getTime() - parsed.t;
        if (age < 0 || age > LIFETIME_MS) return undefined;
        return parsed.p;
      } catch {
        return undefined;
      }
    },
  };
}
