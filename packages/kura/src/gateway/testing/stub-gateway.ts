// Test support: a gateway over the given services in which only what the test is about is real.
// One access key (the SigV4 test kit's ACCESS_KEY_ID/SECRET) is the administrator, the clock stands
// at the test kit's SIGNED_AT, every authorization check allows, and KMS must not be called.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createKeyring } from '../../crypto/keyring.js';
import { createPageTokens } from '../../crypto/page-tokens.js';
import { parsePolicy } from '../../policy/parse-policy.js';
import { refusingKms } from '../../services/kms/testing/refusing-kms.js';
import { ACCESS_KEY_ID, SECRET, SIGNED_AT } from '../../sigv4/testing/kit.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { GatewayDeps } from '../deps.js';
import { createGateway } from '../pipeline.js';
import type { ServiceEntry } from '../types.js';

const allowAll = {
  policy: parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity'),
  source: { type: 'inline' as const, id: 'allow-all' },
};

/** The name the stub gateway's audit events give their server. */
export const STUB_REPLICA = 'stub-replica';

export function stubGateway(services: ServiceEntry[], parts: Pick<GatewayDeps, 'audit' | 'onUnexpectedError'>) {
  const store = openSqliteStore({ path: ':memory:' });
  const gateway = createGateway({
    services,
    identities: async (id) =>
      id === ACCESS_KEY_ID
        ? {
            secretAccessKey: SECRET,
            principal: { arn: 'arn:aws:iam::123456789012:user/admin', accountId: '123456789012', userId: 'AIDAX', accessKeyId: id },
            subject: { kind: 'user', userName: 'admin', userId: 'AIDAX' },
          }
        : undefined,
    accountId: '123456789012',
    clockSkewSeconds: 300,
    now: () => SIGNED_AT,
    store,
    kms: refusingKms(() => assert.fail('no KMS call expected')),
    tokens: createPageTokens(randomBytes(32)),
    limits: { maxParameterVersions: 100 },
    keyring: createKeyring(randomBytes(32)),
    access: { policiesFor: async () => ({ identity: [allowAll] }) },
    replicaId: () => STUB_REPLICA,
    ...parts,
  });
  return { gateway, store };
}
