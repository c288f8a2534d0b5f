// Encryption algorithms and recipients of the cryptographic operations. Every key Kura has is a
// SYMMETRIC_DEFAULT key, whose only algorithm is SYMMETRIC_DEFAULT (AES-256-GCM).

import type { KeyRecord } from '../../store/keys.js';
import { kmsErrors } from './errors.js';
import { optionalString, type Input } from './input.js';

export const SYMMETRIC_DEFAULT = 'SYMMETRIC_DEFAULT';

/** An explicit RSA or SM2 algorithm with a symmetric key is the key's usage error, as in AWS. */
export function assertAlgorithm(input: Input, member: string, key: KeyRecord): void {
  const algorithm = optionalString(input, member);
  if (algorithm !== undefined && algorithm !== SYMMETRIC_DEFAULT) throw kmsErrors.incompatibleAlgorithm(algorithm, key.keySpec);
}

/** Nitro Enclaves attestation (Recipient) is a GAPS.md entry. */
export function assertNoRecipient(input: Input): void {
  if (input['Recipient'] !== undefined) throw kmsErrors.unsupported('Recipient (Nitro Enclaves attestation) is not supported by Kura.');
}
