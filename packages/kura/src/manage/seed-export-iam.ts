// The IAM half of `kura seed export`: customer managed policies (their default version), groups,
// users and roles with their paths, tags, attachments, inline policies and memberships. The
// administrator (`admin`, which every server makes itself) is left out, as are service roles under
// /aws-service-role/. Policy documents come URL-encoded from IAM (the SDK does not decode them).

import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import type { AwsClients } from './aws-clients.js';
import { allPages, compact, documentOf, tagMap, type Json } from './seed-export-parts.js';

export interface IamDocument {
  policies: Json[];
  groups: Json[];
  users: Json[];
  roles: Json[];
}

const ADMIN = 'admin';
const decoded = (text: string | undefined) => documentOf(decodeURIComponent(text ?? ''));
const byName = <T>(key: (item: T) => string | undefined) => (a: T, b: T) => String(key(a)).localeCompare(String(key(b)));

function iamClient(clients: AwsClients): IAMClient {
  const client = new IAMClient(clients.config);
  clients.more.push(client);
  return client;
}

type Kind = 'User' | 'Group' | 'Role';

interface Page<T> {
  items: T[] | undefined;
  next: string | undefined;
}

/** The three IAM calls that read an entity's policies, for one kind of entity. */
interface PolicyReads {
  attached(marker: string | undefined): Promise<Page<{ PolicyArn?: string | undefined }>>;
  inline(marker: string | undefined): Promise<Page<string>>;
  document(policyName: string): Promise<string | undefined>;
}

function policyReads(iam: IAMClient, kind: Kind, name: string): PolicyReads {
  const page = <T>(out: { IsTruncated?: boolean | undefined; Marker?: string | undefined }, items: T[] | undefined): Page<T> => ({ items, next: out.IsTruncated ? out.Marker : undefined });
  switch (kind) {
    case 'User':
      return {
        attached: async (Marker) => iam.send(new ListAttachedUserPoliciesCommand({ UserName: name, Marker })).then((out) => page(out, out.AttachedPolicies)),
        inline: async (Marker) => iam.send(new ListUserPoliciesCommand({ UserName: name, Marker })).then((out) => page(out, out.PolicyNames)),
        document: async (PolicyName) => (await iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName }))).PolicyDocument,
      };
    case 'Group':
      return {
        attached: async (Marker) => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name, Marker })).then((out) => page(out, out.AttachedPolicies)),
        inline: async (Marker) => iam.send(new ListGroupPoliciesCommand({ GroupName: name, Marker })).then((out) => page(out, out.PolicyNames)),
        document: async (PolicyName) => (await iam.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName }))).PolicyDocument,
      };
    case 'Role':
      return {
        attached: async (Marker) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker })).then((out) => page(out, out.AttachedPolicies)),
        inline: async (Marker) => iam.send(new ListRolePoliciesCommand({ RoleName: name, Marker })).then((out) => page(out, out.PolicyNames)),
        document: async (PolicyName) => (await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName }))).PolicyDocument,
      };
  }
}

/** Attached managed policies (ARNs) and inline policies (name → document) of one entity. */
async function policiesOf(iam: IAMClient, kind: Kind, name: string): Promise<{ managedPolicies: string[]; inlinePolicies: Json | undefined }> {
  const reads = policyReads(iam, kind, name);
  const attached = await allPages(reads.attached);
  const inlineNames = await allPages(reads.inline);
  const inline: Json = {};
  for (const policyName of inlineNames.sort()) inline[policyName] = decoded(await reads.document(policyName));
  return { managedPolicies: attached.map((p) => p.PolicyArn ?? '').sort(), inlinePolicies: inlineNames.length > 0 ? inline : undefined };
}

export async function exportIam(clients: AwsClients, variable: (what: string) => string): Promise<IamDocument> {
  const iam = iamClient(clients);
  const listed = await allPages(async (Marker) => {
    const out = await iam.send(new ListPoliciesCommand({ Scope: 'Local', Marker }));
    return { items: out.Policies, next: out.IsTruncated ? out.Marker : undefined };
  });
  const policies: Json[] = [];
  for (const p of listed.sort(byName((x) => x.PolicyName))) {
    const full = (await iam.send(new GetPolicyCommand({ PolicyArn: p.Arn }))).Policy;
    const version = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: p.DefaultVersionId }))).PolicyVersion;
    policies.push(compact({ name: p.PolicyName, path: p.Path !== '/' ? p.Path : undefined, description: full?.Description || undefined, document: decoded(version?.Document) }));
  }
  const groups: Json[] = [];
  const groupList = await allPages(async (Marker) => {
    const out = await iam.send(new ListGroupsCommand({ Marker }));
    return { items: out.Groups, next: out.IsTruncated ? out.Marker : undefined };
  });
  for (const g of groupList.sort(byName((x) => x.GroupName))) {
    groups.push(compact({ name: g.GroupName, path: g.Path !== '/' ? g.Path : undefined, ...(await policiesOf(iam, 'Group', g.GroupName ?? '')) }));
  }
  const users: Json[] = [];
  const userList = await allPages(async (Marker) => {
    const out = await iam.send(new ListUsersCommand({ Marker }));
    return { items: out.Users, next: out.IsTruncated ? out.Marker : undefined };
  });
  for (const u of userList.sort(byName((x) => x.UserName))) {
    const name = u.UserName ?? '';
    if (name === ADMIN && u.Path === '/') continue;
    const user = (await iam.send(new GetUserCommand({ UserName: name }))).User;
    const memberOf = (await iam.send(new ListGroupsForUserCommand({ UserName: name }))).Groups ?? [];
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ?? [];
    users.push(
      compact({
        name,
        path: u.Path !== '/' ? u.Path : undefined,
        permissionsBoundary: user?.PermissionsBoundary?.PermissionsBoundaryArn,
        groups: memberOf.map((g) => g.GroupName ?? '').sort(),
        ...(await policiesOf(iam, 'User', name)),
        tags: tagMap((user?.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value }))),
        accessKeys: keys
          .sort(byName((k) => k.AccessKeyId))
          .map((k) => compact({ accessKeyId: k.AccessKeyId, secretAccessKeyFromEnv: variable(`access key ${k.AccessKeyId ?? ''}`), status: k.Status === 'Inactive' ? 'Inactive' : undefined })),
      }),
    );
  }
  const roles: Json[] = [];
  const roleList = await allPages(async (Marker) => {
    const out = await iam.send(new ListRolesCommand({ Marker }));
    return { items: out.Roles, next: out.IsTruncated ? out.Marker : undefined };
  });
  for (const r of roleList.sort(byName((x) => x.RoleName))) {
    if (r.Path?.startsWith('/aws-service-role/')) continue;
    const role = (await iam.send(new GetRoleCommand({ RoleName: r.RoleName }))).Role;
    roles.push(
      compact({
        name: r.RoleName,
        path: r.Path !== '/' ? r.Path : undefined,
        description: role?.Description || undefined,
        maxSessionDuration: role?.MaxSessionDuration !== undefined && role.MaxSessionDuration !== 3600 ? role.MaxSessionDuration : undefined,
        permissionsBoundary: role?.PermissionsBoundary?.PermissionsBoundaryArn,
        assumeRolePolicy: decoded(role?.AssumeRolePolicyDocument),
        ...(await policiesOf(iam, 'Role', r.RoleName ?? '')),
        tags: tagMap((role?.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value }))),
      }),
    );
  }
  return { policies, groups, users, roles };
}
