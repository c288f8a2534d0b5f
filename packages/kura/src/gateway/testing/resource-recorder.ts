// Test support: a Store that records, for every repository call an operation makes, the resources
// (ARNs) the call reads or writes, so a test can set them against the resources the operation was
// authorized for. Every repository method must be classified here: an unclassified one fails the
// test that reaches it, so a new store method cannot slip past the comparison.
//
// A call maps to the ARNs it acts on, or to nothing when it only resolves a reference the way AWS
// does without authorizing it (an alias to its key, an access key id to its record), or when it is
// bookkeeping no request names (the IAM generation, a session record being written).

import type { Store } from '../../store/store.js';
import type { PrincipalKind } from '../../store/iam-types.js';

export interface Touch {
  call: string;
  /** False when the call found nothing to act on (no such parameter, key, user…). */
  found: boolean;
  /** True for calls that change the store. */
  write: boolean;
  /** Any one of these being authorized covers the call (a path may be authorized with its trailing slash). */
  resources: string[][];
}

type Args = unknown[];

/** Repository methods that only read. */
const READS = /^(get|find|list|tags$|history$|material|alias$|attachedPolicies$|inlinePolicies$|groupsForUser$|usersInGroup$|generation$|all|versions$|labelledVersions$|read$|due)/;

/** What a repository answers when the thing named is not there. */
const foundNothing = (result: unknown) =>
  result === undefined || result === null || result === false || result === 'not-found' || (typeof result === 'object' && (result as { outcome?: unknown }).outcome === 'not-found');
type Mapper = (args: Args, raw: Store) => Promise<string[][]> | string[][];

const one = (...arns: string[]) => arns.map((arn) => [arn]);
const str = (value: unknown) => String(value);

