// The generic authorization of every IAM operation, run by the gateway before the handler: one rule
// per implemented operation, naming the action and the resource ARN(s) it is authorized on. The
// resource is the one AWS's Service Authorization Reference gives the action
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html):
// the user, group, role or managed policy the operation acts on, under its stored ARN when it
// exists (its real path, its stored case), and `*` for the listings that have no resource type.
// An operation missing from the table is refused: a new handler cannot run unauthorized by accident.

import type { AccessCheck, OperationContext } from '../context.js';
import { ServiceError } from '../../wire/errors.js';
import { entityArn, parseIamArn, type ArnKind } from '../../identity/arns.js';

type Input = Record<string, unknown>;
type ConditionValues = Record<string, string>;

const str = (input: Input, key: string): string | undefined => (typeof input[key] === 'string' ? (input[key] as string) : undefined);

/** `action` on each of `resources` (every one must be allowed, in order), with the same condition keys. */
export interface IamRule {
  action: string;
  resources(input: Input, ctx: OperationContext): Promise<string[]>;
  context?(input: Input): ConditionValues | undefined;
}

type Resources = IamRule['resources'];

type EntityKind = 'user' | 'group' | 'role';

/** The stored entity `kind` named `name` (names compare case-insensitively), if there is one. */
async function findEntity(ctx: OperationContext, kind: EntityKind, name: string): Promise<{ arn: string; path: string; name: string } | undefined> {
  const principals = ctx.store.principals;
  if (kind === 'user') return principals.getUser(ctx.accountId, name);
  return kind === 'group' ? principals.getGroup(ctx.accountId, name) : principals.getRole(ctx.accountId, name);
}

/** The ARN of the entity `kind` named `name`: the stored one when it exists, else the one it would have at path `/`. */
async function existingArn(ctx: OperationContext, kind: EntityKind, name: string): Promise<string> {
  return (await findEntity(ctx, kind, name))?.arn ?? entityArn(ctx.accountId, kind, '/', name);
}

/** UserName, or the caller when the operation allows it to be omitted (GetUser, the access-key operations). */
const theUser: Resources = async (input, ctx) => {
  const name = str(input, 'UserName');
  return [name === undefined ? ctx.principal.arn : await existingArn(ctx, 'user', name)];
};

const theGroup: Resources = async (input, ctx) => [await existingArn(ctx, 'group', str(input, 'GroupName') ?? '')];

const theRole: Resources = async (input, ctx) => [await existingArn(ctx, 'role', str(input, 'RoleName') ?? '')];

/** PolicyArn as sent: it already carries the policy's path, and AWS managed policies live in account `aws`. */
const thePolicy: Resources = async (input) => [str(input, 'PolicyArn') ?? ''];

/** Listings of the whole account: no resource type, so `*`. */
const anyResource: Resources = async () => ['*'];

/**
 * A create names a new entity: its ARN is the one it will have (Path included), never an existing
 * entity's of the same name in other case.
 */
const newEntity =
  (kind: ArnKind, member: string): Resources =>
  async (input, ctx) => [entityArn(ctx.accountId, kind, str(input, 'Path') ?? '/', str(input, member) ?? '')];

/**
 * SimulatePrincipalPolicy: the simulated principal, under its stored ARN when it exists (`user/ALICE`
 * is the user `alice`), so that what the handler reads is what was authorized. An ARN that is not an
 * IAM entity of this account is authorized as sent.
 */
const simulatedPrincipal: Resources = async (input, ctx) => {
  const arn = str(input, 'PolicySourceArn') ?? '';
  const parsed = parseIamArn(arn);
  if (!parsed || parsed.accountId !== ctx.accountId || parsed.kind === 'policy') return [arn];
  const found = await findEntity(ctx, parsed.kind, parsed.name);
  return [found?.arn ?? arn];
};

/**
 * UpdateUser: the user, and the ARN it would have when the call renames or moves one that exists.
 * Renaming or moving a user needs permission on the source and on the target, as AWS documents
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_manage.html#id_users_renaming).
 */
