// Finding the version a GetParameter(s) identifier names: latest, `name:3` or `name:label`.

import type { ParameterVersion } from '../../store/parameters.js';
import { scopeOf, type OperationContext } from '../context.js';
import { parseParameterRef, type ParameterRef } from './names.js';

export type Lookup =
  | { outcome: 'found'; ref: Extract<ParameterRef, { found: true }>; version: ParameterVersion }
  | { outcome: 'not-found' }
  /** The parameter exists but not the version or label the selector names. */
  | { outcome: 'selector-not-found'; ref: Extract<ParameterRef, { found: true }> };

export async function lookupParameter(ctx: OperationContext, identifier: string): Promise<Lookup> {
  const ref = parseParameterRef(identifier, ctx.region, ctx.accountId, true);
  if (!ref.found) return { outcome: 'not-found' };
  const repo = ctx.store.parameters;
  const scope = scopeOf(ctx);
  const head = await repo.get(scope, ref.canonical);
  if (!head) return { outcome: 'not-found' };
  const selector = ref.selector;
  if (!selector) return { outcome: 'found', ref, version: head.latest };
  const version =
    selector.kind === 'version'
      ? await repo.getVersion(scope, ref.canonical, selector.version)
      : await repo.getLabelled(scope, ref.canonical, selector.label);
  return version ? { outcome: 'found', ref, version } : { outcome: 'selector-not-found', ref };
}
