// Valid inputs, generated from the botocore model the server itself decodes with: every required
// member, some optional ones, values inside min/max, enums from the enum, strings matching the
// model's (Java) pattern. Names come from the seeded world where a member names a resource, so a
// valid request reaches an existing parameter, key, user or role rather than a "not found".
//
// Values are JavaScript: strings, numbers, booleans, Buffers (blobs), Dates (timestamps), arrays
// and plain objects. encode.ts writes them in the operation's protocol.

import fc from 'fast-check';
import { compileJavaPattern, matchesJavaPattern } from '../../../src/wire/java-regex.js';
import { shape, type ServiceModel, type Shape } from '../../../src/wire/model.js';
import { arnsOf, MISSING, policyDocument, type FuzzWorld } from './pools.js';
import type { Random } from './random.js';

export interface Generation {
  model: ServiceModel;
  world: FuzzWorld;
  rng: Random;
}

/** A valid input for the operation (an empty structure when it takes none). */
export function validInput(gen: Generation, operationName: string): Record<string, unknown> {
  const inputRef = gen.model.operations[operationName]?.input;
  if (!inputRef) return {};
  return structure(gen, shape(gen.model, inputRef.shape), 0);
}

/** A valid value of the named shape; `member` is the member name it is for (it picks the pool). */
export function validValue(gen: Generation, shapeName: string, member: string, depth = 0): unknown {
  const target = shape(gen.model, shapeName);
  const pooled = fromPool(gen, shapeName, member);
  if (pooled !== undefined) return pooled;
  switch (target.type) {
    case 'structure':
      return structure(gen, target, depth + 1);
    case 'list': {
      const item = target.member?.shape;
      if (item === undefined) return [];
      return Array.from({ length: count(gen.rng, target, depth) }, () => validValue(gen, item, member, depth + 1));
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      const keyShape = target.key?.shape;
      const valueShape = target.value?.shape;
      if (keyShape === undefined || valueShape === undefined) return out;
      for (let i = count(gen.rng, target, depth); i > 0; i -= 1) {
        out[String(validValue(gen, keyShape, `${member}Key`, depth + 1))] = validValue(gen, valueShape, `${member}Value`, depth + 1);
      }
      return out;
    }
    case 'string':
      return string(gen.rng, shapeName, target);
    case 'integer':
    case 'long':
      return gen.rng.int(target.min ?? 0, Math.min(target.max ?? 100, (target.min ?? 0) + 100));
    case 'float':
    case 'double':
      return gen.rng.int(0, 1000) / 10;
    case 'boolean':
      return gen.rng.chance(0.5);
    case 'timestamp':
      return new Date(Date.now() + gen.rng.int(-86_400, 86_400) * 1000);
    case 'blob': {
      const min = Math.max(target.min ?? 1, 1);
      return gen.rng.bytes(gen.rng.int(min, Math.max(min, Math.min(target.max ?? 64, 64))));
    }
  }
}

/** Optional in the model, but what the call is about: sent nearly always, so the handler is reached. */
const USUALLY_SENT = new Set(['CiphertextBlob', 'KeyId', 'SourceKeyId', 'UserName', 'Name', 'Path']);

function structure(gen: Generation, target: Shape, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(target.required ?? []);
  const members = Object.entries(target.members ?? {});
  if (target.union) {
    if (members.length === 0) return out;
    const [name, ref] = gen.rng.pick(members);
    out[name] = validValue(gen, ref.shape, name, depth);
    return out;
  }
  for (const [name, ref] of members) {
    // Deep optional members are left out: recursive shapes would otherwise never end.
    if (!required.has(name) && (depth > 3 || !gen.rng.chance(USUALLY_SENT.has(name) ? 0.9 : 0.45))) continue;
    out[name] = validValue(gen, ref.shape, name, depth);
  }
  return out;
}

function count(rng: Random, target: Shape, depth: number): number {
  const min = target.min ?? 0;
  if (depth > 3) return min;
  return rng.int(min, Math.max(min, Math.min(target.max ?? 3, 3)));
}

