// What a resource type kura apply creates must say: its properties (which ones replace the
// resource when they change, which are required, which are secret and so never recorded), the
// attributes Fn::GetAtt may read, and how to create, update and delete it through the AWS SDK.

import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Environment } from '../pseudo.js';
import type { Value } from '../values.js';

export interface ApplyClients {
  ssm: SSMClient;
  kms: KMSClient;
  sts: STSClient;
  iam: IAMClient;
  secrets: SecretsManagerClient;
}

/** Resolved properties: no intrinsic function left, and (when a handler sees them) no Unknown. */
export type Props = { [name: string]: Value };

/** What the stack's record keeps of a resource it created. */
export interface Stored {
  type: string;
  physicalId: string;
  /** `Ref` and every Fn::GetAtt attribute. */
  attributes: { [name: string]: Value };
  /** The properties applied; a secret property is recorded as SECRET_MARK, never its value. */
  properties: Props;
}

export const SECRET_MARK = '(secret: not recorded)';

export interface HandlerContext {
  clients: ApplyClients;
  logicalId: string;
  env: Environment;
}

export interface PropertySpec {
  /** Changing it replaces the resource (CloudFormation's "Update requires: Replacement"). */
  replace?: boolean;
  required?: boolean;
  /** Never recorded; whether it changed is asked of the live resource (`secretChanged`). */
  secret?: boolean;
}

export interface Created {
  physicalId: string;
  attributes: Stored['attributes'];
}

export interface Updated {
  attributes: Stored['attributes'];
  /** Undoes the update when a later resource fails; by default the update is applied backwards. */
  revert?: () => Promise<void>;
}

export interface ResourceHandler {
  type: string;
  properties: { [name: string]: PropertySpec };
  /** The property that names the resource: a replacement keeping an explicit name cannot be made. */
  nameProperty?: string;
  /** Fn::GetAtt attributes (Ref is always there). */
  attributes: readonly string[];
  /** Checks of the resolved properties beyond presence (types, combinations), before anything is written. */
  check?(props: Props, at: string): void;
  /** The attributes an update to `props` will leave (default: the recorded ones). */
  plannedAttributes?(stored: Stored, props: Props): Stored['attributes'];
  /** Creates it; on a failure part-way, removes what it made before throwing. */
  create(props: Props, ctx: HandlerContext): Promise<Created>;
  update(stored: Stored, props: Props, ctx: HandlerContext): Promise<Updated>;
  /** Deletes it; one already gone is not an error. */
  delete(stored: Stored, ctx: HandlerContext): Promise<void>;
  /** For secret properties: whether the live resource holds something else than `props` asks for. */
  secretChanged?(stored: Stored, props: Props, ctx: HandlerContext): Promise<boolean>;
}
