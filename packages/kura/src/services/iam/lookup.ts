// Finding the entities an operation names, or failing with AWS's error for the missing one.
// Names compare case-insensitively (the store folds case); ARNs of policies are parsed strictly.

import type { ManagedPolicyRecord, PolicyVersionRecord } from '../../store/policies.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../../store/principals.js';
import type { OperationContext } from '../context.js';
import { looksLikeArn, nameOfArn, parseIamArn } from '../../identity/arns.js';
import { awsManagedPolicy } from '../../identity/aws-managed-policies.js';
import { iamErrors, type EntityKind } from './errors.js';

export async function requireUser(ctx: OperationContext, name: string): Promise<UserRecord> {
  const user = await ctx.store.principals.getUser(ctx.accountId, name);
  if (!user) throw iamErrors.noSuchEntity('user', name);
  return user;
}

export async function requireGroup(ctx: OperationContext, name: string): Promise<GroupRecord> {
  const group = await ctx.store.principals.getGroup(ctx.accountId, name);
  if (!group) throw iamErrors.noSuchEntity('group', name);
  return group;
}

export async function requireRole(ctx: OperationContext, name: string): Promise<RoleRecord> {
  const role = await ctx.store.principals.getRole(ctx.accountId, name);
  if (!role) throw iamErrors.noSuchEntity('role', name);
  return role;
}

/** Fails with NoSuchEntity unless the user, group or role exists. */
export async function requireEntity(ctx: OperationContext, kind: EntityKind, name: string): Promise<void> {
  if (kind === 'user') await requireUser(ctx, name);
  else if (kind === 'group') await requireGroup(ctx, name);
  else await requireRole(ctx, name);
}

/**
 * The user an operation with an optional UserName acts on: the named one, or the caller when it is
 * an IAM user. Role sessions must name the user (AWS's ValidationError).
 */
export function userNameOrCaller(ctx: OperationContext, name: string | undefined): string {
  if (name !== undefined) return name;
  const kind = ctx.principal.kind ?? 'user';
  if (kind === 'assumed-role' || !/^arn:aws:iam::\d{12}:user\//.test(ctx.principal.arn)) throw iamErrors.userNameRequired();
  return nameOfArn(ctx.principal.arn);
}

/**
 * As userNameOrCaller, resolved to the user. The caller is found by name and must still be the
 * user its credentials stand for (the same unique id): a user deleted and created again under the
 * caller's name is someone else, so the caller is reported missing, as a deleted user is.
 */
export async function requireUserOrCaller(ctx: OperationContext, name: string | undefined): Promise<UserRecord> {
  if (name !== undefined) return requireUser(ctx, name);
  const callerName = userNameOrCaller(ctx, undefined);
  const user = await requireUser(ctx, callerName);
  if (user.id !== ctx.principal.userId) throw iamErrors.noSuchEntity('user', callerName);
  return user;
}

export interface ResolvedPolicy {
  record: ManagedPolicyRecord;
  /** AWS managed: its one (default) version is built in, and it cannot be changed. */
  awsVersion: PolicyVersionRecord | undefined;
}

/** Checks the shape of a policy ARN: ValidationError when unparsable, InvalidInput when not a policy. */
export function checkPolicyArn(arn: string): void {
  if (!looksLikeArn(arn)) throw iamErrors.arnUnparsable();
  const parsed = parseIamArn(arn);
  if (parsed?.kind !== 'policy') throw iamErrors.arnNotValid(arn);
}

/** The managed policy an ARN names (customer managed in this account, or AWS managed), if it exists. */
export async function findPolicy(ctx: OperationContext, arn: string): Promise<ResolvedPolicy | undefined> {
  checkPolicyArn(arn);
  const aws = awsManagedPolicy(arn);
  if (aws) return { record: aws.record, awsVersion: aws.version };
  if (!arn.startsWith(`arn:aws:iam::${ctx.accountId}:policy/`)) return undefined;
  const record = await ctx.store.policies.getPolicy(ctx.accountId, arn);
  return record ? { record, awsVersion: undefined } : undefined;
}

/** As findPolicy, failing with "Policy … was not found." */
export async function requirePolicy(ctx: OperationContext, arn: string): Promise<ResolvedPolicy> {
  const found = await findPolicy(ctx, arn);
  if (!found) throw iamErrors.noSuchPolicy(arn);
  return found;
}

/** Customer managed only: AWS managed policies cannot be changed or deleted. */
export async function requireCustomerPolicy(ctx: OperationContext, arn: string, operation: string): Promise<ManagedPolicyRecord> {
  const found = await requirePolicy(ctx, arn);
  if (found.awsVersion) throw iamErrors.awsManagedReadOnly(ctx.principal.arn, operation, arn);
  return found.record;
}

/** A permissions boundary must name an existing managed policy. */
export async function checkBoundary(ctx: OperationContext, arn: string | undefined): Promise<void> {
  if (arn === undefined) return;
  if (!looksLikeArn(arn) || parseIamArn(arn)?.kind !== 'policy') throw iamErrors.arnNotValid(arn);
  if (!(await findPolicy(ctx, arn))) throw iamErrors.noSuchBoundary(arn);
}
