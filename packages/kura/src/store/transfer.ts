// The transfer port: a store's raw records, for copying a whole store into another backend
// (`kura migrate-store`, `kura backup` of PostgreSQL) without going through the domain ports,
// which can neither enumerate everything nor write a version under a given number. Records are the
// stored rows as they are: SecureString values stay KMS ciphertext, key material and secrets stay
// wrapped by the master key; nothing here can open them.
//
// Rows point at their parents by natural key (a parameter's account, region and name; a
// principal's account, kind and folded name; a policy's account and folded ARN), never by a
// backend's surrogate id, so one store's records mean the same in another, and two stores holding
// the same data export the same records. Each kind is exported in one order every backend agrees
// on (byte order of text, numeric order of numbers), which is what lets a checksum over the export
// of two stores tell whether they hold the same data.

/** The kinds of record, parents before children: the order a copy writes them in. */
export const RECORD_KINDS = [
  'meta',
  'job',
  'parameter',
  'parameterVersion',
  'parameterLabel',
  'parameterTag',
  'kmsKey',
  'kmsKeyMaterial',
  'kmsAlias',
  'kmsKeyTag',
  'secret',
  'secretVersion',
  'secretVersionStage',
  'accessKey',
  'iamPrincipal',
  'iamGroupMember',
  'iamPolicy',
  'iamPolicyVersion',
  'iamAttachment',
  'iamInlinePolicy',
  'iamPrincipalTag',
  'iamPolicyTag',
  'stsSession',
] as const;

export type RecordKind = (typeof RECORD_KINDS)[number];

/** What each kind is called in messages, singular and plural. */
export const RECORD_KIND_NAMES: Readonly<Record<RecordKind, readonly [string, string]>> = {
  meta: ['store setting (the master key check value)', 'store settings (the master key check value)'],
  job: ['periodic job run', 'periodic job runs'],
  parameter: ['parameter', 'parameters'],
  parameterVersion: ['parameter version', 'parameter versions'],
  parameterLabel: ['parameter label', 'parameter labels'],
  parameterTag: ['parameter tag', 'parameter tags'],
  kmsKey: ['KMS key', 'KMS keys'],
  kmsKeyMaterial: ['KMS key material version', 'KMS key material versions'],
  kmsAlias: ['KMS alias', 'KMS aliases'],
  kmsKeyTag: ['KMS key tag', 'KMS key tags'],
  secret: ['Secrets Manager secret', 'Secrets Manager secrets'],
  secretVersion: ['secret version', 'secret versions'],
  secretVersionStage: ['secret staging label', 'secret staging labels'],
  accessKey: ['access key', 'access keys'],
  iamPrincipal: ['IAM user, group or role', 'IAM users, groups and roles'],
  iamGroupMember: ['group membership', 'group memberships'],
  iamPolicy: ['managed policy', 'managed policies'],
  iamPolicyVersion: ['managed policy version', 'managed policy versions'],
  iamAttachment: ['policy attachment', 'policy attachments'],
  iamInlinePolicy: ['inline policy', 'inline policies'],
  iamPrincipalTag: ['IAM user or role tag', 'IAM user and role tags'],
  iamPolicyTag: ['managed policy tag', 'managed policy tags'],
  stsSession: ['STS session', 'STS sessions'],
};

/** Times are epoch milliseconds, as both backends store them. */
type Millis = number;

/** A parameter's identity in every record below it. */
interface ParameterRef {
  accountId: string;
  region: string;
  /** Canonical name (leading slash). */
  name: string;
}

interface KeyRef {
  accountId: string;
  region: string;
  keyId: string;
}

/** A secret's identity in every record below it. */
interface SecretRef {
  accountId: string;
  region: string;
  name: string;
}

export type PrincipalKindName = 'user' | 'group' | 'role';

/** A principal's identity: account, kind and its lower-cased name. */
interface PrincipalRef {
  accountId: string;
  principalKind: PrincipalKindName;
  principalNameKey: string;
}

/** A customer managed policy's identity: account and lower-cased ARN. */
interface PolicyRef {
  accountId: string;
  policyArnKey: string;
}

