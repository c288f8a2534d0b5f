// Tag rules for secrets (guesses where marked; GAPS.md): keys starting with `aws:` are AWS's, and a
// secret has at most 50 tags. Adding a key that exists keeps its place and takes the new value.

import type { SecretTag } from '../../store/secrets.js';
import { smErrors } from './errors.js';

export const MAX_TAGS = 50;

export function checkRequestTags(tags: readonly SecretTag[]): void {
  if (tags.some((tag) => tag.key.toLowerCase().startsWith('aws:'))) throw smErrors.reservedTag();
}

export function mergeTags(existing: readonly SecretTag[], added: readonly SecretTag[]): SecretTag[] {
  const merged = existing.map((tag) => ({ ...tag }));
  for (const tag of added) {
    const at = merged.findIndex((t) => t.key === tag.key);
    if (at >= 0) merged[at] = { key: tag.key, value: tag.value };
    else merged.push({ key: tag.key, value: tag.value });
  }
  if (merged.length > MAX_TAGS) throw smErrors.tooManyTags();
  return merged;
}
