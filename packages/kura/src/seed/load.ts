// Loading a seed: the files `--seed` names, each read and checked on its own, then checked together
// (duplicates, references). Every problem is collected, and any problem refuses the whole seed
// (SeedInvalidError) before the server writes anything.

import { FieldReader } from './fields.js';
import { DEFAULT_REGION, emptySeed, type Seed } from './format.js';
import { readIamSection } from './parse-iam.js';
import { readKmsSection, type ParseContext, type RotationFunctionRegistry } from './parse-kms.js';
import { readSecretsSection } from './parse-secrets.js';
import { readSsmSection } from './parse-ssm.js';
import { SeedInvalidError, type SeedProblem } from './problems.js';
import { substitutePseudoParameters } from './pseudo-parameters.js';
import { partitionOf } from '../services/ssm/names.js';
import { readSeedFile, seedFiles } from './read-files.js';
import { checkReferences } from './references.js';

export interface LoadOptions {
  /** Where `…FromEnv` values come from. */
  env: NodeJS.ProcessEnv;
  /** --dev: fixed key material is allowed. */
  dev: boolean;
  accountId: string;
  /** Relative paths are read from here and files are shown relative to it. */
  cwd: string;
  /** The rotation functions the server runs, which secrets' rotation may name. */
  rotationFunctions: RotationFunctionRegistry;
}

const TOP_FIELDS = ['version', 'region', 'kms', 'ssm', 'iam', 'secretsmanager'];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function loadSeed(paths: readonly string[], options: LoadOptions): Seed {
  const problems: SeedProblem[] = [];
  const seed = emptySeed();
  for (const full of seedFiles(paths, options.cwd, problems)) {
    const source = readSeedFile(full, options.cwd, problems);
    if (!source) continue;
    seed.files.push(source.file);
    const r = new FieldReader(source.file);
    readDocument(r, source.content, options, seed);
    problems.push(...r.problems);
  }
  if (problems.length === 0) checkReferences(seed, options.accountId, problems);
  if (problems.length > 0) throw new SeedInvalidError(problems);
  return seed;
}

function readDocument(r: FieldReader, content: unknown, options: LoadOptions, seed: Seed): void {
  // An empty file declares nothing; that is allowed (a directory may hold a placeholder).
  if (content === null || content === undefined) return;
  const file = r.mapping(content, '', TOP_FIELDS);
  if (!file) return;
  if (file.version !== undefined && file.version !== 1) r.fail('version', 'must be 1 (the only version of the format)');
  const region = r.string(file, 'region', '', { pattern: REGION, what: 'a region name such as us-east-1' }) ?? DEFAULT_REGION;
  // The sections' strings name ARNs with ${AWS::AccountId}, ${AWS::Region} and ${AWS::Partition}; the region is the file's (read as written).
  const top = substitutePseudoParameters(file, { AccountId: options.accountId, Region: region, Partition: partitionOf(region) }) as typeof file;
  const c: ParseContext = { r, env: options.env, dev: options.dev, accountId: options.accountId, region, rotationFunctions: options.rotationFunctions };
  if (top.kms !== undefined) seed.keys.push(...readKmsSection(c, top.kms, 'kms'));
  if (top.ssm !== undefined) seed.parameters.push(...readSsmSection(c, top.ssm, 'ssm'));
  if (top.iam !== undefined) {
    const iam = readIamSection(c, top.iam, 'iam');
    seed.policies.push(...iam.policies);
    seed.groups.push(...iam.groups);
    seed.users.push(...iam.users);
    seed.roles.push(...iam.roles);
  }
  if (top.secretsmanager !== undefined) seed.secrets.push(...readSecretsSection(c, top.secretsmanager, 'secretsmanager'));
}
