// Records as the IAM model's output shapes name them. Policy documents are URL-encoded wherever the
// model types them policyDocumentType, as AWS does: botocore decodes them, SDK v3 users decode them.

import type { IamTag } from '../../store/iam-types.js';
import type { ManagedPolicyRecord, PolicyVersionRecord } from '../../store/policies.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../../store/principals.js';

export const encodeDocument = (document: string) => encodeURIComponent(document);

export const tagsToWire = (tags: readonly IamTag[]) => tags.map((t) => ({ Key: t.key, Value: t.value }));

const boundary = (arn: string | null) =>
  arn === null ? undefined : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn };

/** `detail`: GetUser/CreateUser include the boundary and tags; ListUsers does not. */
export function userToWire(user: UserRecord, detail = true): Record<string, unknown> {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: user.createDate,
    ...(detail ? { PermissionsBoundary: boundary(user.permissionsBoundary) } : {}),
    ...(detail && user.tags.length > 0 ? { Tags: tagsToWire(user.tags) } : {}),
  };
}

export function groupToWire(group: GroupRecord): Record<string, unknown> {
  return { Path: group.path, GroupName: group.name, GroupId: group.id, Arn: group.arn, CreateDate: group.createDate };
}

/** `detail`: GetRole/CreateRole include boundary, tags and RoleLastUsed; ListRoles does not. */
export function roleToWire(role: RoleRecord, detail = true): Record<string, unknown> {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeDocument(role.assumeRolePolicyDocument),
    ...(role.description !== null ? { Description: role.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
    ...(detail ? { PermissionsBoundary: boundary(role.permissionsBoundary) } : {}),
    ...(detail && role.tags.length > 0 ? { Tags: tagsToWire(role.tags) } : {}),
    // Kura does not track last use; AWS sends an empty element for a role never used.
    ...(detail ? { RoleLastUsed: {} } : {}),
  };
}

/** `detail`: GetPolicy includes Description and Tags; CreatePolicy Tags only; ListPolicies neither. */
export function policyToWire(
  policy: ManagedPolicyRecord,
  options: { description?: boolean; tags?: boolean; boundaryUsage?: number } = {},
): Record<string, unknown> {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: options.boundaryUsage ?? 0,
    IsAttachable: true,
    ...(options.description && policy.description !== null ? { Description: policy.description } : {}),
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    ...(options.tags && policy.tags.length > 0 ? { Tags: tagsToWire(policy.tags) } : {}),
  };
}

/** GetPolicyVersion carries the document; CreatePolicyVersion and ListPolicyVersions do not. */
export function versionToWire(version: PolicyVersionRecord, withDocument: boolean): Record<string, unknown> {
  return {
    ...(withDocument ? { Document: encodeDocument(version.document) } : {}),
    VersionId: version.versionId,
    IsDefaultVersion: version.isDefaultVersion,
    CreateDate: version.createDate,
  };
}
