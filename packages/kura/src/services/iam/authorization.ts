// Generic authorization for IAM and STS operations: the action is `iam:<Operation>`, the resource the
// ARN of the entity the operation acts on (with its real path, looked up when it exists), `*` for
// listings. STS needs nothing here: GetCallerIdentity and GetSessionToken need no permission, and
// AssumeRole checks the role's trust policy in its handler, where the role is known.

import type { OperationContext } from '../context.js';
import { ServiceError } from '../../wire/errors.js';
import { entityArn, parseIamArn } from './arns.js';

type Input = Record<string, unknown>;
const str = (input: Input, key: string): string | undefined => (typeof input[key] === 'string' ? (input[key] as string) : undefined);

async function userArn(ctx: OperationContext, name: string | undefined, path?: string): Promise<string> {
  if (name === undefined) return ctx.principal.arn; // operations on "the caller" when UserName is omitted
  const found = await ctx.store.identities.getUser(ctx.accountId, name);
  return found?.arn ?? `arn:aws:iam::${ctx.accountId}:user${path ?? '/'}${name}`;
}

async function roleArn(ctx: OperationContext, name: string, path?: string): Promise<string> {
  const found = await ctx.store.identities.getRole(ctx.accountId, name);
  return found?.arn ?? `arn:aws:iam::${ctx.accountId}:role${path ?? '/'}${name}`;
}

async function groupArn(ctx: OperationContext, name: string, path?: string): Promise<string> {
  const found = await ctx.store.identities.getGroup(ctx.accountId, name);
  return found?.arn ?? `arn:aws:iam::${ctx.accountId}:group${path ?? '/'}${name}`;
}

/**
 * The entity an ARN names, under its stored ARN when it exists (names compare case-insensitively, so
 * `user/ALICE` is the user `alice`): what SimulatePrincipalPolicy then reads is what was authorized.
 */
async function storedEntityArn(ctx: OperationContext, arn: string): Promise<string> {
  const parsed = parseIamArn(arn);
  if (!parsed || parsed.accountId !== ctx.accountId) return arn;
  const ids = ctx.store.identities;
  const found =
    parsed.kind === 'user'
      ? await ids.getUser(ctx.accountId, parsed.name)
      : parsed.kind === 'role'
        ? await ids.getRole(ctx.accountId, parsed.name)
        : parsed.kind === 'group'
          ? await ids.getGroup(ctx.accountId, parsed.name)
          : undefined;
  return found?.arn ?? arn;
}

/** A create names a new entity: its ARN is the one it will have, never an existing entity's of the same name in other case. */
const CREATES: Record<string, { kind: 'user' | 'group' | 'role'; member: string }> = {
  CreateUser: { kind: 'user', member: 'UserName' },
  CreateGroup: { kind: 'group', member: 'GroupName' },
  CreateRole: { kind: 'role', member: 'RoleName' },
};

/** The resource an IAM operation is authorized against, and extra condition keys. */
async function iamResource(operation: string, input: Input, ctx: OperationContext): Promise<{ resource: string; context?: Record<string, string> }> {
  const user = str(input, 'UserName');
  const role = str(input, 'RoleName');
  const group = str(input, 'GroupName');
  const policyArn = str(input, 'PolicyArn');
  const path = str(input, 'Path');
  if (/^List(Users|Roles|Groups|Policies)$/.test(operation)) return { resource: '*' };
  if (operation === 'SimulatePrincipalPolicy') return { resource: await storedEntityArn(ctx, str(input, 'PolicySourceArn') ?? '*') };
  const create = CREATES[operation];
  if (create) return { resource: entityArn(ctx.accountId, create.kind, path ?? '/', str(input, create.member) ?? '') };
  if (operation === 'CreatePolicy') return { resource: `arn:aws:iam::${ctx.accountId}:policy${path ?? '/'}${str(input, 'PolicyName') ?? ''}` };
  const attach = /^(Attach|Detach)(User|Group|Role)Policy$/.test(operation);
  const context = attach && policyArn ? { 'iam:PolicyARN': policyArn } : undefined;
  const withContext = (resource: string) => (context ? { resource, context } : { resource });
  if (role !== undefined) return withContext(await roleArn(ctx, role, operation === 'CreateRole' ? path : undefined));
  if (group !== undefined && operation !== 'ListGroupsForUser') return withContext(await groupArn(ctx, group, operation === 'CreateGroup' ? path : undefined));
  if (policyArn !== undefined && !attach) return { resource: policyArn };
  if (user !== undefined || /User|AccessKey/.test(operation)) return withContext(await userArn(ctx, user, operation === 'CreateUser' ? path : undefined));
  return { resource: '*' };
}

export async function authorizeIam(operation: string, input: Input, ctx: OperationContext): Promise<void> {
  // Credentials from GetSessionToken cannot call IAM (without MFA, which Kura does not model); AWS
  // answers as if the token were unknown.
  if (ctx.principal.kind === 'session-token') {
    throw new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid', { status: 403 });
  }
  const { resource, context } = await iamResource(operation, input, ctx);
  await ctx.access.require({ action: `iam:${operation}`, resource, ...(context ? { context } : {}) });
  // Renaming or moving a user needs permission on the source and on the target, as AWS documents
  // for UpdateUser (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_manage.html#id_users_renaming).
  if (operation === 'UpdateUser') {
    const target = await renamedUserArn(ctx, input);
    if (target !== undefined && target !== resource) await ctx.access.require({ action: 'iam:UpdateUser', resource: target });
  }
}

/** The ARN UpdateUser would give the user, when it changes the name or the path of one that exists. */
async function renamedUserArn(ctx: OperationContext, input: Input): Promise<string | undefined> {
  const newName = str(input, 'NewUserName');
  const newPath = str(input, 'NewPath');
  if (newName === undefined && newPath === undefined) return undefined;
  const user = await ctx.store.identities.getUser(ctx.accountId, str(input, 'UserName') ?? '');
  if (!user) return undefined;
  return entityArn(ctx.accountId, 'user', newPath ?? user.path, newName ?? user.name);
}

/** STS has nothing generic to check: see the file comment. */
export async function authorizeSts(): Promise<void> {}
