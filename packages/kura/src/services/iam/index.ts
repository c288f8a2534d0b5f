// The IAM operations, keyed by the exact AWS operation name the gateway dispatches on. Operations
// of the model not listed here answer as unimplemented at the gateway (GAPS.md lists them).

import type { OperationHandler } from '../context.js';
import { addUserToGroup } from './add-user-to-group.js';
import { attachGroupPolicy } from './attach-group-policy.js';
import { attachRolePolicy } from './attach-role-policy.js';
import { attachUserPolicy } from './attach-user-policy.js';
import { createAccessKey } from './create-access-key.js';
import { createGroup } from './create-group.js';
import { createPolicy } from './create-policy.js';
import { createPolicyVersion } from './create-policy-version.js';
import { createRole } from './create-role.js';
import { createUser } from './create-user.js';
import { deleteAccessKey } from './delete-access-key.js';
import { deleteGroup } from './delete-group.js';
import { deleteGroupPolicy } from './delete-group-policy.js';
import { deletePolicy } from './delete-policy.js';
import { deletePolicyVersion } from './delete-policy-version.js';
import { deleteRole } from './delete-role.js';
import { deleteRolePermissionsBoundary } from './delete-role-permissions-boundary.js';
import { deleteRolePolicy } from './delete-role-policy.js';
import { deleteUser } from './delete-user.js';
import { deleteUserPermissionsBoundary } from './delete-user-permissions-boundary.js';
import { deleteUserPolicy } from './delete-user-policy.js';
import { detachGroupPolicy } from './detach-group-policy.js';
import { detachRolePolicy } from './detach-role-policy.js';
import { detachUserPolicy } from './detach-user-policy.js';
import { getGroup } from './get-group.js';
import { getGroupPolicy } from './get-group-policy.js';
import { getPolicy } from './get-policy.js';
import { getPolicyVersion } from './get-policy-version.js';
import { getRole } from './get-role.js';
import { getRolePolicy } from './get-role-policy.js';
import { getUser } from './get-user.js';
import { getUserPolicy } from './get-user-policy.js';
import { listAccessKeys } from './list-access-keys.js';
import { listAttachedGroupPolicies } from './list-attached-group-policies.js';
import { listAttachedRolePolicies } from './list-attached-role-policies.js';
import { listAttachedUserPolicies } from './list-attached-user-policies.js';
import { listGroupPolicies } from './list-group-policies.js';
import { listGroups } from './list-groups.js';
import { listGroupsForUser } from './list-groups-for-user.js';
import { listPolicies } from './list-policies.js';
import { listPolicyVersions } from './list-policy-versions.js';
import { listRolePolicies } from './list-role-policies.js';
import { listRoleTags } from './list-role-tags.js';
import { listRoles } from './list-roles.js';
import { listUserPolicies } from './list-user-policies.js';
import { listUserTags } from './list-user-tags.js';
import { listUsers } from './list-users.js';
import { putGroupPolicy } from './put-group-policy.js';
import { putRolePermissionsBoundary } from './put-role-permissions-boundary.js';
import { putRolePolicy } from './put-role-policy.js';
import { putUserPermissionsBoundary } from './put-user-permissions-boundary.js';
import { putUserPolicy } from './put-user-policy.js';
import { removeUserFromGroup } from './remove-user-from-group.js';
import { setDefaultPolicyVersion } from './set-default-policy-version.js';
import { simulatePrincipalPolicy } from './simulate-principal-policy.js';
import { tagRole } from './tag-role.js';
import { tagUser } from './tag-user.js';
import { untagRole } from './untag-role.js';
import { untagUser } from './untag-user.js';
import { updateAccessKey } from './update-access-key.js';
import { updateAssumeRolePolicy } from './update-assume-role-policy.js';
import { updateRole } from './update-role.js';
import { updateUser } from './update-user.js';

export const iamOperations: Record<string, OperationHandler> = {
  AddUserToGroup: addUserToGroup,
  AttachGroupPolicy: attachGroupPolicy,
  AttachRolePolicy: attachRolePolicy,
  AttachUserPolicy: attachUserPolicy,
  CreateAccessKey: createAccessKey,
  CreateGroup: createGroup,
  CreatePolicy: createPolicy,
  CreatePolicyVersion: createPolicyVersion,
  CreateRole: createRole,
  CreateUser: createUser,
  DeleteAccessKey: deleteAccessKey,
  DeleteGroup: deleteGroup,
  DeleteGroupPolicy: deleteGroupPolicy,
  DeletePolicy: deletePolicy,
  DeletePolicyVersion: deletePolicyVersion,
  DeleteRole: deleteRole,
  DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary,
  DeleteRolePolicy: deleteRolePolicy,
  DeleteUser: deleteUser,
  DeleteUserPermissionsBoundary: deleteUserPermissionsBoundary,
  DeleteUserPolicy: deleteUserPolicy,
  DetachGroupPolicy: detachGroupPolicy,
  DetachRolePolicy: detachRolePolicy,
  DetachUserPolicy: detachUserPolicy,
  GetGroup: getGroup,
  GetGroupPolicy: getGroupPolicy,
  GetPolicy: getPolicy,
  GetPolicyVersion: getPolicyVersion,
  GetRole: getRole,
  GetRolePolicy: getRolePolicy,
  GetUser: getUser,
  GetUserPolicy: getUserPolicy,
  ListAccessKeys: listAccessKeys,
  ListAttachedGroupPolicies: listAttachedGroupPolicies,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  ListGroupPolicies: listGroupPolicies,
  ListGroups: listGroups,
  ListGroupsForUser: listGroupsForUser,
  ListPolicies: listPolicies,
  ListPolicyVersions: listPolicyVersions,
  ListRolePolicies: listRolePolicies,
  ListRoleTags: listRoleTags,
  ListRoles: listRoles,
  ListUserPolicies: listUserPolicies,
  ListUserTags: listUserTags,
  ListUsers: listUsers,
  PutGroupPolicy: putGroupPolicy,
  PutRolePermissionsBoundary: putRolePermissionsBoundary,
  PutRolePolicy: putRolePolicy,
  PutUserPermissionsBoundary: putUserPermissionsBoundary,
  PutUserPolicy: putUserPolicy,
  RemoveUserFromGroup: removeUserFromGroup,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
  TagRole: tagRole,
  TagUser: tagUser,
  UntagRole: untagRole,
  UntagUser: untagUser,
  UpdateAccessKey: updateAccessKey,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  UpdateRole: updateRole,
  UpdateUser: updateUser,
};
