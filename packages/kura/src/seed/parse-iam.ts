// The `iam` section of a seed file: customer managed policies, groups, users (with fixed access
// key pairs), roles with trust policies, and each one's attachments and inline policies. Names,
// paths and lengths are checked against the IAM model, documents by the server's policy parser
// with IAM's size quotas. Managed policy references are resolved once every file is read
// (references.ts): a user may attach a policy another file declares.

import { entityArn } from '../identity/arns.js';
import { POLICY_SIZE_LIMITS } from '../policy/index.js';
import { iamModel } from '../services/iam/model.js';
import { notString, type Mapping } from './fields.js';
import type { NamedDocument, SeedAccessKey, SeedGroup, SeedPolicy, SeedRole, SeedUser } from './format.js';
import { modelCheck } from './model-check.js';
import { checkPolicy, type ParseContext } from './parse-kms.js';
import { at } from './problems.js';

export interface IamSection {
  policies: SeedPolicy[];
  groups: SeedGroup[];
  users: SeedUser[];
  roles: SeedRole[];
}

const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{12,124}$/;
const SECRET_ACCESS_KEY = /^[\x21-\x7e]{16,128}$/;
/** AWS's quota of access keys per user. */
const MAX_KEYS = 2;

const tagsIn = (tags: Array<{ key: string; value: string }>) => (tags.length > 0 ? { Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) } : {});

export function readIamSection(c: ParseContext, value: unknown, path: string): IamSection {
  const iam = c.r.mapping(value, path, ['policies', 'groups', 'users', 'roles']);
  if (!iam) return { policies: [], groups: [], users: [], roles: [] };
  return {
    policies: c.r.list(iam, 'policies', path, (entry, here) => readPolicy(c, entry, here)),
    groups: c.r.list(iam, 'groups', path, (entry, here) => readGroup(c, entry, here)),
    users: c.r.list(iam, 'users', path, (entry, here) => readUser(c, entry, here)),
    roles: c.r.list(iam, 'roles', path, (entry, here) => readRole(c, entry, here)),
  };
}

function readPolicy(c: ParseContext, value: unknown, path: string): SeedPolicy | undefined {
  const m = c.r.mapping(value, path, ['name', 'path', 'description', 'document']);
  if (!m) return undefined;
  const name = c.r.string(m, 'name', path, { required: true });
  const iamPath = c.r.string(m, 'path', path) ?? '/';
  const description = c.r.string(m, 'description', path);
  const document = checkPolicy(c, c.r.document(m, 'document', path, true), at(path, 'document'), 'identity', 'managed policy', {
    maxLength: POLICY_SIZE_LIMITS.managedPolicy,
    requireVersion2012: true,
  });
  const valid = modelCheck(c.r, iamModel, 'CreatePolicy', { PolicyName: name, Path: iamPath, Description: description, PolicyDocument: document ?? '{}' }, { PolicyName: 'name', Path: 'path', Description: 'description', PolicyDocument: 'document' }, path);
  if (!valid || name === undefined || document === undefined) return undefined;
  return { file: c.r.file, path, name, iamPath, arn: entityArn(c.accountId, 'policy', iamPath, name), document, ...(description !== undefined ? { description } : {}) };
}

/** What users, groups and roles share: a path, attached managed policies, inline policies. */
function readEntity(c: ParseContext, m: Mapping, path: string, kind: 'user' | 'group' | 'role') {
  const name = c.r.string(m, 'name', path, { required: true });
  const iamPath = c.r.string(m, 'path', path);
  const managedPolicies = c.r.strings(m, 'managedPolicies', path);
  const inlinePolicies: NamedDocument[] = c.r.documents(m, 'inlinePolicies', path).filter((p) => {
    const named = modelCheck(c.r, iamModel, 'PutUserPolicy', { UserName: 'x', PolicyName: p.name, PolicyDocument: p.document }, { PolicyName: `inlinePolicies.${p.name}`, PolicyDocument: `inlinePolicies.${p.name}` }, path);
    return named && checkPolicy(c, p.document, p.path, 'identity', 'inline policy') !== undefined;
  });
  if (managedPolicies.length > 10) c.r.fail(at(path, 'managedPolicies'), `at most 10 managed policies per ${kind} (AWS's quota)`);
  return { name, iamPath, managedPolicies, inlinePolicies };
}

const GROUP_FIELDS = ['name', 'path', 'managedPolicies', 'inlinePolicies'];

/** A policy's name or ARN; which policy it is, and that one exists, is checked once every file is read (references.ts). */
function readBoundary(c: ParseContext, m: Mapping, path: string): string | undefined {
  const boundary = c.r.string(m, 'permissionsBoundary', path);
  if (boundary === '') return c.r.fail(at(path, 'permissionsBoundary'), 'must not be empty');
  return boundary;
}

