// PutParameter: create version 1, or with Overwrite a new version that inherits
// every member the request leaves out. Writes are optimistic: read the head, decide, and ask the
// store to write only if the head is still the one the decision was based on; on a conflict,
// decide again on fresh state. Within one process, writers to a name also queue (write-lanes.ts).

import type { NewVersion, ParameterHead, ParameterType, Tag } from '../../store/parameters.js';
import { scopeOf, type OperationContext, type OperationHandler } from '../context.js';
import { assertMatchesAllowedPattern, compileAllowedPattern } from './allowed-pattern.js';
import { ssmErrors } from './errors.js';
import { flag, optionalString, requiredString, tagList, type Input } from './input.js';
import { canonicalName, validateWriteName } from './names.js';
import { checkDataType, checkImageId, checkValue, parsePolicies, resolveTier } from './put-rules.js';
import { DEFAULT_SSM_KEY, encryptValue } from './secure-string.js';
import { inWriteLane } from './write-lanes.js';

/** Concurrent writers to one name each get this many fresh decisions before TooManyUpdates. */
const MAX_ATTEMPTS = 5;
/** AWS: "Most resources can have a maximum of 50 tags". */
export const MAX_TAGS = 50;

interface Request {
  displayName: string;
  canonical: string;
  value: string;
  overwrite: boolean;
  type: ParameterType | undefined;
  description: string | undefined;
  keyId: string | undefined;
  allowedPattern: string | undefined;
  tier: string | undefined;
  /** undefined: keep the previous policies; null: none. */
  policies: string | null | undefined;
  dataType: string | undefined;
  tags: Tag[];
}

function readRequest(input: Input, ctx: OperationContext): Request {
  const value = requiredString(input, 'Value');
  checkValue(value);
  const overwrite = flag(input, 'Overwrite');
  const tags = tagList(input, 'Tags');
  if (overwrite && tags.length > 0) throw ssmErrors.tagsWithOverwrite();
  if (tags.length > MAX_TAGS) throw ssmErrors.tooManyTags();
  const displayName = validateWriteName(requiredString(input, 'Name'), ctx.region, ctx.accountId);
  const allowedPattern = optionalString(input, 'AllowedPattern');
  if (allowedPattern !== undefined && allowedPattern !== '') compileAllowedPattern(allowedPattern);
  const policiesText = optionalString(input, 'Policies');
  const dataType = optionalString(input, 'DataType');
  return {
    displayName,
    canonical: canonicalName(displayName),
    value,
    overwrite,
    type: optionalString(input, 'Type') as ParameterType | undefined,
    description: optionalString(input, 'Description'),
    keyId: optionalString(input, 'KeyId'),
    allowedPattern,
    tier: optionalString(input, 'Tier'),
    policies: policiesText === undefined ? undefined : parsePolicies(policiesText),
    dataType: dataType === '' ? undefined : dataType,
    tags,
  };
}

/** An empty string clears an optional text member; an absent one keeps the previous value. */
function inherit(given: string | undefined, previous: string | null | undefined): string | null {
  if (given === undefined) return previous ?? null;
  return given === '' ? null : given;
}

/** The new version from the request and the current head (undefined when creating). */
async function decide(request: Request, head: ParameterHead | undefined, ctx: OperationContext): Promise<NewVersion> {
  const previous = head?.latest;
  const type = request.type ?? previous?.type;
  if (type === undefined) throw ssmErrors.typeRequired();
  const dataType = request.dataType ?? previous?.dataType ?? 'text';
  checkDataType(dataType, type);
  const policies = request.policies === undefined ? (previous?.policies ?? null) : request.policies;
  const tier = resolveTier({
    requested: request.tier,
    previous: previous?.tier,
    valueLength: request.value.length,
    hasPolicies: policies !== null,
  });
  const allowedPattern = inherit(request.allowedPattern, previous?.allowedPattern);
  // The stored pattern keeps applying to later overwrites that do not resend it.
  if (allowedPattern !== null) assertMatchesAllowedPattern(allowedPattern, request.value);
  // Last of the checks: on AWS this one happens after the call has already succeeded.
  checkImageId(dataType, request.value);

  // KeyId only means something for SecureString; AWS neither stores nor returns it otherwise.
  let keyId: string | null = null;
  let stored: Buffer;
  if (type === 'SecureString') {
    keyId = request.keyId ?? (previous?.type === 'SecureString' ? previous.keyId : null) ?? DEFAULT_SSM_KEY;
    stored = await encryptValue(ctx, request.canonical, keyId, request.value);
  } else {
    stored = Buffer.from(request.value, 'utf8');
  }
  return {
    type,
    value: stored,
    keyId,
    description: inherit(request.description, previous?.description),
    allowedPattern,
    dataType,
    tier,
    policies,
    lastModifiedDate: ctx.now(),
    lastModifiedUser: ctx.principal.arn,
  };
}

export const putParameter: OperationHandler = async (input, ctx) => {
  const request = readRequest(input, ctx);
  const scope = scopeOf(ctx);
  const lane = `${scope.accountId}/${scope.region}/${request.canonical}`;
  return inWriteLane(ctx.store, lane, () => write(request, ctx));
};

async function write(request: Request, ctx: OperationContext): Promise<Record<string, unknown>> {
  const scope = scopeOf(ctx);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const head = await ctx.store.parameters.get(scope, request.canonical);
    if (head && !request.overwrite) throw ssmErrors.parameterAlreadyExists();
    const version = await decide(request, head, ctx);
    const outcome = await ctx.store.parameters.put(scope, {
      name: request.canonical,
      displayName: request.displayName,
      expectedLatest: head?.latest.version ?? 0,
      version,
      tags: head ? [] : request.tags,
      maxVersions: ctx.limits.maxParameterVersions,
    });
    if (outcome.outcome === 'written') return { Version: outcome.version, Tier: version.tier };
    if (outcome.outcome === 'oldest-labelled') {
      throw ssmErrors.parameterMaxVersionLimitExceeded(request.displayName, outcome.oldestVersion);
    }
    // 'conflict': another writer got there first; decide again on what it wrote.
  }
  throw ssmErrors.tooManyUpdates();
}
