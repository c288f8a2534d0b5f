// The seam between a seed and the services: the seed says what must exist, the operator runs the
// AWS operations that make it so. server/seed-operator.ts implements it over the gateway's own
// service registry: each call goes through the operation's normalisation, checks and handler
// (services/run-operation.ts), as the administrator, and is one audit event. So a seeded
// SecureString is encrypted under its KMS key exactly as PutParameter encrypts one, a seeded policy
// is refused for what CreatePolicy refuses, and the audit log shows what the seed did.

import type { OperationContext } from '../services/context.js';
import { SeedApplyError, type Located } from './problems.js';

export type SeedService = 'ssm' | 'kms' | 'iam' | 'secretsmanager';

export interface SeedOperator {
  /** One AWS operation by its exact name, as the administrator, in `region`; throws its ServiceError. */
  call(service: SeedService, operation: string, input: Record<string, unknown>, region: string): Promise<Record<string, unknown>>;
  /**
   * A write no AWS operation can make (a KMS key with a given id or material, an access key pair
   * given in advance), done with the context an operation gets and audited as `operation`.
   */
  direct<T>(service: SeedService, operation: string, region: string, work: (ctx: OperationContext) => Promise<T>): Promise<T>;
  /** A comparison no operation can make (stored key material, a stored secret access key); not a change, so not audited. */
  inspect<T>(region: string, work: (ctx: OperationContext) => Promise<T>): Promise<T>;
}

/** How applying tells the operator what it changed: one line per change, names only (`seed: /app/db/password: value differs, new version 4`). */
export type Report = (line: string) => void;

export interface ApplyContext {
  op: SeedOperator;
  report: Report;
  accountId: string;
}

/** The error code of a ServiceError (or undefined): what "not found" and "already exists" look like. */
export function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
}

/** The result of a read that may find nothing: undefined for the not-found codes given. */
export async function found<T>(read: Promise<T>, notFound: readonly string[]): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (notFound.includes(codeOf(error) ?? '')) return undefined;
    throw error;
  }
}

/**
 * Create-or-compare under concurrency: several servers starting on one database with the same seed
 * each look, and all but one lose the creation (the store's conditional writes answer "exists"); a
 * loser looks again and compares, so no server fails and nothing is written twice for a creation.
 */
export async function settle(attempt: () => Promise<void>, lostRace: readonly string[], tries = 3): Promise<void> {
  for (let i = 1; ; i += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries || !lostRace.includes(codeOf(error) ?? '')) throw error;
    }
  }
}

/**
 * Applies `apply` to each resource in order; an operation's refusal (a ServiceError: a trust policy
 * naming a user that does not exist, a key in the wrong state) stops the seed with the place the
 * resource was declared and the service's own words, which never hold a value.
 */
export async function forEach<T extends Located>(items: readonly T[], apply: (item: T) => Promise<void>): Promise<void> {
  for (const item of items) {
    try {
      await apply(item);
    } catch (error) {
      const code = codeOf(error);
      if (error instanceof SeedApplyError || code === undefined || !(error instanceof Error)) throw error;
      throw new SeedApplyError(item, `${code}: ${error.message}`);
    }
  }
}
