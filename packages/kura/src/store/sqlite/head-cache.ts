// Parameter heads (GetParameter) and list pages (GetParametersByPath, DescribeParameters) kept for
// one write epoch (epoch-cache.ts explains when that is exact). Bounded by heads and value bytes.

import type { ParameterHead } from '../parameters.js';
import { EpochCache, type EpochCacheLimits } from './epoch-cache.js';

export type HeadEntry = ParameterHead | readonly ParameterHead[];

const rows = (entry: HeadEntry): readonly ParameterHead[] => ('name' in entry ? [entry as ParameterHead] : (entry as readonly ParameterHead[]));

function freezeHead(head: ParameterHead): void {
  if (Object.isFrozen(head)) return;
  Object.freeze(head.latest.labels);
  Object.freeze(head.latest);
  Object.freeze(head);
}

/** 20,000 heads and 16 MiB of values (a value is at most 8 KiB). */
export const HEAD_CACHE_LIMITS: EpochCacheLimits = { maxItems: 20_000, maxBytes: 16 * 1024 * 1024 };

/** `null` is a parameter known not to exist (one item, no bytes). */
export function createHeadCache(limits: EpochCacheLimits = HEAD_CACHE_LIMITS): EpochCache<HeadEntry | null> {
  return new EpochCache<HeadEntry | null>(
    {
      measure: (entry) => {
        if (entry === null) return { items: 1, bytes: 0 };
        const heads = rows(entry);
        return { items: heads.length, bytes: heads.reduce((sum, head) => sum + head.latest.value.length, 0) };
      },
      freeze: (entry) => {
        if (entry === null) return;
        for (const head of rows(entry)) freezeHead(head);
        if (Array.isArray(entry)) Object.freeze(entry);
      },
    },
    limits,
  );
}
