// The store contract: one behavioural suite that every backend runs (SQLite now, PostgreSQL later).
// `open` must return a fresh, empty store each time; every test closes the store it opened.

import { describe } from 'node:test';
import type { Store } from '../../store.js';
import { iamLifecycleContract } from './iam-lifecycle.js';
import { policyGrantContract } from './policies-grants.js';
import { managedPolicyContract, policyTagContract } from './policies-managed.js';
import { principalGroupContract } from './principals-groups.js';
import { principalRoleContract } from './principals-roles.js';
import { principalTagContract } from './principals-tags.js';
import { principalUserContract } from './principals-users.js';
import { sessionContract } from './sessions.js';
import { keyAdminContract } from './key-admin.js';
import { keyAliasContract, keyTagContract } from './key-aliases-and-tags.js';
import { accessKeyContract, keyContract } from './keys-and-access-keys.js';
import { labelContract, tagContract } from './labels-and-tags.js';
import { lifecycleContract } from './lifecycle.js';
import { metaContract } from './meta.js';
import { oddLookupContract } from './odd-lookups.js';
import { oddTextContract } from './odd-text.js';
import { parameterPathContract } from './parameter-paths.js';
import { parameterReadContract } from './parameter-reads.js';
import { parameterWriteContract } from './parameter-writes.js';
import { secretChangeContract } from './secret-changes.js';
import { secretListContract } from './secret-lists.js';
import { secretContract } from './secrets.js';

export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    parameterWriteContract(open);
    parameterReadContract(open);
    parameterPathContract(open);
    labelContract(open);
    tagContract(open);
    keyContract(open);
    keyAdminContract(open);
    keyAliasContract(open);
    keyTagContract(open);
    accessKeyContract(open);
    // Secrets Manager: created and read, changed, listed.
    secretContract(open);
    secretChangeContract(open);
    secretListContract(open);
    // IAM: one group per port (principals, policies, sessions), then what spans them.
    principalUserContract(open);
    principalGroupContract(open);
    principalRoleContract(open);
    principalTagContract(open);
    managedPolicyContract(open);
    policyTagContract(open);
    policyGrantContract(open);
    sessionContract(open);
    iamLifecycleContract(open);
    lifecycleContract(open);
    metaContract(open);
    oddLookupContract(open);
    oddTextContract(open);
  });
}
