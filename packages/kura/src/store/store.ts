// What a storage backend provides: the repositories, plus lifecycle. One contract test suite
// (contract/index.ts) runs against every backend.

import type { AccessKeyRepository } from './access-keys.js';
import type { IdentityRepository } from './identities.js';
import type { KeyRepository } from './keys.js';
import type { ParameterRepository } from './parameters.js';

export interface StoreHealth {
  ok: boolean;
  backend: string;
}

export interface Store {
  readonly parameters: ParameterRepository;
  readonly keys: KeyRepository;
  readonly accessKeys: AccessKeyRepository;
  readonly identities: IdentityRepository;
  health(): Promise<StoreHealth>;
  /** Deletes all state but the access keys listed in `keep` (for `POST /_kura/reset` in --dev mode). */
  reset(keep: { accessKeyIds: string[] }): Promise<void>;
  close(): Promise<void>;
}

export type { Scope } from './scope.js';
