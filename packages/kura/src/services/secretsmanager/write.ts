// Every write to an existing secret: read, decide, write conditionally on the ARN and revision read,
// and on a conflict (another request or replica wrote first) decide again on fresh state. The secret
// must still be the one authorized (same ARN): one deleted and created again under its name meanwhile
// is another secret, which the store refuses to write ('not-found'), and the request answers as if
// its secret were gone.

import type { SecretChange, SecretRecord } from '../../store/secrets.js';
import { scopeOf, type OperationContext } from '../context.js';
import { smErrors } from './errors.js';
import { isExpired, purgeExpired } from './resolve.js';

/** What a decision returns: the output, and the change to write (none: nothing to write). */
export interface Decided {
  output: Record<string, unknown>;
  change?: SecretChange;
}

/** Enough for any realistic contention; past it the request fails rather than spin. */
const MAX_ATTEMPTS = 20;

export async function writeSecret(ctx: OperationContext, authorized: SecretRecord, decide: (secret: SecretRecord) => Promise<Decided>): Promise<Record<string, unknown>> {
  const scope = scopeOf(ctx);
  let secret = authorized;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const decided = await decide(secret);
    if (!decided.change) return decided.output;
    const outcome = await ctx.store.secrets.change(scope, secret.name, secret, decided.change);
    if (outcome === 'written') return decided.output;
    if (outcome === 'not-found') throw smErrors.notFound();
    // 'conflict' or 'version-exists': someone wrote first. Decide again on what is there now.
    const fresh = await ctx.store.secrets.get(scope, secret.name);
    if (!fresh || fresh.arn !== authorized.arn) throw smErrors.notFound();
    if (isExpired(fresh, ctx.now())) {
      await purgeExpired(ctx, fresh);
      throw smErrors.notFound();
    }
    secret = fresh;
  }
  throw new Error(`secret ${authorized.arn} kept changing: gave up after ${MAX_ATTEMPTS} attempts`);
}

/** Refuses what AWS refuses on a secret scheduled for deletion. */
export function assertNotDeleted(secret: SecretRecord): void {
  if (secret.deletedDate !== null) throw smErrors.markedForDeletion();
}
