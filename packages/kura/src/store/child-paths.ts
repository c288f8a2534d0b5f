// The direct child paths of a path (ParameterRepository.listPaths), found by a skip-scan of the
// parent index that both backends keep: one seek finds the smallest stored parent past a bound, its
// first segment below the path is a child, and the next seek starts past that child. Each child
// costs a few seeks, whatever lies below it.
//
// The catch is byte order. Children are listed in byte order of their segment, but the index holds
// whole parents, and a child's parents do not sort together: `/a` < `/a-x` < `/a-x/y` < `/a/b`,
// because '-' (0x2d) and '.' (0x2e) sort before '/' (0x2f). So the walk below keeps two rules:
// - a parent that lies below a child already listed (`/a/b` once `a-x` is listed) is skipped over
//   with its whole subtree, rather than listing `a` a second time;
// - a child found first (`a-x`) may have a shorter prefix ending before such a byte (`a`) whose rows
//   only come later: each such prefix is probed (one seek) and listed first if anything is below it.
//
// The walk is a generator of seeks, so that SQLite answers them synchronously inside one read and
// PostgreSQL asynchronously inside one snapshot, with the same logic.

import { compareBytes, pathBounds } from './parameter-paths.js';

/** One index seek: the smallest stored parent after (or from) `low`, below `upper`, in the query's scope. */
export interface ParentSeek {
  low: string;
  /** True: `parent >= low`; false: `parent > low`. */
  inclusive: boolean;
  /** Exclusive. */
  upper: string;
}

export type ChildPathWalk = Generator<ParentSeek, string[], string | undefined>;

/** '/' is 0x2f: a byte below it, right after a prefix of a segment, sorts that segment before the prefix's subtree. */
const SLASH = 0x2f;

/** The first segment of `parent` below `prefix` (`/a/` and `/a/b/c` → `b`). */
function segmentOf(prefix: string, parent: string): string {
  const rest = parent.slice(prefix.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/**
 * The shortest proper prefix of `segment` that is itself a child after `last` whose rows sort after
 * `segment`'s: only a prefix followed by a byte below '/' can be one. Probes each with one seek;
 * `absent` keeps those found empty for the rest of the walk.
 */
function* shadowedPrefix(prefix: string, segment: string, last: string | undefined, absent: Set<string>): Generator<ParentSeek, string | undefined, string | undefined> {
  for (let end = 1; end < segment.length; end++) {
    if (segment.charCodeAt(end) >= SLASH) continue;
    const candidate = segment.slice(0, end);
    if (absent.has(candidate) || (last !== undefined && compareBytes(candidate, last) <= 0)) continue;
    // Only its subtree can hold it: a parent equal to `prefix + candidate` would have sorted first.
    const below = yield { low: `${prefix}${candidate}/`, inclusive: false, upper: `${prefix}${candidate}0` };
    if (below !== undefined) return candidate;
    absent.add(candidate);
  }
  return undefined;
}

/**
 * Lists at most `limit` direct child paths of `below`, after `afterPath` (any path: children that
 * sort after it in byte order). Yields seeks; returns full child paths (`/a/b`, `/x` for the root).
 */
export function* childPathWalk(below: string, afterPath: string | undefined, limit: number): ChildPathWalk {
  // `prefix` ends with '/'; every parent strictly between it and `upper` starts with it.
  const { lower: prefix, upper } = pathBounds(below);
  let last: string | undefined;
  if (afterPath !== undefined) {
    if (afterPath.startsWith(prefix)) last = afterPath.slice(prefix.length);
    else if (compareBytes(afterPath, prefix) > 0) return [];
  }
  const found: string[] = [];
  const absent = new Set<string>();
  // Invariant: every parent of a child after `last` lies at or after `low`. Strictly after `prefix`:
  // the root's own parameters have the parent `/`, which is no child.
  let low = `${prefix}${last ?? ''}`;
  let inclusive = false;
  while (found.length < limit) {
    const parent = yield { low, inclusive, upper };
    if (parent === undefined) break;
    const segment = segmentOf(prefix, parent);
    if (last !== undefined && compareBytes(segment, last) <= 0) {
      // Below a child already passed (`/a/b` after `a-x`): skip its subtree ('0' follows '/').
      low = `${prefix}${segment}0`;
      inclusive = true;
      continue;
    }
    const child = (yield* shadowedPrefix(prefix, segment, last, absent)) ?? segment;
    found.push(`${prefix}${child}`);
    last = child;
    if (child === segment && parent !== `${prefix}${segment}`) {
      // The child's first parent is in its subtree, so no child extends it with a byte below '/'
      // (that one would have sorted first): the next child lies past the subtree.
      low = `${prefix}${segment}0`;
      inclusive = true;
    } else {
      low = `${prefix}${child}`;
      inclusive = false;
    }
  }
  return found;
}

/** Runs a walk against a synchronous seek (SQLite, inside one read). */
export function walkSync(walk: ChildPathWalk, seek: (s: ParentSeek) => string | undefined): string[] {
  let step = walk.next();
  while (!step.done) step = walk.next(seek(step.value));
  return step.value;
}

/** Runs a walk against an asynchronous seek (PostgreSQL, inside one snapshot). */
export async function walkAsync(walk: ChildPathWalk, seek: (s: ParentSeek) => Promise<string | undefined>): Promise<string[]> {
  let step = walk.next();
  while (!step.done) step = walk.next(await seek(step.value));
  return step.value;
}
