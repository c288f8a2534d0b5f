// Which request-context keys a policy can read: the keys of its conditions, and the policy variables
// in its resources and condition values. A key that no applicable policy names cannot change a
// decision, so facts that cost a store read (a parameter's tags, a KMS key's aliases) need to be
// gathered only when some policy names them. Erring wide is safe: a false "named" costs one read.

import type { PolicySet } from './evaluation-types.js';
import type { ParsedPolicy } from './types.js';

const referenced = new WeakMap<ParsedPolicy, readonly string[]>();

/** `${key}` and `${key, 'default'}` anywhere in `text`: each key, trimmed and lower-cased. */
function variableKeys(text: string, into: Set<string>): void {
  let at = text.indexOf('${');
  while (at >= 0) {
    let end = at + 2;
    while (end < text.length && text[end] !== '}' && text[end] !== ',') end += 1;
    into.add(text.slice(at + 2, end).trim().toLowerCase());
    at = text.indexOf('${', at + 2);
  }
}

/** Every context key the policy names, lower-cased (keys compare case-insensitively). Cached per policy. */
export function referencedKeys(policy: ParsedPolicy): readonly string[] {
  let keys = referenced.get(policy);
  if (keys) return keys;
  const found = new Set<string>();
  for (const statement of policy.statements) {
    for (const pattern of statement.resources?.patterns ?? []) variableKeys(pattern, found);
    for (const entry of statement.conditions) {
      found.add(entry.key.toLowerCase());
      for (const value of entry.values) variableKeys(value, found);
    }
  }
  keys = [...found];
  referenced.set(policy, keys);
  return keys;
}

function policiesOf(set: PolicySet): ParsedPolicy[] {
  const all = set.identity.map((p) => p.policy);
  for (const p of set.session ?? []) all.push(p.policy);
  if (set.boundary) all.push(set.boundary.policy);
  if (set.resource) all.push(set.resource.policy);
  return all;
}

/** Whether any policy of the set names a key starting with one of `prefixes` (given lower-cased). */
export function setNamesKeyWithPrefix(set: PolicySet, prefixes: readonly string[]): boolean {
  return policiesOf(set).some((policy) => referencedKeys(policy).some((key) => prefixes.some((prefix) => key.startsWith(prefix))));
}
