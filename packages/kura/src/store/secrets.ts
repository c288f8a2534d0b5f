// Secrets Manager's storage port. A secret is its metadata plus versions; a version's value is
// stored only as the envelope the service sealed under a KMS data key, so nothing here can read a
// secret value, and the store never holds one in plaintext.
//
// Writes are optimistic: every secret carries a revision that each write to it moves on, and a
// write names the revision its caller decided on. The service reads, decides (which stages move,
// which deprecated versions go) and writes in one conditional step; a 'conflict' means another
// request (or another replica) wrote first and the service decides again on fresh state. Staging
// labels therefore never end up on two versions, and a version is never lost between two writers.
// A write also names the ARN it decided on: a secret deleted and created again under its name
// starts again at revision 1, so the revision alone could match a secret the caller never read;
// the ARN (its six random characters) tells the two apart, and the replacement is 'not-found'.
//
// Text a client chooses without a pattern in the AWS model (description, KMS key id, rotation
// function, version ids, staging labels, tag keys and values) may hold any character, U+0000
// included, on every backend. Names and ARNs may not: the service checks a name's characters
// before it creates a secret, and a lookup by a name or ARN no secret can have finds nothing.

import type { Scope } from './scope.js';

export interface SecretTag {
  key: string;
  value: string;
}

export interface SecretRotation {
  enabled: boolean;
  /** The rotation function's ARN, as the caller gave it. */
  lambdaArn: string | null;
  automaticallyAfterDays: number | null;
  /** `rate(…)` or `cron(…)`, as the caller gave it. */
  scheduleExpression: string | null;
  /** The rotation window, e.g. `3h`. */
  duration: string | null;
  lastRotatedDate: Date | null;
  /** When the scheduler next starts a rotation (rotation enabled only). */
  nextRotationDate: Date | null;
}

export interface SecretRecord {
  /** Unique in its account and region, exactly as written (ASCII letters, digits and /_+=.@-). */
  name: string;
  /** The full ARN, with the hyphen and six random characters that follow the name. */
  arn: string;
  description: string | null;
  /** The KMS key as the caller named it (key id, ARN or alias); null: the AWS managed aws/secretsmanager. */
  kmsKeyId: string | null;
  createdDate: Date;
  lastChangedDate: Date;
  /** Day granularity, as AWS reports it; null until the value was first read. */
  lastAccessedDate: Date | null;
  /** When DeleteSecret scheduled the deletion; null when none is scheduled. */
  deletedDate: Date | null;
  /** When a scheduled deletion becomes permanent. */
  deletionDate: Date | null;
  rotation: SecretRotation;
  /** The resource policy, when one is attached: JSON text the service has parsed (so no raw U+0000). */
  resourcePolicy: string | null;
  /**
   * In the order they were first added; a re-added key keeps its place and takes the new value. The
   * store keeps that rule itself: a key listed twice in a write is stored once, where it came first,
   * with the value it came with last.
   */
  tags: SecretTag[];
  /** Moved on by every write to the secret or its versions. */
  revision: number;
}

export type SecretValueKind = 'string' | 'binary';

export interface SecretVersionRecord {
  /** A UUID or the caller's ClientRequestToken (32–64 characters). */
  versionId: string;
  /** Staging labels, sorted; empty for a deprecated version. */
  stages: string[];
  createdDate: Date;
  /** Day granularity; null until this version was first read. */
  lastAccessedDate: Date | null;
  /** The KMS key (ARN) whose data key seals this version, the newest when several do (SecretChange.reseal). */
  kmsKeyArn: string;
  /** Whether the value was given as SecretString or SecretBinary. */
  kind: SecretValueKind;
  /** The sealed value (the service's envelope: encrypted data key and AES-256-GCM ciphertext). */
  sealed: Buffer;
}

/** What a new secret starts with; the store sets `revision` to 1 and the access and deletion dates to null. */
export type NewSecret = Omit<SecretRecord, 'revision' | 'lastAccessedDate' | 'deletedDate' | 'deletionDate'>;

export type SecretPatch = Partial<
  Pick<SecretRecord, 'description' | 'kmsKeyId' | 'lastChangedDate' | 'deletedDate' | 'deletionDate' | 'rotation' | 'resourcePolicy' | 'tags'>
>;

/**
 * One write to a secret: metadata, a new version, moved stages and pruned versions, all or nothing.
 * 'version-exists' (the new version's id is taken, as the secret stood before this write) changes
 * nothing. The end state must put each stage on one version at most and name only versions that
 * exist: a change that breaks either is a caller's bug, and it throws, changing nothing.
 */
export interface SecretChange {
  patch?: SecretPatch;
  /** A version to add, with its stages. 'version-exists' when its id is taken. */
  addVersion?: SecretVersionRecord;
  /**
   * The complete stage list each listed version has afterwards (only versions that change). A stage
   * moving to another version must also be left off the list of the version it leaves.
   */
  stages?: { versionId: string; stages: string[] }[];
  /** Versions to delete with their stages (deprecated versions beyond AWS's retention); ids of none are ignored. */
  removeVersions?: string[];
  /**
   * Versions whose envelope is replaced (UpdateSecret's new KMS key: AWS re-encrypts the labelled
   * versions under it), applied after everything else; ids of none are ignored.
   */
  reseal?: SecretReseal[];
}

