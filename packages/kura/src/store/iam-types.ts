// What the IAM ports (principals.ts, policies.ts, sessions.ts) share. IAM state is global per
// account (not per region). Names are unique case-insensitively, as in AWS: every lookup by name
// ignores case, and records keep the spelling they were created with.

export type PrincipalKind = 'user' | 'group' | 'role';

export interface IamTag {
  key: string;
  value: string;
}

export type CreateOutcome = 'created' | 'exists';
export type DeleteOutcome = 'deleted' | 'not-found' | 'conflict';

export interface ListPage<T> {
  items: T[];
  /** The cursor to continue after (exclusive) when there is more; undefined on the last page. */
  next?: string;
}

export interface ListQuery {
  pathPrefix?: string;
  /** Continue after this (lower-cased) name, exclusive. */
  after?: string;
  limit: number;
}
