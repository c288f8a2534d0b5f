// One change to one key, decided from the key as it is now and written only if the key is still in
// the state the decision saw. Two requests racing (EnableKey against ScheduleKeyDeletion, say) can
// then never both win from the same starting state: the loser decides again from the new state.

import type { KeyPatch } from '../../store/keys.js';
import { scopeOf, type OperationContext } from '../context.js';
import type { ResolvedKey } from './domain-types.js';
import { kmsErrors } from './errors.js';
import { findKeyById } from './lookup.js';

const ATTEMPTS = 5;

/**
 * Finds the key (key id or ARN), asks `decide` for the patch
 * (which throws the operation's state errors, or returns undefined for "nothing to write"), and
 * writes it. Returns the key as found and the patch written.
 */
export async function changeKey(
  ctx: OperationContext,
  keyRef: string,
  action: string,
  decide: (resolved: ResolvedKey) => KeyPatch | undefined,
): Promise<{ resolved: ResolvedKey; patch: KeyPatch | undefined }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const resolved = await findKeyById(ctx, keyRef);
    const patch = decide(resolved);
    if (patch === undefined) return { resolved, patch };
    const outcome = await ctx.store.keys.update(scopeOf(ctx), resolved.key.keyId, patch, resolved.key.keyState);
    if (outcome === 'updated') return { resolved, patch };
    if (outcome === 'not-found') throw kmsErrors.keyNotFound(resolved.arn);
  }
  throw new Error(`key state kept changing under ${action}`);
}
