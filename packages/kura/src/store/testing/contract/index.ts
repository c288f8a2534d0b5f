// The store contract: one behavioural suite that every backend runs (SQLite now, PostgreSQL later).
// `open` must return a fresh, empty store each time; every test closes the store it opened.

import { describe } from 'node:test';
import type { Store } from '../../store.js';
import { identityAttachmentContract } from './identities-grants.js';
import { identityGroupContract } from './identities-groups.js';
import { identityLifecycleContract } from './identities-lifecycle.js';
import { identityPolicyContract } from './identities-policies.js';
import { identityRoleContract } from './identities-roles.js';
import { identitySessionContract, identityTagContract } from './identities-tags-sessions.js';
import { identityUserContract } from './identities-users.js';
import { keyAdminContract } from './key-admin.js';
import { keyAliasContract, keyTagContract } from './key-aliases-and-tags.js';
import { accessKeyContract, keyContract } from './keys-and-access-keys.js';
import { labelContract, tagContract } from './labels-and-tags.js';
import { lifecycleContract } from './lifecycle.js';
import { parameterReadContract } from './parameter-reads.js';
import { parameterWriteContract } from './parameter-writes.js';

export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    parameterWriteContract(open);
    parameterReadContract(open);
    labelContract(open);
    tagContract(open);
    keyContract(open);
    keyAdminContract(open);
    keyAliasContract(open);
    keyTagContract(open);
    accessKeyContract(open);
    identityUserContract(open);
    identityGroupContract(open);
    identityRoleContract(open);
    identityPolicyContract(open);
    identityAttachmentContract(open);
    identityTagContract(open);
    identitySessionContract(open);
    identityLifecycleContract(open);
    lifecycleContract(open);
  });
}
