// Applying a seed's IAM entities through the IAM operations, in the order their references need:
// managed policies, groups, users (a trust policy may name a user), then roles in the order
// declared (a trust policy naming a role needs that role declared earlier). What matches:
// - a managed policy whose default version's document is the seed's (as a JSON value); otherwise a
//   new default version (the oldest other version is deleted first when five exist, IAM's limit);
// - a user, group or role with the path, trust policy, description, session length and permissions
//   boundary the seed names, its tags present, its managed policies attached, its inline policies as declared, a
//   user in its groups, its access key pairs stored. Nothing else of the entity is touched.
// A path or a policy description IAM cannot change is reported and left as it is.

import { differs, sameDocument, tagsToSet } from './compare.js';
import type { Seed, SeedGroup, SeedPolicy, SeedRole, SeedUser, Tag } from './format.js';
import { applyAccessKeys, applyAttachments, applyInlinePolicies, iam } from './apply-iam-parts.js';
import { forEach, found, settle, type ApplyContext } from './operator.js';

const iamTags = (tags: readonly Tag[]) => tags.map((t) => ({ Key: t.key, Value: t.value }));
const tagsOf = (tags: unknown) => ((tags ?? []) as Array<{ Key: string; Value: string }>).map((t) => ({ key: t.Key, value: t.Value }));
const RACE = ['EntityAlreadyExists'];
const boundaryOf = (entity: { PermissionsBoundary?: { PermissionsBoundaryArn?: string } }) => entity.PermissionsBoundary?.PermissionsBoundaryArn;
const boundaryIn = (boundary: string | undefined) => (boundary !== undefined ? { PermissionsBoundary: boundary } : {});

export async function applyIam(a: ApplyContext, seed: Seed): Promise<void> {
  await forEach(seed.policies, (p) => settle(() => applyPolicy(a, p), RACE));
  await forEach(seed.groups, async (g) => {
    await settle(() => applyGroup(a, g), RACE);
    await applyAttachments(a, 'Group', g.name, g.managedPolicies, `group ${g.name}`);
    await applyInlinePolicies(a, 'Group', g.name, g.inlinePolicies, `group ${g.name}`);
  });
  await forEach(seed.users, async (u) => {
    await settle(() => applyUser(a, u), RACE);
    await applyGroups(a, u);
    await applyAttachments(a, 'User', u.name, u.managedPolicies, `user ${u.name}`);
    await applyInlinePolicies(a, 'User', u.name, u.inlinePolicies, `user ${u.name}`);
    await applyAccessKeys(a, u);
  });
  await forEach(seed.roles, async (r) => {
    await settle(() => applyRole(a, r), RACE);
    await applyAttachments(a, 'Role', r.name, r.managedPolicies, `role ${r.name}`);
    await applyInlinePolicies(a, 'Role', r.name, r.inlinePolicies, `role ${r.name}`);
  });
}

async function applyPolicy(a: ApplyContext, p: SeedPolicy): Promise<void> {
  const label = `policy ${p.name}`;
  const current = await found(iam(a, 'GetPolicy', { PolicyArn: p.arn }), ['NoSuchEntity']);
  if (!current) {
    await iam(a, 'CreatePolicy', { PolicyName: p.name, Path: p.iamPath, PolicyDocument: p.document, ...(p.description !== undefined ? { Description: p.description } : {}) });
    return a.report(`seed: ${label}: created`);
  }
  const policy = current.Policy as { DefaultVersionId: string; Description?: string };
  if (p.description !== undefined && (policy.Description ?? '') !== p.description) {
    a.report(`seed: ${label}: description differs; IAM cannot change a policy's description, left as it is`);
  }
  const version = (await iam(a, 'GetPolicyVersion', { PolicyArn: p.arn, VersionId: policy.DefaultVersionId })).PolicyVersion as { Document: string };
  if (sameDocument(decodeURIComponent(version.Document), p.document)) return;
  const versions = (await iam(a, 'ListPolicyVersions', { PolicyArn: p.arn })).Versions as Array<{ VersionId: string; IsDefaultVersion: boolean; CreateDate: Date }>;
  if (versions.length >= 5) {
    const oldest = versions.filter((v) => !v.IsDefaultVersion).sort((x, y) => x.CreateDate.getTime() - y.CreateDate.getTime())[0];
    if (oldest) await iam(a, 'DeletePolicyVersion', { PolicyArn: p.arn, VersionId: oldest.VersionId });
  }
  const created = (await iam(a, 'CreatePolicyVersion', { PolicyArn: p.arn, PolicyDocument: p.document, SetAsDefault: true })).PolicyVersion as { VersionId: string };
  a.report(`seed: ${label}: document differs, new default version ${created.VersionId}`);
}

/** Whether the seed names a path and the entity has another. */
const moved = (wanted: string | undefined, current: string) => wanted !== undefined && wanted !== current;

async function applyGroup(a: ApplyContext, g: SeedGroup): Promise<void> {
  const current = await found(iam(a, 'GetGroup', { GroupName: g.name }), ['NoSuchEntity']);
  if (!current) {
    await iam(a, 'CreateGroup', { GroupName: g.name, ...(g.iamPath !== undefined ? { Path: g.iamPath } : {}) });
    return a.report(`seed: group ${g.name}: created`);
  }
  const group = current.Group as { Path: string };
  if (moved(g.iamPath, group.Path)) a.report(`seed: group ${g.name}: path differs; Kura cannot move a group, left as it is`);
}

