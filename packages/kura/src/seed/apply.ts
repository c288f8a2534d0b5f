// Applying a whole seed, in the order references need: KMS keys and aliases (parameters and secrets
// are encrypted under them), parameters, IAM (managed policies, groups, users, roles), secrets.
// Idempotent: what exists and matches is left alone and reported nowhere; what differs is reported
// (names only) and put right; nothing the seed does not name is touched. Every write goes through
// the operator (operator.ts), so through the services' own operations.

import { applyIam } from './apply-iam.js';
import { applyKeys } from './apply-kms.js';
import { applySecrets } from './apply-secrets.js';
import { applyParameters } from './apply-ssm.js';
import type { Seed } from './format.js';
import type { ApplyContext } from './operator.js';

export async function applySeed(seed: Seed, a: ApplyContext): Promise<void> {
  await applyKeys(a, seed.keys);
  await applyParameters(a, seed.parameters);
  await applyIam(a, seed);
  await applySecrets(a, seed.secrets);
}