const patternSamples = new Map<string, string[]>();

/**
 * Up to 16 strings matching the shape's pattern and length, drawn once per shape by fast-check
 * with a seed of its own (building a pattern sampler costs milliseconds; drawing from the list, nothing).
 */
function samplesFor(shapeName: string, target: Shape): string[] {
  let samples = patternSamples.get(shapeName);
  if (samples !== undefined) return samples;
  samples = [];
  const pattern = target.pattern as string;
  const compiled = compileJavaPattern(pattern);
  try {
    if (compiled) samples = fc.sample(fc.stringMatching(compiled), { seed: 42, numRuns: 16 });
  } catch {
    // fast-check does not know every construct: the caller falls back to letters and digits.
  }
  const fits = (s: string) => s.length >= (target.min ?? 0) && [...s].length <= (target.max ?? Infinity) && matchesJavaPattern(pattern, s);
  samples = [...new Set(samples.filter(fits))].slice(0, 16);
  patternSamples.set(shapeName, samples);
  return samples;
}

/** A string inside the shape's constraints: an enum value, a pattern match, or letters and digits. */
function string(rng: Random, shapeName: string, target: Shape): string {
  if (target.enum && target.enum.length > 0) return rng.pick(target.enum);
  const min = target.min ?? 0;
  const max = Math.min(target.max ?? 24, 24);
  const word = rng.word(Math.max(min, 1), Math.max(min, max, 1));
  // Letters and digits fit most patterns; fast-check's samples are for the rest.
  if (target.pattern === undefined || matchesJavaPattern(target.pattern, word)) return word;
  const samples = samplesFor(shapeName, target);
  return samples.length > 0 ? rng.pick(samples) : word;
}