function readGroup(c: ParseContext, value: unknown, path: string): SeedGroup | undefined {
  const m = c.r.mapping(value, path, GROUP_FIELDS);
  if (!m) return undefined;
  const { name, iamPath, managedPolicies, inlinePolicies } = readEntity(c, m, path, 'group');
  const valid = modelCheck(c.r, iamModel, 'CreateGroup', { GroupName: name, Path: iamPath }, { GroupName: 'name', Path: 'path' }, path);
  if (!valid || name === undefined) return undefined;
  return { file: c.r.file, path, name, ...(iamPath !== undefined ? { iamPath } : {}), managedPolicies, inlinePolicies };
}

function readUser(c: ParseContext, value: unknown, path: string): SeedUser | undefined {
  const m = c.r.mapping(value, path, [...GROUP_FIELDS, 'permissionsBoundary', 'groups', 'tags', 'accessKeys']);
  if (!m) return undefined;
  const { name, iamPath, managedPolicies, inlinePolicies } = readEntity(c, m, path, 'user');
  const permissionsBoundary = readBoundary(c, m, path);
  const groups = c.r.strings(m, 'groups', path);
  const tags = c.r.tags(m, 'tags', path);
  const accessKeys = c.r.list(m, 'accessKeys', path, (entry, here) => readAccessKey(c, entry, here));
  if (Array.isArray(m.accessKeys) && m.accessKeys.length > MAX_KEYS) c.r.fail(at(path, 'accessKeys'), `at most ${MAX_KEYS} access keys per user (AWS's quota)`);
  const valid = modelCheck(c.r, iamModel, 'CreateUser', { UserName: name, Path: iamPath, ...tagsIn(tags) }, { UserName: 'name', Path: 'path', Tags: 'tags' }, path);
  if (!valid || name === undefined) return undefined;
  return { file: c.r.file, path, name, ...(iamPath !== undefined ? { iamPath } : {}), ...(permissionsBoundary !== undefined ? { permissionsBoundary } : {}), groups, managedPolicies, inlinePolicies, tags, accessKeys };
}

function readAccessKey(c: ParseContext, value: unknown, path: string): SeedAccessKey | undefined {
  const m = c.r.mapping(value, path, ['accessKeyId', 'secretAccessKey', 'secretAccessKeyFromEnv', 'status']);
  if (!m) return undefined;
  const accessKeyId = c.r.string(m, 'accessKeyId', path, { required: true, pattern: ACCESS_KEY_ID, what: 'AKIA and 12 to 124 upper-case letters and digits' });
  const secretAccessKey = c.r.secretText(m, path, c.env, { inline: 'secretAccessKey', fromEnv: 'secretAccessKeyFromEnv' }, (v, here) =>
    typeof v === 'string' ? v : c.r.fail(here, `must be a string${notString(v)}`),
  );
  const secretField = at(path, m.secretAccessKey !== undefined ? 'secretAccessKey' : 'secretAccessKeyFromEnv');
  const goodSecret = secretAccessKey !== undefined && (SECRET_ACCESS_KEY.test(secretAccessKey) || (c.r.fail(secretField, 'must be 16 to 128 printable characters without spaces') ?? false));
  const status = c.r.string(m, 'status', path, { oneOf: ['Active', 'Inactive'] }) as SeedAccessKey['status'] | undefined;
  if (accessKeyId === undefined || !goodSecret || secretAccessKey === undefined) return undefined;
  return { file: c.r.file, path, accessKeyId, secretAccessKey, status: status ?? 'Active' };
}

function readRole(c: ParseContext, value: unknown, path: string): SeedRole | undefined {
  const m = c.r.mapping(value, path, [...GROUP_FIELDS, 'permissionsBoundary', 'assumeRolePolicy', 'description', 'maxSessionDuration', 'tags']);
  if (!m) return undefined;
  const { name, iamPath, managedPolicies, inlinePolicies } = readEntity(c, m, path, 'role');
  const permissionsBoundary = readBoundary(c, m, path);
  const trust = checkPolicy(c, c.r.document(m, 'assumeRolePolicy', path, true), at(path, 'assumeRolePolicy'), 'trust', 'trust policy', {
    maxLength: POLICY_SIZE_LIMITS.trustPolicy,
  });
  const description = c.r.string(m, 'description', path);
  const maxSessionDuration = c.r.integer(m, 'maxSessionDuration', path, 3600, 43200);
  const tags = c.r.tags(m, 'tags', path);
  const input = { RoleName: name, Path: iamPath, AssumeRolePolicyDocument: trust ?? '{}', Description: description, ...tagsIn(tags) };
  const valid = modelCheck(c.r, iamModel, 'CreateRole', input, { RoleName: 'name', Path: 'path', Description: 'description', Tags: 'tags', AssumeRolePolicyDocument: 'assumeRolePolicy' }, path);
  if (!valid || name === undefined || trust === undefined) return undefined;
  return {
    file: c.r.file,
    path,
    name,
    ...(iamPath !== undefined ? { iamPath } : {}),
    ...(permissionsBoundary !== undefined ? { permissionsBoundary } : {}),
    managedPolicies,
    inlinePolicies,
    assumeRolePolicy: trust,
    ...(description !== undefined ? { description } : {}),
    ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}),
    tags,
  };
}