export interface TransferRecords {
  meta: { key: string; value: Buffer };
  job: { name: string; lastRun: Millis };
  parameter: ParameterRef & { parent: string; displayName: string; latestVersion: number };
  parameterVersion: ParameterRef & {
    version: number;
    type: string;
    /** SecureString: KMS ciphertext. */
    value: Buffer;
    keyId: string | null;
    description: string | null;
    allowedPattern: string | null;
    dataType: string;
    tier: string;
    policies: string | null;
    lastModifiedDate: Millis;
    lastModifiedUser: string;
  };
  parameterLabel: ParameterRef & { label: string; version: number };
  parameterTag: ParameterRef & { key: string; value: string };
  kmsKey: KeyRef & {
    description: string;
    keySpec: string;
    keyUsage: string;
    origin: string;
    keyManager: string;
    keyState: string;
    creationDate: Millis;
    deletionDate: Millis | null;
    pendingWindowInDays: number | null;
    policy: string;
    rotationEnabled: boolean;
    rotationPeriodInDays: number | null;
    nextRotationDate: Millis | null;
    currentMaterial: number;
  };
  /** `wrapped` is the material wrapped by the master key (AAD: key and version), never unwrapped here. */
  kmsKeyMaterial: KeyRef & { version: number; wrapped: Buffer; createdAt: Millis; usageCount: number; origin: string };
  kmsAlias: { accountId: string; region: string; aliasName: string; targetKeyId: string; creationDate: Millis; lastUpdatedDate: Millis };
  kmsKeyTag: KeyRef & { tagKey: string; tagValue: string };
  secret: SecretRef & {
    arn: string;
    description: string | null;
    kmsKeyId: string | null;
    createdDate: Millis;
    lastChangedDate: Millis;
    lastAccessedDate: Millis | null;
    deletedDate: Millis | null;
    deletionDate: Millis | null;
    rotationEnabled: boolean;
    rotationLambdaArn: string | null;
    rotationAfterDays: number | null;
    rotationSchedule: string | null;
    rotationDuration: string | null;
    lastRotatedDate: Millis | null;
    nextRotationDate: Millis | null;
    resourcePolicy: string | null;
    /** As stored: the JSON text of [key, value] pairs, in the secret's order. */
    tags: string;
    revision: number;
  };
  /** `sealed` is the service's envelope (a KMS-encrypted data key and the ciphertext), never opened here. */
  secretVersion: SecretRef & { versionId: string; createdDate: Millis; lastAccessedDate: Millis | null; kmsKeyArn: string; kind: string; sealed: Buffer };
  secretVersionStage: SecretRef & { stage: string; versionId: string };
  /** `secretCiphertext` is wrapped by the master key (AAD: the access key id). */
  accessKey: {
    accessKeyId: string;
    accountId: string;
    principalArn: string;
    principalId: string;
    secretCiphertext: Buffer;
    status: string;
    createDate: Millis;
  };
  iamPrincipal: {
    accountId: string;
    kind: PrincipalKindName;
    nameKey: string;
    name: string;
    uniqueId: string;
    path: string;
    arn: string;
    createDate: Millis;
    permissionsBoundary: string | null;
    assumeRolePolicy: string | null;
    description: string | null;
    maxSessionDuration: number | null;
  };
  iamGroupMember: { accountId: string; groupNameKey: string; userNameKey: string };
  iamPolicy: {
    accountId: string;
    nameKey: string;
    name: string;
    arnKey: string;
    arn: string;
    policyId: string;
    path: string;
    description: string | null;
    createDate: Millis;
    updateDate: Millis;
    defaultVersion: number;
  };
  iamPolicyVersion: PolicyRef & { version: number; document: string; createDate: Millis };
  /** The attached policy by ARN: AWS managed policies have no record. */
  iamAttachment: PrincipalRef & { policyArn: string; policyName: string };
  iamInlinePolicy: PrincipalRef & { nameKey: string; name: string; document: string };
  iamPrincipalTag: PrincipalRef & { keyFold: string; tagKey: string; tagValue: string };
  iamPolicyTag: PolicyRef & { tagKey: string; tagValue: string };
  /** `secretCiphertext` is wrapped by the master key; the token is stored only as its hash. */
  stsSession: {
    accessKeyId: string;
    accountId: string;
    secretCiphertext: Buffer;
    sessionTokenHash: string;
    kind: string;
    principalArn: string;
    principalId: string;
    roleArn: string | null;
    roleName: string | null;
    sessionName: string | null;
    sourcePrincipalArn: string;
    sessionPolicy: string | null;
    sessionPolicyArns: string[];
    sourceIdentity: string | null;
    /** [key, value] pairs in the order they were given. */
    tags: Array<[string, string]>;
    chained: boolean;
    issuedAt: Millis;
    expiration: Millis;
  };
}

export type TransferRecord<K extends RecordKind = RecordKind> = TransferRecords[K];

export type RecordCounts = Record<RecordKind, number>;

/** One consistent view of a store (a snapshot), until closed. */
export interface TransferReader {
  /** How many records of each kind the view holds. */
  counts(): Promise<RecordCounts>;
  /** The records of `kind` in the agreed order, at most `batchSize` at a time. Read one kind at a time. */
  records<K extends RecordKind>(kind: K, batchSize: number): AsyncIterable<Array<TransferRecord<K>>>;
  close(): Promise<void>;
}

/**
 * Writing records into a store: one transaction, so a copy that fails half way leaves the store as
 * it was. Nothing is visible to anyone else before commit().
 */
export interface TransferWriter {
  /** How many records of each kind the store holds now (STS sessions whether expired or not). */
  counts(): Promise<RecordCounts>;
  /** Deletes every record of every kind. */
  clear(): Promise<void>;
  /** Inserts records of one kind; their parents must be written already. Fails on a record whose parent is missing or that exists. */
  write<K extends RecordKind>(kind: K, records: ReadonlyArray<TransferRecord<K>>): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface TransferRepository {
  /** A snapshot of the whole store; STS sessions only if they expire after `sessionsValidAt`. */
  read(options: { sessionsValidAt: Date }): Promise<TransferReader>;
  write(): Promise<TransferWriter>;
}

/** Raised by a writer when a record names a parent the store does not have. */
export class TransferRecordError extends Error {
  constructor(kind: RecordKind, detail: string) {
    super(`cannot write ${RECORD_KIND_NAMES[kind][1]}: ${detail}`);
    this.name = 'TransferRecordError';
  }
}

/** A record's identifying fields for an error message: never a value, a ciphertext or a secret. */
export function recordIdentity(record: object): string {
  const keep = ['accountId', 'region', 'name', 'version', 'versionId', 'stage', 'keyId', 'aliasName', 'accessKeyId', 'principalKind', 'principalNameKey', 'policyArnKey', 'groupNameKey', 'userNameKey', 'key', 'label'];
  return JSON.stringify(Object.fromEntries(Object.entries(record).filter(([field, value]) => keep.includes(field) && !Buffer.isBuffer(value))));
}

export function emptyCounts(): RecordCounts {
  return Object.fromEntries(RECORD_KINDS.map((kind) => [kind, 0])) as RecordCounts;
}
