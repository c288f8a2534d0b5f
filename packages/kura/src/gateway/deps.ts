// Everything the gateway is built from; the server assembles it at start-up, tests assemble their own.

import type { Keyring } from '../crypto/keyring.js';
import type { KmsDomain, PageTokens, ServiceLimits } from '../services/context.js';
import type { RotationFunctions } from '../services/rotation-functions.js';
import type { Store } from '../store/store.js';
import type { AccessDeps } from './access.js';
import type { AuditTrail } from './audit.js';
import type { IdentityResolver } from '../identity/credentials.js';
import type { ServiceEntry } from './types.js';

export interface GatewayDeps {
  services: ServiceEntry[];
  identities: IdentityResolver;
  /** The account this server serves. */
  accountId: string;
  clockSkewSeconds: number;
  now: () => Date;
  store: Store;
  kms: KmsDomain;
  tokens: PageTokens;
  limits: ServiceLimits;
  keyring: Keyring;
  /** Secrets Manager's rotation functions (the server's registered commands); absent, none can be invoked. */
  rotation?: RotationFunctions;
  /** Each request's decisions go to its own collector; the pipeline writes one event per request here. */
  access: Omit<AccessDeps, 'now' | 'audit'>;
  /** The audit log: one event per request, written before the response is returned. */
  audit: AuditTrail;
  /**
   * The name every audit event gives this server (additionalEventData.replica). Asked per request:
   * a server on port 0 knows its default name, which holds the port, only once it listens.
   */
  replicaId: () => string;
  /** Called for failures that are not ServiceErrors: log them with the request id, never to the client. */
  onUnexpectedError(requestId: string, error: unknown): void;
}