async function applyUser(a: ApplyContext, u: SeedUser): Promise<void> {
  const label = `user ${u.name}`;
  const current = await found(iam(a, 'GetUser', { UserName: u.name }), ['NoSuchEntity']);
  if (!current) {
    await iam(a, 'CreateUser', { UserName: u.name, ...(u.iamPath !== undefined ? { Path: u.iamPath } : {}), ...boundaryIn(u.permissionsBoundary), ...(u.tags.length > 0 ? { Tags: iamTags(u.tags) } : {}) });
    return a.report(`seed: ${label}: created`);
  }
  const user = current.User as { Path: string; Tags?: unknown; PermissionsBoundary?: { PermissionsBoundaryArn?: string } };
  const changed: string[] = [];
  if (moved(u.iamPath, user.Path)) {
    await iam(a, 'UpdateUser', { UserName: u.name, NewPath: u.iamPath });
    changed.push('path');
  }
  if (u.permissionsBoundary !== undefined && boundaryOf(user) !== u.permissionsBoundary) {
    await iam(a, 'PutUserPermissionsBoundary', { UserName: u.name, PermissionsBoundary: u.permissionsBoundary });
    changed.push('permissions boundary');
  }
  const tags = tagsToSet(u.tags, tagsOf(user.Tags));
  if (tags.length > 0) {
    await iam(a, 'TagUser', { UserName: u.name, Tags: iamTags(tags) });
    changed.push(`tags (${tags.map((t) => t.key).join(', ')})`);
  }
  if (changed.length > 0) a.report(`seed: ${label}: ${differs(changed)}, updated`);
}

async function applyGroups(a: ApplyContext, u: SeedUser): Promise<void> {
  if (u.groups.length === 0) return;
  const out = await iam(a, 'ListGroupsForUser', { UserName: u.name, MaxItems: 1000 });
  const member = new Set((out.Groups as Array<{ GroupName: string }>).map((g) => g.GroupName.toLowerCase()));
  for (const group of u.groups) {
    if (member.has(group.toLowerCase())) continue;
    await iam(a, 'AddUserToGroup', { GroupName: group, UserName: u.name });
    a.report(`seed: user ${u.name}: added to group ${group}`);
  }
}

async function applyRole(a: ApplyContext, r: SeedRole): Promise<void> {
  const label = `role ${r.name}`;
  const current = await found(iam(a, 'GetRole', { RoleName: r.name }), ['NoSuchEntity']);
  if (!current) {
    await iam(a, 'CreateRole', {
      RoleName: r.name,
      AssumeRolePolicyDocument: r.assumeRolePolicy,
      ...(r.iamPath !== undefined ? { Path: r.iamPath } : {}),
      ...(r.description !== undefined ? { Description: r.description } : {}),
      ...(r.maxSessionDuration !== undefined ? { MaxSessionDuration: r.maxSessionDuration } : {}),
      ...boundaryIn(r.permissionsBoundary),
      ...(r.tags.length > 0 ? { Tags: iamTags(r.tags) } : {}),
    });
    return a.report(`seed: ${label}: created`);
  }
  const role = current.Role as { Path: string; AssumeRolePolicyDocument: string; Description?: string; MaxSessionDuration: number; Tags?: unknown; PermissionsBoundary?: { PermissionsBoundaryArn?: string } };
  const changed: string[] = [];
  if (!sameDocument(decodeURIComponent(role.AssumeRolePolicyDocument), r.assumeRolePolicy)) {
    await iam(a, 'UpdateAssumeRolePolicy', { RoleName: r.name, PolicyDocument: r.assumeRolePolicy });
    changed.push('trust policy');
  }
  const description = r.description !== undefined && (role.Description ?? '') !== r.description;
  const duration = r.maxSessionDuration !== undefined && role.MaxSessionDuration !== r.maxSessionDuration;
  if (description || duration) {
    await iam(a, 'UpdateRole', { RoleName: r.name, ...(description ? { Description: r.description } : {}), ...(duration ? { MaxSessionDuration: r.maxSessionDuration } : {}) });
    if (description) changed.push('description');
    if (duration) changed.push('session duration');
  }
  if (r.permissionsBoundary !== undefined && boundaryOf(role) !== r.permissionsBoundary) {
    await iam(a, 'PutRolePermissionsBoundary', { RoleName: r.name, PermissionsBoundary: r.permissionsBoundary });
    changed.push('permissions boundary');
  }
  const tags = tagsToSet(r.tags, tagsOf(role.Tags));
  if (tags.length > 0) {
    await iam(a, 'TagRole', { RoleName: r.name, Tags: iamTags(tags) });
    changed.push(`tags (${tags.map((t) => t.key).join(', ')})`);
  }
  if (changed.length > 0) a.report(`seed: ${label}: ${differs(changed)}, updated`);
  if (moved(r.iamPath, role.Path)) a.report(`seed: ${label}: path differs; IAM cannot move a role, left as it is`);
}
