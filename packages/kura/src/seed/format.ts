// A seed as the rest of Kura sees it once it is read and checked (docs/seed.md is the format's
// reference): every resource with the place it was declared (file and path), values already taken
// from the environment where the file said `…FromEnv`. Optional members left undefined are the ones
// the seed does not name: applying never touches them on an existing resource.

import type { Located } from './problems.js';

export interface Tag {
  key: string;
  value: string;
}

export interface SeedKey extends Located {
  region: string;
  keyId: string;
  description?: string;
  /** The key policy, JSON text; absent: the default policy at creation, untouched later. */
  policy?: string;
  /** Absent: enabled (a seeded key is there to be used). */
  enabled?: boolean;
  aliases: string[];
  tags: Tag[];
  /** Automatic rotation; absent: left as it is. A period absent: any period matches (365 days at creation). */
  rotation?: { enabled: boolean; periodDays?: number };
  /** Fixed 256-bit material (--dev only), for ciphertexts reproducible across machines. */
  material?: Buffer;
}

export interface SeedParameter extends Located {
  region: string;
  /** As written (the canonical form, with a leading slash, is what duplicates are checked on). */
  name: string;
  type: 'String' | 'StringList' | 'SecureString';
  value: string;
  keyId?: string;
  description?: string;
  tier?: string;
  allowedPattern?: string;
  dataType?: string;
  tags: Tag[];
  /** Labels on the version the seed writes (or the latest, when it matches); moved there from any other version. */
  labels: string[];
}

export interface NamedDocument {
  name: string;
  document: string;
  path: string;
}

interface IamEntity extends Located {
  name: string;
  /** The IAM path (`/service/`); absent: `/` at creation, untouched later. */
  iamPath?: string;
  /** Managed policies attached, as ARNs (a seed policy's name is resolved to its ARN when read). */
  managedPolicies: string[];
  inlinePolicies: NamedDocument[];
}

export interface SeedPolicy extends Located {
  name: string;
  iamPath: string;
  arn: string;
  description?: string;
  document: string;
}

export type SeedGroup = IamEntity;

export interface SeedAccessKey extends Located {
  accessKeyId: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
}

export interface SeedUser extends IamEntity {
  /** The permissions boundary, a policy ARN (a seed policy's name is resolved when read); absent: left as it is. */
  permissionsBoundary?: string;
  groups: string[];
  tags: Tag[];
  accessKeys: SeedAccessKey[];
}

export interface SeedRole extends IamEntity {
  assumeRolePolicy: string;
  /** As a user's. */
  permissionsBoundary?: string;
  description?: string;
  maxSessionDuration?: number;
  tags: Tag[];
}

/** A secret's rotation as RotateSecret configures it: the function and one schedule (validated by Secrets Manager's own rules). */
export interface SeedSecretRotation {
  /** The rotation function's Lambda ARN (RotateSecret's RotationLambdaARN), registered on this server. */
  function: string;
  automaticallyAfterDays?: number;
  scheduleExpression?: string;
  /** The rotation window (`3h`); absent: the schedule's default window. */
  duration?: string;
  /** Rotate at once when the seed has just created the secret (never an existing one); default false. */
  rotateImmediately: boolean;
}

export interface SeedSecret extends Located {
  region: string;
  name: string;
  /** SecretString, or SecretBinary (a Buffer). */
  value: string | Buffer;
  description?: string;
  kmsKeyId?: string;
  /** The secret's resource policy, JSON text. */
  resourcePolicy?: string;
  tags: Tag[];
  /** Rotation; absent: left as it is. Once the function has rotated the secret, its value is the function's. */
  rotation?: SeedSecretRotation;
}

export interface Seed {
  /** The files read, in the order applied. */
  files: string[];
  keys: SeedKey[];
  parameters: SeedParameter[];
  policies: SeedPolicy[];
  groups: SeedGroup[];
  users: SeedUser[];
  roles: SeedRole[];
  secrets: SeedSecret[];
}

export const emptySeed = (): Seed => ({ files: [], keys: [], parameters: [], policies: [], groups: [], users: [], roles: [], secrets: [] });

export const DEFAULT_REGION = 'us-east-1';
