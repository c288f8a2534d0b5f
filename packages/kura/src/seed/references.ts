// Checks across every file of a seed, once each file has been read on its own: a name declared
// twice (in one file or in two), and references to what the seed does not declare: a KMS key named
// by a parameter or a secret that is neither in the seed nor an AWS managed key, a group a user is
// put in, a managed policy attached (or a permissions boundary) by name or ARN. Managed policy names
// are resolved to ARNs here.

import { awsManagedPolicy } from '../identity/aws-managed-policies.js';
import { managedKeyDescriptions } from '../services/kms/policies.js';
import { parseKeyRef } from '../services/kms/key-ref.js';
import { canonicalName } from '../services/ssm/names.js';
import type { Seed } from './format.js';
import { at, type Located, type SeedProblem } from './problems.js';

/** Records each name once; a second declaration is a problem naming the first. */
class Registry {
  private readonly seen = new Map<string, Located>();
  constructor(
    private readonly problems: SeedProblem[],
    private readonly what: string,
  ) {}

  add(key: string, shown: string, where: Located & { field: string }): void {
    const first = this.seen.get(key);
    if (first) {
      const there = first.file === where.file ? `at ${first.path}` : `in ${first.file} at ${first.path}`;
      this.problems.push({ file: where.file, path: at(where.path, where.field), reason: `${this.what} ${shown} is declared twice (also ${there})` });
      return;
    }
    this.seen.set(key, where);
  }

  has(key: string): boolean {
    return this.seen.has(key);
  }
}

export function checkReferences(seed: Seed, accountId: string, problems: SeedProblem[]): void {
  const keys = new Registry(problems, 'KMS key');
  const aliases = new Registry(problems, 'alias');
  for (const key of seed.keys) {
    keys.add(`${key.region}/${key.keyId}`, key.keyId, { ...key, field: 'keyId' });
    key.aliases.forEach((alias, index) => aliases.add(`${key.region}/${alias}`, alias, { ...key, field: `aliases[${index}]` }));
  }
  const parameters = new Registry(problems, 'parameter');
  for (const p of seed.parameters) parameters.add(`${p.region}/${canonicalName(p.name)}`, p.name, { ...p, field: 'name' });
  const secrets = new Registry(problems, 'secret');
  for (const s of seed.secrets) secrets.add(`${s.region}/${s.name}`, s.name, { ...s, field: 'name' });

  /** A key reference the seed can satisfy: a key or alias of the seed in that region, or an AWS managed key. */
  const declaredKey = (region: string, text: string) => {
    const ref = parseKeyRef(text);
    if (!ref || (ref.region !== undefined && ref.region !== region) || (ref.accountId !== undefined && ref.accountId !== accountId)) return false;
    if (ref.kind === 'key') return keys.has(`${region}/${ref.keyId}`);
    const managed = /^alias\/aws\/([a-z0-9-]+)$/.exec(ref.aliasName)?.[1];
    return aliases.has(`${region}/${ref.aliasName}`) || (managed !== undefined && Object.hasOwn(managedKeyDescriptions, managed));
  };
  for (const p of seed.parameters) {
    if (p.keyId !== undefined && !declaredKey(p.region, p.keyId)) {
      problems.push({ file: p.file, path: at(p.path, 'keyId'), reason: `${p.keyId} is not a KMS key of this seed (declare it under kms.keys, or use alias/aws/ssm)` });
    }
  }
  for (const s of seed.secrets) {
    if (s.kmsKeyId !== undefined && !declaredKey(s.region, s.kmsKeyId)) {
      problems.push({ file: s.file, path: at(s.path, 'kmsKeyId'), reason: `${s.kmsKeyId} is not a KMS key of this seed (declare it under kms.keys, or use alias/aws/secretsmanager)` });
    }
  }
  checkIam(seed, problems);
}

function checkIam(seed: Seed, problems: SeedProblem[]): void {
  // IAM names are unique without regard to case, as IAM compares them.
  const policies = new Registry(problems, 'managed policy');
  const byName = new Map<string, string>();
  const arns = new Set<string>();
  for (const p of seed.policies) {
    policies.add(p.name.toLowerCase(), p.name, { ...p, field: 'name' });
    byName.set(p.name.toLowerCase(), p.arn);
    arns.add(p.arn);
  }
  const groups = new Registry(problems, 'group');
  for (const g of seed.groups) groups.add(g.name.toLowerCase(), g.name, { ...g, field: 'name' });
  const users = new Registry(problems, 'user');
  const accessKeys = new Registry(problems, 'access key');
  for (const u of seed.users) {
    users.add(u.name.toLowerCase(), u.name, { ...u, field: 'name' });
    for (const k of u.accessKeys) accessKeys.add(k.accessKeyId, k.accessKeyId, { ...k, field: 'accessKeyId' });
    u.groups.forEach((group, index) => {
      if (!groups.has(group.toLowerCase())) problems.push({ file: u.file, path: at(u.path, `groups[${index}]`), reason: `group ${group} is not declared under iam.groups` });
    });
  }
  const roles = new Registry(problems, 'role');
  for (const r of seed.roles) roles.add(r.name.toLowerCase(), r.name, { ...r, field: 'name' });

  /** A policy named by name (a seed policy) or ARN (a seed policy or an AWS managed one), as its ARN. */
  const resolve = (entity: Located, field: string, ref: string): string => {
    const resolved = ref.startsWith('arn:') ? (awsManagedPolicy(ref) || arns.has(ref) ? ref : undefined) : byName.get(ref.toLowerCase());
    if (resolved !== undefined) return resolved;
    const reason = ref.startsWith('arn:')
      ? `${ref} is neither an AWS managed policy Kura knows nor a policy declared under iam.policies`
      : `policy ${ref} is not declared under iam.policies (an AWS managed policy is named by its ARN)`;
    problems.push({ file: entity.file, path: at(entity.path, field), reason });
    return ref;
  };
  for (const entity of [...seed.groups, ...seed.users, ...seed.roles]) {
    entity.managedPolicies = entity.managedPolicies.map((ref, index) => resolve(entity, `managedPolicies[${index}]`, ref));
  }
  for (const entity of [...seed.users, ...seed.roles]) {
    if (entity.permissionsBoundary !== undefined) entity.permissionsBoundary = resolve(entity, 'permissionsBoundary', entity.permissionsBoundary);
  }
}
