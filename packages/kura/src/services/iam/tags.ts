// Tag/Untag/ListTags for users and roles, one implementation bound per kind by the operation files.
// Keys compare case-insensitively (a tag with an existing key in another case replaces it); at most
// 50 tags per entity.

import type { OperationHandler } from '../context.js';
import { titleOf, iamErrors } from './errors.js';
import { requiredString, stringList, tagList } from './input.js';
import { requireRole, requireUser } from './lookup.js';
import { pageOfList } from './paging.js';
import { tagsToWire } from './to-wire.js';

export const MAX_TAGS = 50;

type TaggedKind = 'user' | 'role';

const nameMember = (kind: TaggedKind) => `${titleOf(kind)}Name`;

export function tagEntity(kind: TaggedKind): OperationHandler {
  return async (input, ctx) => {
    const name = requiredString(input, nameMember(kind));
    const tags = tagList(input);
    const outcome = await ctx.store.principals.tag(ctx.accountId, kind, name, tags, MAX_TAGS);
    if (outcome === 'not-found') throw iamErrors.noSuchEntity(kind, name);
    if (outcome === 'too-many') throw iamErrors.tooManyTags(kind);
    return {};
  };
}

export function untagEntity(kind: TaggedKind): OperationHandler {
  return async (input, ctx) => {
    const name = requiredString(input, nameMember(kind));
    const outcome = await ctx.store.principals.untag(ctx.accountId, kind, name, stringList(input, 'TagKeys'));
    if (outcome === 'not-found') throw iamErrors.noSuchEntity(kind, name);
    return {};
  };
}

export function listEntityTags(kind: TaggedKind, operation: string): OperationHandler {
  return async (input, ctx) => {
    const name = requiredString(input, nameMember(kind));
    const entity = kind === 'user' ? await requireUser(ctx, name) : await requireRole(ctx, name);
    const { items, paging } = pageOfList(ctx, operation, input, { entity: entity.id }, entity.tags);
    return { Tags: tagsToWire(items), ...paging };
  };
}
