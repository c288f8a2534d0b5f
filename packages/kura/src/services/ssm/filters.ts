// ParameterFilters (DescribeParameters, GetParametersByPath) and the deprecated Filters of
// DescribeParameters: validation with AWS's InvalidFilterKey/Option/Value texts (as moto
// mirrors them from AWS), and matching. Multiple filters AND; values within one filter OR.
// The wire layer has already checked the model constraints (key pattern, lengths, list sizes).

import type { ParameterHead, Tag } from '../../store/parameters.js';
import { ssmErrors } from './errors.js';
import { canonicalName } from './names.js';

export interface Filter {
  key: string;
  option: string;
  values: string[];
}

export interface ParameterQuery {
  filters: Filter[];
  /** GetParametersByPath `Label` filter: return the version carrying one of these labels. */
  labels?: string[];
  /** Some filter looks at tags, so the caller must load them. */
  needsTags: boolean;
}

interface FilterInput {
  Key?: unknown;
  Option?: unknown;
  Values?: unknown;
}

const TYPES = ['String', 'StringList', 'SecureString'];
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];
const PATH_OPTIONS = ['Recursive', 'OneLevel'];

const PATH_RESERVED_MESSAGE =
  'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). ' +
  'When using global parameters, please specify within a global namespace.';
const PATH_INVALID_MESSAGE =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". ' +
  'It can\'t be prefixed with "aws" or "ssm" (case-insensitive). ' +
  'It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). ' +
  'Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". ' +
  'Valid example: /get/parameters2-/by1./path0_.';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function optionsFor(key: string): string[] {
  if (key === 'Name') return ['BeginsWith', 'Equals', 'Contains'];
  // guess: AWS documents only Equals for these three; AWS's list text for them is not known.
  if (key === 'Tier' || key === 'DataType' || key === 'Label') return ['Equals'];
  return ['BeginsWith', 'Equals'];
}

function invalidOption(option: string, allowed: string[]): never {
  const shown = allowed.includes('Contains') ? ['BeginsWith', 'Equals'] : allowed;
  throw ssmErrors.invalidFilterOption(`The following filter option is not valid: ${option}. Valid options include: [${shown.join(', ')}].`);
}

function checkPathValues(values: string[]): void {
  for (const value of values) {
    const lowered = value.toLowerCase();
    if (lowered.startsWith('/aws') || lowered.startsWith('/ssm')) throw ssmErrors.validation(PATH_RESERVED_MESSAGE);
  }
  for (const value of values) {
    if (value.includes('//') || !value.startsWith('/') || !/^[a-zA-Z0-9_.\-/]*$/.test(value)) {
      throw ssmErrors.validation(PATH_INVALID_MESSAGE);
    }
  }
}

function parseStringFilters(input: unknown, byPath: boolean): ParameterQuery {
  const query: ParameterQuery = { filters: [], needsTags: false };
  const seen = new Set<string>();
  for (const raw of Array.isArray(input) ? (input as FilterInput[]) : []) {
    const key = typeof raw.Key === 'string' ? raw.Key : '';
    const values = strings(raw.Values);
    const option = typeof raw.Option === 'string' ? raw.Option : key === 'Path' ? 'OneLevel' : 'Equals';

    if (!byPath && key === 'Label') {
      throw ssmErrors.invalidFilterKey('The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier].');
    }
    if (byPath && key !== 'Type' && key !== 'KeyId' && key !== 'Label') {
      throw ssmErrors.invalidFilterKey(`The following filter key is not valid: ${key}. Valid filter keys include: [Type, KeyId].`);
    }
    if (!key.startsWith('tag:') && values.length === 0) {
      throw ssmErrors.invalidFilterValue(`The following filter values are missing : null for filter key ${key}.`);
    }
    if (seen.has(key)) {
      throw ssmErrors.invalidFilterKey(
        `The following filter is duplicated in the request: ${key}. A request can contain only one occurrence of a specific filter.`,
      );
    }
    seen.add(key);

    if (key === 'Path') {
      if (!PATH_OPTIONS.includes(option)) {
        throw ssmErrors.invalidFilterOption(`The following filter option is not valid: ${option}. Valid options include: [Recursive, OneLevel].`);
      }
      checkPathValues(values);
    } else {
      const valid = key === 'Tier' ? TIERS : key === 'Type' ? TYPES : undefined;
      const bad = valid && values.find((v) => !valid.includes(v));
      if (valid && bad !== undefined) {
        throw ssmErrors.invalidFilterOption(`The following filter value is not valid: ${bad}. Valid values include: [${valid.join(', ')}].`);
      }
      const allowed = optionsFor(key.startsWith('tag:') ? 'tag' : key);
      if (!allowed.includes(option)) invalidOption(option, allowed);
    }

    if (key === 'Label') query.labels = values;
    else query.filters.push({ key, option, values });
    if (key.startsWith('tag:')) query.needsTags = true;
  }
  return query;
}

