// ListSecrets' and BatchGetSecretValue's filters, as AWS documents them
// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Filter.html and "Find secrets"
// in the user guide): name, tag-key and tag-value match a prefix, case-sensitively; description and
// all match words, not case-sensitively (the user guide, and moto's measurements of AWS: "My
// Description" matches "Description of my secret"). A value starting with `!` negates. The values
// of one filter are alternatives; several filters must all match.
//
// Words: a string splits at punctuation and spaces, at a change from lower to upper case, and between
// letters and digits (`credsDatabase#892` → creds, Database, 892). A filter word matches a word of
// the attribute that starts with it; every word of the filter value must match, within one attribute.
//
// Kura has no replicas and no secrets managed by other services, so primary-region and
// owning-service match nothing (and their negations everything).

import type { SecretRecord } from '../../store/secrets.js';
import type { Input } from './input.js';

export interface SecretFilter {
  key: string;
  values: string[];
}

export function filtersOf(input: Input, member = 'Filters'): SecretFilter[] {
  const raw = input[member];
  if (!Array.isArray(raw)) return [];
  return raw.map((entry: { Key?: unknown; Values?: unknown }) => ({
    key: typeof entry.Key === 'string' ? entry.Key : '',
    values: Array.isArray(entry.Values) ? entry.Values.filter((v): v is string => typeof v === 'string') : [],
  }));
}

export function wordsOf(text: string): string[] {
  return (text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []).map((word) => word.toLowerCase());
}

function wordsMatch(pattern: string, attribute: string): boolean {
  const wanted = wordsOf(pattern);
  if (wanted.length === 0) return false;
  const have = wordsOf(attribute);
  return wanted.every((w) => have.some((h) => h.startsWith(w)));
}

/** The attributes a filter key looks at, and how one value matches one attribute. */
function attributes(secret: SecretRecord, key: string): { values: string[]; match: (pattern: string, value: string) => boolean } {
  const prefix = (pattern: string, value: string) => value.startsWith(pattern);
  switch (key) {
    case 'name':
      return { values: [secret.name], match: prefix };
    case 'description':
      return { values: secret.description === null ? [] : [secret.description], match: wordsMatch };
    case 'tag-key':
      return { values: secret.tags.map((t) => t.key), match: prefix };
    case 'tag-value':
      return { values: secret.tags.map((t) => t.value), match: prefix };
    case 'all': {
      const values = [secret.name, ...(secret.description === null ? [] : [secret.description]), ...secret.tags.flatMap((t) => [t.key, t.value])];
      return { values, match: wordsMatch };
    }
    default:
      // primary-region, owning-service: nothing here has them.
      return { values: [], match: prefix };
  }
}

function valueMatches(secret: SecretRecord, key: string, filterValue: string): boolean {
  const negated = filterValue.startsWith('!');
  const pattern = negated ? filterValue.slice(1) : filterValue;
  const { values, match } = attributes(secret, key);
  const found = values.some((value) => match(pattern, value));
  return negated ? !found : found;
}

export function matchesFilters(secret: SecretRecord, filters: readonly SecretFilter[]): boolean {
  return filters.every((filter) => filter.values.some((value) => valueMatches(secret, filter.key, value)));
}
