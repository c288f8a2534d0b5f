// What roles, users and groups share: inline policies (`Policies`), attached managed policies
// (`ManagedPolicyArns`), their changes from one set of properties to another, and emptying an
// entity of every policy before deleting it (IAM refuses to delete one that still has any), and a
// role's or user's permissions boundary changed in place, as CloudFormation changes it.

import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  DeleteGroupPolicyCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { gone, objectList, optionalString, policyDocument, requiredString, stringList } from './props.js';
import type { Props } from './types.js';

export type EntityKind = 'Role' | 'User' | 'Group';

export const NO_SUCH_ENTITY = ['NoSuchEntityException', 'NoSuchEntity'];

/** Inline policies by name (document as JSON text) and attached policy ARNs, read from properties. */
export interface EntityPolicies {
  inline: Map<string, string>;
  managed: string[];
}

export function entityPolicies(props: Props | undefined, at: string): EntityPolicies {
  if (props === undefined) return { inline: new Map(), managed: [] };
  const inline = new Map<string, string>();
  for (const { item, at: where } of objectList(props, 'Policies', at)) {
    inline.set(requiredString(item, 'PolicyName', where), policyDocument(item, 'PolicyDocument', where) ?? requiredString(item, 'PolicyDocument', where));
  }
  return { inline, managed: stringList(props, 'ManagedPolicyArns', at) };
}

export async function putInline(iam: IAMClient, kind: EntityKind, name: string, PolicyName: string, PolicyDocument: string): Promise<void> {
  if (kind === 'Role') await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName, PolicyDocument }));
  else if (kind === 'User') await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName, PolicyDocument }));
  else await iam.send(new PutGroupPolicyCommand({ GroupName: name, PolicyName, PolicyDocument }));
}

export async function deleteInline(iam: IAMClient, kind: EntityKind, name: string, PolicyName: string): Promise<void> {
  const work =
    kind === 'Role'
      ? iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName }))
      : kind === 'User'
        ? iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName }))
        : iam.send(new DeleteGroupPolicyCommand({ GroupName: name, PolicyName }));
  await gone(work, NO_SUCH_ENTITY);
}

export async function attach(iam: IAMClient, kind: EntityKind, name: string, PolicyArn: string): Promise<void> {
  if (kind === 'Role') await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn }));
  else if (kind === 'User') await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn }));
  else await iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn }));
}

export async function detach(iam: IAMClient, kind: EntityKind, name: string, PolicyArn: string): Promise<void> {
  const work =
    kind === 'Role'
      ? iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn }))
      : kind === 'User'
        ? iam.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn }))
        : iam.send(new DetachGroupPolicyCommand({ GroupName: name, PolicyArn }));
  await gone(work, NO_SUCH_ENTITY);
}

/** Brings an entity's inline and attached policies from `before` to `after` (before undefined: a new entity). */
export async function syncPolicies(iam: IAMClient, kind: EntityKind, name: string, before: EntityPolicies, after: EntityPolicies): Promise<void> {
  for (const [policyName, document] of after.inline) {
    if (before.inline.get(policyName) !== document) await putInline(iam, kind, name, policyName, document);
  }
  for (const policyName of before.inline.keys()) if (!after.inline.has(policyName)) await deleteInline(iam, kind, name, policyName);
  for (const arn of after.managed) if (!before.managed.includes(arn)) await attach(iam, kind, name, arn);
  for (const arn of before.managed) if (!after.managed.includes(arn)) await detach(iam, kind, name, arn);
}

/** Every inline policy deleted and every managed policy detached, whoever put them there. */
export async function removeAllPolicies(iam: IAMClient, kind: EntityKind, name: string): Promise<void> {
  let inline: string[];
  let attached: string[];
  try {
    if (kind === 'Role') {
      inline = (await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? [];
      attached = ((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '');
    } else if (kind === 'User') {
      inline = (await iam.send(new ListUserPoliciesCommand({ UserName: name }))).PolicyNames ?? [];
      attached = ((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '');
    } else {
      inline = (await iam.send(new ListGroupPoliciesCommand({ GroupName: name }))).PolicyNames ?? [];
      attached = ((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '');
    }
  } catch (error) {
    if (error instanceof Error && NO_SUCH_ENTITY.includes(error.name)) return;
    throw error;
  }
  for (const policyName of inline) await deleteInline(iam, kind, name, policyName);
  for (const arn of attached) await detach(iam, kind, name, arn);
}

/** Sets, replaces or removes a role's or user's PermissionsBoundary when it changed (no interruption, as in CloudFormation). */
export async function syncBoundary(iam: IAMClient, kind: 'Role' | 'User', name: string, before: Props, after: Props, at: string): Promise<void> {
  const was = optionalString(before, 'PermissionsBoundary', at);
  const now = optionalString(after, 'PermissionsBoundary', at);
  if (was === now) return;
  if (now !== undefined) {
    if (kind === 'Role') await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: now }));
    else await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: now }));
  } else if (kind === 'Role') await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: name }));
  else await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: name }));
}
