// Parameter names, ARNs and selectors. One canonical form per parameter: `/foo` and `foo`
// are the same parameter on AWS, so both map to `/foo`, and so to one ARN and one KMS encryption
// context. Everything that accepts a name from a request goes through here.

import { ssmErrors } from './errors.js';

export const MAX_HIERARCHY_LEVELS = 15;
/** AWS counts the ARN prefix (`arn:aws:ssm:<region>:<account>:parameter/`) toward this. */
export const MAX_EFFECTIVE_NAME_LENGTH = 1011;

const NAME_CHARS = /^[a-zA-Z0-9_.\-/]+$/;

const INVALID_PATH_MESSAGE =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths ' +
  'divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';
const RESERVED_PREFIX_MESSAGE = 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).';

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `foo` and `/foo` both become `/foo`. */
export function canonicalName(name: string): string {
  return name.startsWith('/') ? name : `/${name}`;
}

export function parameterArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:ssm:${region}:${accountId}:parameter${canonicalName(name)}`;
}

/**
 * AWS removes spaces at either end of a name before anything else. Applied once, to the request's
 * input (normalize.ts), before authorization: every function below takes the trimmed name, so the
 * name a caller is authorized for is the name the operation acts on.
 */
export function trimName(raw: string): string {
  return raw.replace(/^ +| +$/g, '');
}

/** Shape rules every operation applies: characters, fully qualified paths, no empty segments. */
function assertWellFormed(name: string): void {
  const wellFormed =
    NAME_CHARS.test(name) &&
    (!name.includes('/') || name.startsWith('/')) &&
    !name.includes('//') &&
    !name.endsWith('/');
  if (!wellFormed) throw ssmErrors.validation(INVALID_PATH_MESSAGE);
}

/**
 * Validates a name a write creates or changes (PutParameter). Returns the name as the caller wrote it
 * (trimmed). Reserved prefixes are checked first, as AWS does, because they decide which error applies.
 */
export function validateWriteName(name: string, region: string, accountId: string): string {
  const firstSegment = (name.startsWith('/') ? name.slice(1) : name).split('/')[0] ?? '';
  const lowered = firstSegment.toLowerCase();
  if (lowered.startsWith('aws') || lowered.startsWith('ssm')) {
    // A "path" here is a name with a slash beyond the leading one (`/aws/x`, not `/awsx`).
    const isPath = (name.match(/\//g) ?? []).length > 1;
    if (isPath && lowered.startsWith('aws') && name.startsWith('/')) {
      throw ssmErrors.accessDenied(`No access to reserved parameter name: ${name}.`);
    }
    throw ssmErrors.validation(isPath ? INVALID_PATH_MESSAGE : RESERVED_PREFIX_MESSAGE);
  }
  assertWellFormed(name);
  if (canonicalName(name).split('/').length - 1 > MAX_HIERARCHY_LEVELS) throw ssmErrors.hierarchyLevelLimitExceeded();
  const arnLength = parameterArn(region, accountId, name).length;
  if (arnLength > MAX_EFFECTIVE_NAME_LENGTH) {
    // guess: AWS's text for this limit is not known.
    throw ssmErrors.validation(
      `Parameter name: the name, including the ARN prefix arn:${partitionOf(region)}:ssm:${region}:${accountId}:parameter/, ` +
        `must not be longer than ${MAX_EFFECTIVE_NAME_LENGTH} characters.`,
    );
  }
  return name;
}

/** Validates a plain name an operation reads or acts on (no ARN, no selector). Reserved prefixes are readable. */
export function validateReadName(name: string): string {
  assertWellFormed(name);
  return name;
}

export type Selector = { kind: 'version'; version: number; text: string } | { kind: 'label'; label: string; text: string };

/** A parsed identifier of GetParameter(s)/GetParameterHistory. */
export type ParameterRef =
  | {
      found: true;
      /**
       * What responses name the parameter: a plain name as written, selector removed; for an ARN,
       * the parameter name the ARN stands for (nameInArn), never the ARN itself.
       */
      echo: string;
      canonical: string;
      selector?: Selector;
    }
  /** Names something that cannot exist here: another account or region, or a malformed selector. */
  | { found: false };

const ARN = /^(arn:([^:]+):ssm:([^:]*):([^:]*):parameter)(\/.*)?$/;

/**
 * What an identifier points at, without validating it: the resource ARN to authorize, the ARN prefix
 * as written (when the identifier is an ARN), the name part with any `:selector` still attached, and
 * whether the ARN names this account and region. Authorization and the handlers both start from
 * this one reading, so they cannot disagree about which parameter an identifier names.
 */
export interface IdentifierParts {
  /** `arn:<P>:ssm:<R>:<A>:parameter` as written, or '' for a plain name. */
  arnPrefix: string;
  /** The name with its selector, as written after the ARN prefix (may be empty or malformed). */
  rest: string;
  /** False for an ARN of another partition, region or account, or for any other ARN. */
  ours: boolean;
  /** Set for an `arn:` identifier that is not a parameter ARN at all: authorized as written. */
  foreignArn?: string;
}

export function identifierParts(identifier: string, region: string, accountId: string): IdentifierParts {
  if (!identifier.startsWith('arn:')) return { arnPrefix: '', rest: identifier, ours: true };
  const arn = ARN.exec(identifier);
  if (!arn) return { arnPrefix: '', rest: '', ours: false, foreignArn: identifier };
  const [, prefix = '', partition, arnRegion, arnAccount, path = ''] = arn;
  const ours = partition === partitionOf(region) && arnRegion === region && arnAccount === accountId;
  return { arnPrefix: prefix, rest: path, ours };
}

/** The name part of `rest`: with `selectors`, what comes before `:version` or `:label`. */
export function nameOf(rest: string, selectors: boolean): string {
  return selectors ? (rest.split(':')[0] ?? '') : rest;
}

/**
 * The resource ARN a request naming `identifier` is authorized on, and the canonical name when it
 * names a parameter of this account and region. Malformed names get an ARN too: authorization comes
 * before validation, as on AWS.
 */
export function identifierTarget(identifier: string, region: string, accountId: string, selectors: boolean): { arn: string; canonical?: string } {
  const parts = identifierParts(identifier, region, accountId);
  if (parts.foreignArn !== undefined) return { arn: parts.foreignArn };
  const name = nameOf(parts.rest, selectors);
  if (parts.arnPrefix !== '') return { arn: `${parts.arnPrefix}${name}`, ...(parts.ours && name !== '' ? { canonical: name } : {}) };
  return { arn: parameterArn(region, accountId, name), ...(name !== '' ? { canonical: canonicalName(name) } : {}) };
}

/**
 * Parses `name`, `name:3`, `name:label` and the same behind a parameter ARN. An ARN must name this
 * account and region; anything else is reported as not found, as AWS does for a parameter the caller
 * cannot see. Malformed names still fail validation.
 */
export function parseParameterRef(identifier: string, region: string, accountId: string, allowSelector: boolean): ParameterRef {
  const parts = identifierParts(identifier, region, accountId);
  if (!parts.ours || (parts.arnPrefix !== '' && parts.rest === '')) return { found: false };
  const { rest, arnPrefix } = parts;
  const pieces = rest.split(':');
  if (pieces.length > 2 || (pieces.length === 2 && !allowSelector)) {
    if (!allowSelector) assertWellFormed(rest);
    return { found: false };
  }
  const name = nameOf(rest, true);
  assertWellFormed(name);
  const echo = arnPrefix === '' ? name : nameInArn(name);
  const canonical = canonicalName(name);
  const selectorText = pieces[1];
  if (selectorText === undefined) return { found: true, echo, canonical };
  if (selectorText === '') return { found: false };
  if (/^[0-9]+$/.test(selectorText)) {
    const version = Number(selectorText);
    if (!Number.isSafeInteger(version)) return { found: false };
    return { found: true, echo, canonical, selector: { kind: 'version', version, text: selectorText } };
  }
  return { found: true, echo, canonical, selector: { kind: 'label', label: selectorText, text: selectorText } };
}

/**
 * The parameter name an ARN's `parameter…` part stands for, the inverse of parameterArn: AWS
 * answers GetParameter for `…:parameter/foo/bar` with the name `/foo/bar` and for `…:parameter/foo`
 * with `foo` (recorded; GAPS.md). A one-level name loses the slash the ARN form adds.
 */
export function nameInArn(path: string): string {
  return path.lastIndexOf('/') === 0 ? path.slice(1) : path;
}

/** The path GetParametersByPath lists below: `path` without its trailing slash (`/` stays `/`). Not validated. */
export function pathBelow(path: string): string {
  return path !== '/' && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Validates the Path of GetParametersByPath and returns the path it lists below. */
export function normalizePath(path: string): string {
  if (path === '/') return '/';
  const bare = pathBelow(path);
  if (!bare.startsWith('/')) throw ssmErrors.validation(INVALID_PATH_MESSAGE);
  assertWellFormed(bare);
  return bare;
}