/** GetParametersByPath: only Type, KeyId and Label. */
export function parseByPathFilters(parameterFilters: unknown): ParameterQuery {
  return parseStringFilters(parameterFilters, true);
}

/** DescribeParameters: the deprecated `Filters` or `ParameterFilters`, never both. */
export function parseDescribeFilters(filters: unknown, parameterFilters: unknown): ParameterQuery {
  const hasFilters = Array.isArray(filters) && filters.length > 0;
  const hasParameterFilters = Array.isArray(parameterFilters) && parameterFilters.length > 0;
  if (hasFilters && hasParameterFilters) throw ssmErrors.validation('You can use either Filters or ParameterFilters in a single request.');
  if (!hasFilters) return parseStringFilters(parameterFilters, false);
  // The deprecated form: Name matches a prefix, Type and KeyId match exactly.
  const query: ParameterQuery = { filters: [], needsTags: false };
  for (const raw of filters as FilterInput[]) {
    const key = typeof raw.Key === 'string' ? raw.Key : '';
    query.filters.push({ key, option: key === 'Name' ? 'BeginsWith' : 'Equals', values: strings(raw.Values) });
  }
  return query;
}

function matchText(actual: string | null, option: string, values: string[]): boolean {
  if (actual === null) return false;
  if (option === 'BeginsWith') return values.some((v) => actual.startsWith(v));
  if (option === 'Contains') return values.some((v) => actual.includes(v));
  return values.includes(actual);
}

function matchPath(name: string, option: string, values: string[]): boolean {
  const depth = name.split('/').length - 1;
  return values.some((raw) => {
    const path = raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
    if (path === '/') return option === 'Recursive' || depth === 1;
    if (!name.startsWith(`${path}/`)) return false;
    return option === 'Recursive' || depth === path.split('/').length;
  });
}

function matchOne(filter: Filter, head: ParameterHead, tags: Tag[] | undefined): boolean {
  const latest = head.latest;
  const { key, option, values } = filter;
  switch (key) {
    case 'Name':
      // `foo` and `/foo` name one parameter, so Equals/BeginsWith compare canonical forms.
      return option === 'Contains'
        ? matchText(head.name, option, values)
        : matchText(head.name, option, values.map(canonicalName));
    case 'Type':
      return matchText(latest.type, option, values);
    case 'KeyId':
      return matchText(latest.type === 'SecureString' ? latest.keyId : null, option, values);
    case 'Path':
      return matchPath(head.name, option, values);
    case 'Tier':
      return matchText(latest.tier, option, values);
    case 'DataType':
      return matchText(latest.dataType, option, values);
    default: {
      const tagKey = key.slice('tag:'.length);
      const tag = (tags ?? []).find((t) => t.key === tagKey);
      if (!tag) return false;
      return values.length === 0 || matchText(tag.value, option, values);
    }
  }
}

/** True when the parameter passes every filter (the Label filter is applied by the caller). */
export function matchesFilters(query: ParameterQuery, head: ParameterHead, tags: Tag[] | undefined): boolean {
  return query.filters.every((filter) => matchOne(filter, head, tags));
}