const userAndItsNewArn: Resources = async (input, ctx) => {
  const name = str(input, 'UserName') ?? '';
  const user = await findEntity(ctx, 'user', name);
  const source = user?.arn ?? entityArn(ctx.accountId, 'user', '/', name);
  const newName = str(input, 'NewUserName');
  const newPath = str(input, 'NewPath');
  if (!user || (newName === undefined && newPath === undefined)) return [source];
  const target = entityArn(ctx.accountId, 'user', newPath ?? user.path, newName ?? user.name);
  return target === source ? [source] : [source, target];
};

/** Attaching or detaching a managed policy: the policy is a condition key (iam:PolicyARN), not the resource. */
const attachedPolicy = (input: Input): ConditionValues | undefined => {
  const policyArn = str(input, 'PolicyArn');
  return policyArn === undefined ? undefined : { 'iam:PolicyARN': policyArn };
};

/** Setting a permissions boundary: the policy is a condition key (iam:PermissionsBoundary), as AWS gives it. */
const boundaryPolicy = (input: Input): ConditionValues | undefined => {
  const policyArn = str(input, 'PermissionsBoundary');
  return policyArn === undefined ? undefined : { 'iam:PermissionsBoundary': policyArn };
};

const RULES: ReadonlyMap<string, IamRule> = new Map(
  Object.entries({
    // Group membership is authorized on the group; the user is only looked up.
    AddUserToGroup: { action: 'iam:AddUserToGroup', resources: theGroup },
    AttachGroupPolicy: { action: 'iam:AttachGroupPolicy', resources: theGroup, context: attachedPolicy },
    AttachRolePolicy: { action: 'iam:AttachRolePolicy', resources: theRole, context: attachedPolicy },
    AttachUserPolicy: { action: 'iam:AttachUserPolicy', resources: theUser, context: attachedPolicy },
    CreateAccessKey: { action: 'iam:CreateAccessKey', resources: theUser },
    CreateGroup: { action: 'iam:CreateGroup', resources: newEntity('group', 'GroupName') },
    CreatePolicy: { action: 'iam:CreatePolicy', resources: newEntity('policy', 'PolicyName') },
    CreatePolicyVersion: { action: 'iam:CreatePolicyVersion', resources: thePolicy },
    // iam:PermissionsBoundary is present when the create sets one, absent otherwise: the delegation
    // idiom "deny CreateRole unless iam:PermissionsBoundary is X" then refuses a create without it.
    CreateRole: { action: 'iam:CreateRole', resources: newEntity('role', 'RoleName'), context: boundaryPolicy },
    CreateUser: { action: 'iam:CreateUser', resources: newEntity('user', 'UserName'), context: boundaryPolicy },
    DeleteAccessKey: { action: 'iam:DeleteAccessKey', resources: theUser },
    DeleteGroup: { action: 'iam:DeleteGroup', resources: theGroup },
    DeleteGroupPolicy: { action: 'iam:DeleteGroupPolicy', resources: theGroup },
    DeletePolicy: { action: 'iam:DeletePolicy', resources: thePolicy },
    DeletePolicyVersion: { action: 'iam:DeletePolicyVersion', resources: thePolicy },
    DeleteRole: { action: 'iam:DeleteRole', resources: theRole },
    DeleteRolePermissionsBoundary: { action: 'iam:DeleteRolePermissionsBoundary', resources: theRole },
    DeleteRolePolicy: { action: 'iam:DeleteRolePolicy', resources: theRole },
    DeleteUser: { action: 'iam:DeleteUser', resources: theUser },
    DeleteUserPermissionsBoundary: { action: 'iam:DeleteUserPermissionsBoundary', resources: theUser },
    DeleteUserPolicy: { action: 'iam:DeleteUserPolicy', resources: theUser },
    DetachGroupPolicy: { action: 'iam:DetachGroupPolicy', resources: theGroup, context: attachedPolicy },
    DetachRolePolicy: { action: 'iam:DetachRolePolicy', resources: theRole, context: attachedPolicy },
    DetachUserPolicy: { action: 'iam:DetachUserPolicy', resources: theUser, context: attachedPolicy },
    GetGroup: { action: 'iam:GetGroup', resources: theGroup },
    GetGroupPolicy: { action: 'iam:GetGroupPolicy', resources: theGroup },
    GetPolicy: { action: 'iam:GetPolicy', resources: thePolicy },
    GetPolicyVersion: { action: 'iam:GetPolicyVersion', resources: thePolicy },
    GetRole: { action: 'iam:GetRole', resources: theRole },
    GetRolePolicy: { action: 'iam:GetRolePolicy', resources: theRole },
    GetUser: { action: 'iam:GetUser', resources: theUser },
    GetUserPolicy: { action: 'iam:GetUserPolicy', resources: theUser },
    ListAccessKeys: { action: 'iam:ListAccessKeys', resources: theUser },
    ListAttachedGroupPolicies: { action: 'iam:ListAttachedGroupPolicies', resources: theGroup },
    ListAttachedRolePolicies: { action: 'iam:ListAttachedRolePolicies', resources: theRole },
    ListAttachedUserPolicies: { action: 'iam:ListAttachedUserPolicies', resources: theUser },
    ListGroupPolicies: { action: 'iam:ListGroupPolicies', resources: theGroup },
    ListGroups: { action: 'iam:ListGroups', resources: anyResource },
    ListGroupsForUser: { action: 'iam:ListGroupsForUser', resources: theUser },
    ListPolicies: { action: 'iam:ListPolicies', resources: anyResource },
    ListPolicyVersions: { action: 'iam:ListPolicyVersions', resources: thePolicy },
    ListRolePolicies: { action: 'iam:ListRolePolicies', resources: theRole },
    ListRoleTags: { action: 'iam:ListRoleTags', resources: theRole },
    ListRoles: { action: 'iam:ListRoles', resources: anyResource },
    ListUserPolicies: { action: 'iam:ListUserPolicies', resources: theUser },
    ListUserTags: { action: 'iam:ListUserTags', resources: theUser },
    ListUsers: { action: 'iam:ListUsers', resources: anyResource },
    PutGroupPolicy: { action: 'iam:PutGroupPolicy', resources: theGroup },
    PutRolePermissionsBoundary: { action: 'iam:PutRolePermissionsBoundary', resources: theRole, context: boundaryPolicy },
    PutRolePolicy: { action: 'iam:PutRolePolicy', resources: theRole },
    PutUserPermissionsBoundary: { action: 'iam:PutUserPermissionsBoundary', resources: theUser, context: boundaryPolicy },
    PutUserPolicy: { action: 'iam:PutUserPolicy', resources: theUser },
    RemoveUserFromGroup: { action: 'iam:RemoveUserFromGroup', resources: theGroup },
    SetDefaultPolicyVersion: { action: 'iam:SetDefaultPolicyVersion', resources: thePolicy },
    SimulatePrincipalPolicy: { action: 'iam:SimulatePrincipalPolicy', resources: simulatedPrincipal },
    TagRole: { action: 'iam:TagRole', resources: theRole },
    TagUser: { action: 'iam:TagUser', resources: theUser },
    UntagRole: { action: 'iam:UntagRole', resources: theRole },
    UntagUser: { action: 'iam:UntagUser', resources: theUser },
    UpdateAccessKey: { action: 'iam:UpdateAccessKey', resources: theUser },
    UpdateAssumeRolePolicy: { action: 'iam:UpdateAssumeRolePolicy', resources: theRole },
    UpdateRole: { action: 'iam:UpdateRole', resources: theRole },
    UpdateUser: { action: 'iam:UpdateUser', resources: userAndItsNewArn },
  } satisfies Record<string, IamRule>),
);

/** The table, for the test that holds it to the implemented operations. */
export const iamRules: ReadonlyMap<string, IamRule> = RULES;

/** The checks `rule` asks of `input`, in order. */
async function checksOf(rule: IamRule, input: Input, ctx: OperationContext): Promise<AccessCheck[]> {
  const context = rule.context?.(input);
  return (await rule.resources(input, ctx)).map((resource) => ({ action: rule.action, resource, ...(context ? { context } : {}) }));
}

export async function authorizeIam(operation: string, input: Input, ctx: OperationContext): Promise<void> {
  const rule = RULES.get(operation);
  if (!rule) throw new Error(`no authorization rule for IAM operation ${operation}`);
  // Credentials from GetSessionToken cannot call IAM (without MFA, which Kura does not model); AWS
  // answers as if the token were unknown. Checked before any lookup: such a caller learns nothing.
  if (ctx.principal.kind === 'session-token') {
    throw new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid', { status: 403 });
  }
  for (const check of await checksOf(rule, input, ctx)) await ctx.access.require(check);
}
