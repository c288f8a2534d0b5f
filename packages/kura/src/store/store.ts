// What a storage backend provides: the repositories, plus lifecycle. One contract test suite
// (contract/index.ts) runs against every backend.

import type { AccessKeyRepository } from './access-keys.js';
import type { AuditEventRepository } from './audit.js';
import type { KeyRepository } from './keys.js';
import type { MetaRepository } from './meta.js';
import type { ParameterRepository } from './parameters.js';
import type { PolicyRepository } from './policies.js';
import type { PrincipalRepository } from './principals.js';
import type { SecretRepository } from './secrets.js';
import type { SessionRepository } from './sessions.js';

export interface StoreHealth {
  ok: boolean;
  backend: string;
}

export interface Store {
  readonly parameters: ParameterRepository;
  readonly keys: KeyRepository;
  readonly accessKeys: AccessKeyRepository;
  readonly principals: PrincipalRepository;
  readonly policies: PolicyRepository;
  readonly sessions: SessionRepository;
  readonly secrets: SecretRepository;
  readonly meta: MetaRepository;
  /**
   * Present when the store keeps the audit events itself: a store several replicas share, whose
   * events are then one stream. Absent (SQLite), each server writes its own audit log file.
   */
  readonly auditEvents?: AuditEventRepository;
  health(): Promise<StoreHealth>;
  /** Deletes all state but the access keys listed in `keep` (for `POST /_kura/reset` in --dev mode). */
  reset(keep: { accessKeyIds: string[] }): Promise<void>;
  close(): Promise<void>;
}

export type { Scope } from './scope.js';
