// A customer managed key written straight into the store, for the tests of services that encrypt
// under KMS (SSM SecureStrings, Secrets Manager): the key a test names without going through
// CreateKey and its authorization.

import { randomUUID } from 'node:crypto';
import type { Store } from '../../../store/store.js';
import type { KmsDomain } from '../../context.js';
import { symmetricKeyRecord } from '../key-records.js';
import { defaultKeyPolicy } from '../policies.js';
import { ACCOUNT, REGION } from '../../testing/kit.js';

export async function createCustomerKey(store: Store, kms: KmsDomain, now: () => Date, policy: string = defaultKeyPolicy(ACCOUNT)): Promise<{ keyId: string; arn: string }> {
  const keyId = randomUUID();
  const scope = { accountId: ACCOUNT, region: REGION };
  const created = now();
  await store.keys.create(scope, {
    key: symmetricKeyRecord(keyId, created, policy),
    material: { wrapped: kms.newWrappedMaterial(scope, keyId, 1), createdAt: created },
  });
  return { keyId, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}` };
}
