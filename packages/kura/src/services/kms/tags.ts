// Tag rules of CreateKey and TagResource. Key and value lengths are model constraints
// the wire layer has already enforced; these are the rules KMS adds, in the order AWS applies them.

import type { KeyTag } from '../../store/keys.js';
import { kmsErrors } from './errors.js';

/** AWS: at most 50 tags on a KMS key. */
export const MAX_TAGS = 50;

export function validateTags(tags: KeyTag[]): KeyTag[] {
  if (new Set(tags.map((t) => t.tagKey)).size < tags.length) throw kmsErrors.tag('Duplicate tag keys');
  if (tags.length > MAX_TAGS) throw kmsErrors.tag('Too many tags');
  for (const tag of tags) {
    if (tag.tagKey.toLowerCase().startsWith('aws:')) throw kmsErrors.tag('Tags beginning with aws: are reserved');
  }
  return tags;
}

/** Tags as the list operations return them. */
export function tagsOut(tags: KeyTag[]): Array<{ TagKey: string; TagValue: string }> {
  return tags.map((t) => ({ TagKey: t.tagKey, TagValue: t.tagValue }));
}