export function createResourceRecorder(raw: Store, region: string, accountId: string) {
  const param = (name: unknown) => `arn:aws:ssm:${region}:${accountId}:parameter${str(name)}`;
  const key = (keyId: unknown) => `arn:aws:kms:${region}:${accountId}:key/${str(keyId)}`;
  const alias = (name: unknown) => `arn:aws:kms:${region}:${accountId}:${str(name)}`;
  // IAM names compare case-insensitively: the entity touched is the stored one, under its own ARN.
  const entity = async (kind: PrincipalKind, name: unknown): Promise<string> => {
    const ids = raw.principals;
    const found = kind === 'user' ? await ids.getUser(accountId, str(name)) : kind === 'group' ? await ids.getGroup(accountId, str(name)) : await ids.getRole(accountId, str(name));
    return found?.arn ?? `arn:aws:iam::${accountId}:${kind}/${str(name)}`;
  };
  const byName = (kind: PrincipalKind, index = 1): Mapper => async (args) => one(await entity(kind, args[index]));
  const ssmName: Mapper = (args) => one(param(args[1]));
  const keyId: Mapper = (args) => one(key(args[1]));
  // A secret named by name is the stored secret of that name (its ARN has the random suffix).
  const secretByName: Mapper = async (args, store) => {
    const name = str(args[1]);
    const found = await store.secrets.get(args[0] as { accountId: string; region: string }, name);
    return one(found?.arn ?? `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}`);
  };
  const ALL: Mapper = () => one('*');
  const NOTHING: Mapper = () => [];

  const maps: Record<string, Record<string, Mapper>> = {
    parameters: {
      put: (args) => one(param((args[1] as { name: string }).name)),
      get: ssmName, getVersion: ssmName, getLabelled: ssmName, history: ssmName, delete: ssmName,
      label: ssmName, unlabel: ssmName, tags: ssmName, addTags: ssmName, removeTags: ssmName,
      list: (args) => {
        const below = (args[1] as { below?: string }).below;
        return below === undefined ? one('*') : [[param(below), param(below === '/' ? '/' : `${below}/`)]];
      },
      // Names of paths anywhere: what DescribeParameters on `*` may reveal (Kura's KuraListParameterPaths).
      listPaths: ALL,
    },
    keys: {
      get: keyId, material: keyId, reserve: keyId, addMaterial: keyId, materials: keyId, update: keyId,
      delete: keyId, tags: keyId, tag: keyId, untag: keyId, rewrap: keyId,
      // Resolving an alias to its key: AWS authorizes the key it resolves to, not the alias.
      alias: NOTHING,
      // The AWS managed key (alias/aws/<service>) is created on first use, for nobody in particular.
      create: (args) => ((args[1] as { alias?: string }).alias?.startsWith('alias/aws/') ? [] : one('*')),
      list: ALL, listAliases: ALL, allMaterials: ALL,
      createAlias: (args) => {
        const record = args[1] as { aliasName: string; targetKeyId: string };
        return one(alias(record.aliasName), key(record.targetKeyId));
      },
      updateAlias: (args) => one(alias(args[1]), key(args[2])),
      deleteAlias: (args) => one(alias(args[1])),
    },
    secrets: {
      create: (args) => one((args[1] as { arn: string }).arn),
      getByArn: (args) => one(str(args[1])),
      get: secretByName, versions: secretByName, read: secretByName, change: secretByName, touch: secretByName, delete: secretByName,
      // Several secrets, each by its ARN: every one of them must have been authorized (or `*`).
      labelledVersions: (args) => one(...(args[1] as string[])),
      list: ALL,
      // The schedulers' queries: no request names them.
      dueForDeletion: ALL, dueForRotation: ALL,
    },
    accessKeys: {
      // Finding a key by id is how the owner is checked; what is then written is the owner's.
      find: NOTHING,
      save: (args) => one((args[0] as { principalArn: string }).principalArn),
      listForPrincipal: (args) => one(str(args[0])),
      delete: async (args, store) => {
        const record = await store.accessKeys.find(str(args[0]));
        return one(record?.principalArn ?? '*');
      },
      all: ALL,
    },
    principals: {
      createUser: (args) => one((args[0] as { arn: string }).arn),
      getUser: byName('user'), deleteUser: byName('user'), groupsForUser: byName('user'),
      updateUser: async (args) => {
        const change = args[2] as { newArn?: string };
        return one(await entity('user', args[1]), ...(change.newArn ? [change.newArn] : []));
      },
      createGroup: (args) => one((args[0] as { arn: string }).arn),
      getGroup: byName('group'), deleteGroup: byName('group'), usersInGroup: byName('group'),
      addUserToGroup: async (args) => one(await entity('group', args[1]), await entity('user', args[2])),
      removeUserFromGroup: async (args) => one(await entity('group', args[1]), await entity('user', args[2])),
      createRole: (args) => one((args[0] as { arn: string }).arn),
      getRole: byName('role'), updateRole: byName('role'), deleteRole: byName('role'),
      // Writes the user or role only: the boundary policy is a value of it (and a condition key).
      setPermissionsBoundary: async (args) => one(await entity(args[1] as PrincipalKind, args[2])),
      listUsers: ALL, listGroups: ALL, listRoles: ALL,
      tag: async (args) => one(await entity(args[1] as PrincipalKind, args[2])),
      untag: async (args) => one(await entity(args[1] as PrincipalKind, args[2])),
    },
    policies: {
      listPolicies: ALL,
      createPolicy: (args) => one((args[0] as { arn: string }).arn),
      getPolicy: (args) => one(str(args[1])), deletePolicy: (args) => one(str(args[1])),
      createPolicyVersion: (args) => one(str(args[1])), getPolicyVersion: (args) => one(str(args[1])),
      listPolicyVersions: (args) => one(str(args[1])), deletePolicyVersion: (args) => one(str(args[1])),
      setDefaultPolicyVersion: (args) => one(str(args[1])), tagPolicy: (args) => one(str(args[1])), untagPolicy: (args) => one(str(args[1])),
      attachPolicy: async (args) => one(await entity(args[1] as PrincipalKind, args[2]), str(args[3])),
      detachPolicy: async (args) => one(await entity(args[1] as PrincipalKind, args[2]), str(args[3])),
      attachedPolicies: async (args) => one(await entity(args[1] as PrincipalKind, args[2])),
      putInlinePolicy: async (args) => one(await entity(args[1] as PrincipalKind, args[2])),
      getInlinePolicy: async (args) => one(await entity(args[1] as PrincipalKind, args[2])),
      deleteInlinePolicy: async (args) => one(await entity(args[1] as PrincipalKind, args[2])),
      inlinePolicies: async (args) => one(await entity(args[1] as PrincipalKind, args[2])),
      // The IAM generation: bookkeeping no request names.
      generation: NOTHING,
    },
    sessions: {
      // Issuing and finding STS sessions: bookkeeping no request names.
      save: NOTHING, find: NOTHING, deleteExpired: ALL,
    },
    meta: {
      // The server's own bookkeeping (master key check, periodic jobs): no operation calls these.
      checkMasterKey: ALL, claimJob: ALL,
    },
  };

  const touches: Touch[] = [];
  const wrap = <T extends object>(repoName: string, repo: T): T =>
    new Proxy(repo, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        const mapper = maps[repoName]?.[prop];
        return async (...args: Args) => {
          if (!mapper) throw new Error(`store method ${repoName}.${prop} is not classified in resource-recorder.ts`);
          const resources = await mapper(args, raw);
          const result: unknown = await (value as (...a: Args) => unknown).apply(target, args);
          touches.push({ call: `${repoName}.${prop}`, found: !foundNothing(result), write: !READS.test(prop), resources });
          return result;
        };
      },
    });
  const store: Store = {
    parameters: wrap('parameters', raw.parameters),
    keys: wrap('keys', raw.keys),
    accessKeys: wrap('accessKeys', raw.accessKeys),
    principals: wrap('principals', raw.principals),
    policies: wrap('policies', raw.policies),
    sessions: wrap('sessions', raw.sessions),
    secrets: wrap('secrets', raw.secrets),
    meta: wrap('meta', raw.meta),
    health: () => raw.health(),
    reset: (keep) => raw.reset(keep),
    close: () => raw.close(),
  };
  return { store, touches };
}
