// Secret reads kept for one write epoch (epoch-cache.ts explains when that is exact): the secret a
// SecretId names, by name or ARN, and a secret read together with one version. GetSecretValue is
// the read every container start makes; in steady state nothing writes (a read's LastAccessedDate
// is recorded once a day, and that write moves the epoch like any other). Bounded by entries and by
// sealed value bytes (a value is at most 64 KiB).

import type { SecretRecord, SecretVersionRecord } from '../secrets.js';
import { EpochCache, type EpochCacheLimits } from './epoch-cache.js';

export type SecretRead = { secret: SecretRecord; version: SecretVersionRecord | undefined };
export type SecretEntry = SecretRecord | SecretRead;

/** 10,000 entries and 16 MiB of sealed values. */
export const SECRET_CACHE_LIMITS: EpochCacheLimits = { maxItems: 10_000, maxBytes: 16 * 1024 * 1024 };

const isRead = (entry: SecretEntry): entry is SecretRead => 'secret' in entry;

function freezeSecret(secret: SecretRecord): void {
  if (Object.isFrozen(secret)) return;
  for (const tag of secret.tags) Object.freeze(tag);
  Object.freeze(secret.tags);
  Object.freeze(secret.rotation);
  Object.freeze(secret);
}

function freezeVersion(version: SecretVersionRecord): void {
  Object.freeze(version.stages);
  Object.freeze(version);
}

/** `null` is a secret (or version read) known not to exist: one item, no bytes. */
export function createSecretCache(limits: EpochCacheLimits = SECRET_CACHE_LIMITS): EpochCache<SecretEntry | null> {
  return new EpochCache<SecretEntry | null>(
    {
      measure: (entry) => ({ items: 1, bytes: entry !== null && isRead(entry) && entry.version ? entry.version.sealed.length : 0 }),
      freeze: (entry) => {
        if (entry === null) return;
        if (isRead(entry)) {
          freezeSecret(entry.secret);
          if (entry.version) freezeVersion(entry.version);
          Object.freeze(entry);
        } else freezeSecret(entry);
      },
    },
    limits,
  );
}