/** A UUID from the seeded random source (version ids and request tokens). */
function randomUuid(rng: Random): string {
  const hex = rng.bytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The seeded world's names for members that name a resource; undefined: generate from the shape. */
function fromPool(gen: Generation, shapeName: string, member: string): unknown {
  const { rng, world } = gen;
  const service = gen.model.metadata.endpointPrefix;
  const fresh = rng.chance(0.15);
  const arn = (kind: string, names: string[]) => names.map((n) => `arn:aws:iam::${world.accountId}:${kind}/${n}`);
  if (service === 'ssm') {
    if (shapeName === 'PSParameterName' || member === 'ResourceId' || member === 'Names') {
      return fresh ? `/fuzz/new/${rng.word(1, 8)}` : rng.pick([...world.parameterNames, MISSING.parameter]);
    }
    if (shapeName === 'ParameterKeyId') return rng.pick([...world.keyRefs, 'alias/aws/ssm']);
    if (shapeName === 'ParameterStringFilterKey') return rng.pick(['Name', 'Path', 'Type', 'KeyId', 'Label', 'Tier', 'DataType', 'tag:team', 'tag:']);
    if (shapeName === 'ParameterStringQueryOption') return rng.pick(['Equals', 'BeginsWith', 'Recursive', 'OneLevel']);
    if (shapeName === 'ParameterStringFilterValue') return rng.pick([...world.parameterNames, '/fuzz', 'SecureString', 'Standard', 'text', 'fuzz-label']);
    if (shapeName === 'ParameterPolicies') return '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2031-01-01T00:00:00.000Z"}}]';
    if (shapeName === 'ParameterDataType') return rng.pick(['text', 'aws:ec2:image', 'aws:ssm:integration']);
    if (shapeName === 'AllowedPattern') return rng.pick(['.*', '^[a-z0-9-]+$', '[']);
    if (shapeName === 'ParameterLabel') return rng.pick(['fuzz-label', 'prod', rng.word(1, 10)]);
    if (member === 'ResourceType') return 'Parameter';
  }
  if (service === 'kms') {
    if (shapeName === 'KeyIdType') return rng.pick([...world.keyRefs, MISSING.keyId]);
    if (shapeName === 'AliasNameType') return fresh ? `alias/fuzz-${rng.word(1, 8)}` : rng.pick(world.aliasNames);
    if (shapeName === 'CiphertextType' && world.ciphertexts.length > 0) return rng.pick(world.ciphertexts);
    if (shapeName === 'PolicyType') return policyDocument(rng, world, true).replace('"Statement"', '"Id":"fuzz","Statement"').replace(/"Principal":"\*"/g, '"Principal":{"AWS":"*"}');
    if (shapeName === 'PolicyNameType') return 'default';
    if (member === 'EncryptionContextKey' || member === 'SourceEncryptionContextKey') return rng.pick(['app', 'aws:ssm:name', 'PARAMETER_ARN', rng.word(1, 6)]);
  }
  if (service === 'secretsmanager') {
    if (shapeName === 'SecretIdType') return rng.pick([...world.secretIds, MISSING.secret]);
    if (shapeName === 'NameType') return fresh ? `fuzz/new-${rng.word(1, 8)}` : rng.pick(world.secretIds.filter((s) => !s.startsWith('arn:')));
    if (shapeName === 'KmsKeyIdType') return rng.pick([...world.keyRefs, 'alias/aws/secretsmanager', '']);
    if (shapeName === 'SecretVersionStageType') return rng.pick(['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING', 'fuzz-stage']);
    if (shapeName === 'NonEmptyResourcePolicyType') return policyDocument(rng, world, true);
    if (shapeName === 'ClientRequestTokenType' || shapeName === 'SecretVersionIdType') return rng.chance(0.5) ? randomUuid(rng) : rng.word(32, 40);
  }
  if (service === 'iam' || service === 'sts') {
    switch (shapeName) {
      case 'userNameType':
      case 'existingUserNameType':
        return fresh ? `fuzz-${rng.word(1, 8)}` : rng.pick([...world.userNames, MISSING.user]);
      case 'roleNameType':
        return fresh ? `fuzz-${rng.word(1, 8)}` : rng.pick(world.roleNames);
      case 'groupNameType':
        return fresh ? `fuzz-${rng.word(1, 8)}` : rng.pick(world.groupNames);
      case 'policyNameType':
        return fresh ? `fuzz-${rng.word(1, 8)}` : rng.pick(world.inlinePolicyNames);
      case 'policyDocumentType':
      case 'unrestrictedSessionPolicyDocumentType':
        return policyDocument(rng, world, member.startsWith('AssumeRole'));
      case 'accessKeyIdType':
        return rng.pick([...world.accessKeyIds, 'AKIAFUZZNOTAKEY00001']);
      case 'policyVersionIdType':
        return rng.pick(['v1', 'v2', 'v3', 'v99']);
      case 'pathType':
        return rng.pick(['/', '/fuzz/', '/fuzz/team/']);
      case 'pathPrefixType':
      case 'policyPathType':
        return rng.pick(['/', '/fuzz/']);
      case 'markerType':
        return world.pageTokens.length > 0 && rng.chance(0.8) ? rng.pick(world.pageTokens) : rng.word(1, 20);
      case 'ActionNameType':
        return rng.pick(['ssm:GetParameter', 'kms:Decrypt', 'iam:CreateUser', 'sts:AssumeRole', 's3:GetObject']);
      case 'ResourceNameType':
        return rng.pick(arnsOf(world));
      case 'arnType':
        if (member === 'RoleArn') return rng.pick(arn('role', world.roleNames));
        if (member === 'PolicyArn' || member === 'PermissionsBoundary' || member === 'arn') return rng.pick(world.policyArns);
        if (member === 'PolicySourceArn') return rng.pick([...arn('user', world.userNames), ...arn('role', world.roleNames)]);
        return rng.pick(arnsOf(world).filter((a) => a.length >= 20));
    }
  }
  if ((member === 'NextToken' || member === 'Marker') && world.pageTokens.length > 0 && rng.chance(0.8)) return rng.pick(world.pageTokens);
  return undefined;
}