/**
 * A version's new envelope and the key (ARN) that now seals it; its value, stages and dates stay.
 * Also how a version created without a value (a rotation's AWSPENDING, stored with an empty
 * envelope until the rotation function puts its value) gets one: then `kind` is the value's.
 */
export interface SecretReseal {
  versionId: string;
  sealed: Buffer;
  kmsKeyArn: string;
  /** Set only when the version gets its first value; otherwise its kind stays. */
  kind?: SecretValueKind;
}

/** The secret a write was decided on: its ARN and the revision it was read at. A SecretRecord is one. */
export interface SecretExpectation {
  arn: string;
  revision: number;
}

/** A labelled version of a secret, without its value (DescribeSecret's and ListSecrets' stage maps). */
export interface LabelledVersion {
  versionId: string;
  /** Sorted, never empty. */
  stages: string[];
}

export type SecretChangeOutcome = 'written' | 'not-found' | 'conflict' | 'version-exists';

/** Which version of a secret to read: by id, by staging label, or both (they must agree); neither reads none. */
export interface VersionSelector {
  versionId?: string;
  stage?: string;
}

export type SecretSortKey = 'created-date' | 'last-accessed-date' | 'last-changed-date' | 'name';

export interface SecretListQuery {
  sortBy: SecretSortKey;
  descending: boolean;
  /** Include secrets scheduled for deletion. */
  includePlannedDeletion: boolean;
  /**
   * Resume strictly after this position (keyset paging). `key` is the sort column's value: epoch
   * milliseconds for the dates (a null date sorts as 0; any other key throws a TypeError), the name
   * for 'name'; `name` breaks ties.
   */
  after?: { key: number | string; name: string };
  limit: number;
}

/** A secret somewhere in the store whose scheduled deletion or rotation is due (for the schedulers). */
export interface DueSecret {
  scope: Scope;
  name: string;
}

export interface SecretRepository {
  /** 'exists' when the name is taken in the scope (a secret scheduled for deletion still takes it). */
  create(scope: Scope, secret: NewSecret, firstVersion?: SecretVersionRecord): Promise<'created' | 'exists'>;
  /** By exact name. */
  get(scope: Scope, name: string): Promise<SecretRecord | undefined>;
  /** By full ARN (with the six-character suffix). */
  getByArn(scope: Scope, arn: string): Promise<SecretRecord | undefined>;
  /** Every version (deprecated ones included), oldest first by creation date, then id. */
  versions(scope: Scope, name: string): Promise<SecretVersionRecord[]>;
  /**
   * The secret and one of its versions, read together (one snapshot). undefined when the secret
   * does not exist; `version` undefined when no version matches the selector.
   */
  read(scope: Scope, name: string, selector: VersionSelector): Promise<{ secret: SecretRecord; version: SecretVersionRecord | undefined } | undefined>;
  /**
   * Each listed secret's labelled versions, oldest first (creation date, then id), in one statement:
   * keyed by ARN, so a secret created again under a listed one's name is not taken for it. A secret
   * without a labelled version, or not found in the scope, has no entry.
   */
  labelledVersions(scope: Scope, arns: readonly string[]): Promise<Map<string, LabelledVersion[]>>;
  /**
   * Applies `change` if the secret named `name` is still the one expected (same ARN) at the expected
   * revision, and moves the revision on. 'not-found' when no secret of that name has that ARN.
   */
  change(scope: Scope, name: string, expected: SecretExpectation, change: SecretChange): Promise<SecretChangeOutcome>;
  /**
   * Records a read on the secret and the version (day granularity) without moving the revision:
   * a read is not a change. Only moves a date forward, and writes nothing when both already hold
   * `day` (or later), so reads stay reads. A secret or version that is gone is left gone. A caller
   * whose read already shows `day` on both may skip the call (on PostgreSQL it costs two statements).
   */
  touch(scope: Scope, name: string, versionId: string, day: Date): Promise<void>;
  /** One page in the query's order, read off an index of that order: O(log n + limit), plus the secrets scheduled for deletion skipped. */
  list(scope: Scope, query: SecretListQuery): Promise<SecretRecord[]>;
  /**
   * Deletes the secret with every version, at once, if it is still the one expected: the same ARN,
   * and the same revision when one is given. False otherwise, or when it did not exist.
   */
  delete(scope: Scope, name: string, expected: { arn: string; revision?: number }): Promise<boolean>;
  /** Secrets in any scope whose deletionDate is at or before `now`, soonest due first. */
  dueForDeletion(now: Date, limit: number): Promise<DueSecret[]>;
  /** Secrets in any scope with rotation enabled and nextRotationDate at or before `now`, not scheduled for deletion, soonest due first. */
  dueForRotation(now: Date, limit: number): Promise<DueSecret[]>;
}
