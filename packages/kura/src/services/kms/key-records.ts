// The record of a new symmetric key, as CreateKey makes it: a customer managed key, enabled, with
// automatic rotation off until EnableKeyRotation. AWS managed keys and tests start from it with
// their own differences, so a field added to keys is filled in one place.

import type { NewKey } from '../../store/keys.js';

export type NewKeyRecord = NewKey['key'];

export function symmetricKeyRecord(keyId: string, created: Date, policy: string, overrides: Partial<NewKeyRecord> = {}): NewKeyRecord {
  return {
    keyId,
    description: '',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    keyManager: 'CUSTOMER',
    keyState: 'Enabled',
    creationDate: created,
    deletionDate: null,
    pendingWindowInDays: null,
    policy,
    rotationEnabled: false,
    rotationPeriodInDays: null,
    nextRotationDate: null,
    ...overrides,
  };
}
