// The Parameter Store's storage port. Every method is one atomic domain step, so a backend can do it
// in one transaction (SQLite) or one round of statements (PostgreSQL) without callers holding a
// transaction open across awaits. Names are canonical here: always with a leading slash.

import type { Scope } from './scope.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export type ParameterTier = 'Standard' | 'Advanced';

export interface Tag {
  key: string;
  value: string;
}

export interface ParameterVersion {
  version: number;
  type: ParameterType;
  /** String and StringList: the UTF-8 value. SecureString: the KMS ciphertext blob, never plaintext. */
  value: Buffer;
  /** SecureString only: the KMS key as the writer named it (alias, key id or ARN). */
  keyId: string | null;
  description: string | null;
  allowedPattern: string | null;
  dataType: string;
  tier: ParameterTier;
  /** The Policies JSON array text, when the version has policies. */
  policies: string | null;
  lastModifiedDate: Date;
  lastModifiedUser: string;
  /** Labels attached to this version, sorted. */
  labels: string[];
}

/** A parameter with its latest version. */
export interface ParameterHead {
  /** Canonical name: `/foo` for both `foo` and `/foo`. */
  name: string;
  /** The name as written when the parameter was created. */
  displayName: string;
  latest: ParameterVersion;
}

export type NewVersion = Omit<ParameterVersion, 'version' | 'labels'>;

export interface PutRequest {
  name: string;
  displayName: string;
  /** The latest version the caller based its decision on; 0 means "must not exist yet". */
  expectedLatest: number;
  version: NewVersion;
  /** Tags to set when this put creates the parameter. */
  tags: Tag[];
  /** History cap: writing beyond it evicts the oldest version, unless that one carries a label. */
  maxVersions: number;
}

export type PutOutcome =
  | { outcome: 'written'; version: number }
  /** The latest version is no longer `expectedLatest`: decide again on fresh state. */
  | { outcome: 'conflict' }
  | { outcome: 'oldest-labelled'; oldestVersion: number };

export interface ListQuery {
  /** Only names strictly below this path (`/a` lists `/a/b`, `/a/b/c`, never `/a`). `/` lists all. */
  below?: string;
  /** With `below`: only direct children (one level). */
  oneLevel?: boolean;
  /** Resume after this canonical name (exclusive). */
  afterName?: string;
  limit: number;
}

export interface PathQuery {
  /** The path whose direct child paths are listed: `/` for the root; a trailing slash is accepted. */
  below: string;
  /** Resume after this child path (exclusive), as returned: `/a/b`. */
  afterPath?: string;
  limit: number;
}

export type LabelOutcome =
  | { outcome: 'labelled'; version: number }
  | { outcome: 'not-found' }
  | { outcome: 'version-not-found' }
  | { outcome: 'limit-exceeded' };

export type UnlabelOutcome =
  | { outcome: 'unlabelled'; removed: string[]; invalid: string[] }
  | { outcome: 'not-found' }
  | { outcome: 'version-not-found' };

export interface ParameterRepository {
  put(scope: Scope, request: PutRequest): Promise<PutOutcome>;
  get(scope: Scope, name: string): Promise<ParameterHead | undefined>;
  getVersion(scope: Scope, name: string, version: number): Promise<ParameterVersion | undefined>;
  getLabelled(scope: Scope, name: string, label: string): Promise<ParameterVersion | undefined>;
  /** Versions in ascending order, starting after `afterVersion`. */
  history(scope: Scope, name: string, afterVersion: number, limit: number): Promise<ParameterVersion[]>;
  /** Parameters in byte order of canonical name; costs O(log n + limit) with the backend's index. */
  list(scope: Scope, query: ListQuery): Promise<ParameterHead[]>;
  /**
   * The distinct direct child paths of `below` that have at least one parameter somewhere below them
   * (`/a/b` for `/a/b/c`; a parameter named `/a/b` alone does not make `/a/b` a path), as full paths,
   * in byte order of the child's segment. Costs a few index seeks per child returned
   * (child-paths.ts), never a scan of what lies below.
   */
  listPaths(scope: Scope, query: PathQuery): Promise<string[]>;
  /** Deletes every version, label and tag. False when the parameter did not exist. */
  delete(scope: Scope, name: string): Promise<boolean>;
  /** Attaches labels to `version` (latest when undefined), moving them from other versions. */
  label(scope: Scope, name: string, version: number | undefined, labels: string[], maxPerVersion: number): Promise<LabelOutcome>;
  unlabel(scope: Scope, name: string, version: number, labels: string[]): Promise<UnlabelOutcome>;
  /** Tags sorted by key; undefined when the parameter does not exist. */
  tags(scope: Scope, name: string): Promise<Tag[] | undefined>;
  addTags(scope: Scope, name: string, tags: Tag[], maxTags: number): Promise<'ok' | 'not-found' | 'too-many'>;
  removeTags(scope: Scope, name: string, keys: string[]): Promise<'ok' | 'not-found'>;
}
