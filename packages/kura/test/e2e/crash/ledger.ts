// What the writers were told, kept to be held against what a restarted server holds. Pure, so the
// checker itself is unit-tested (ledger.test.ts): a checker that cannot see a loss proves nothing.
//
// Every value sent is unique, so a version's value says which request wrote it. A write is
// acknowledged when its response arrived; one in flight when the server died is pending: it may or
// may not have been committed, but if it was, it must be whole. The first restart after the kill
// settles the pending ones: from then on, whatever that restart showed must stay.

export type ParameterType = 'String' | 'SecureString';

/** Parameter Store keeps the 100 latest versions of a parameter; older ones are removed on write. */
export const MAX_VERSIONS = 100;

export interface ObservedVersion {
  version: number;
  value: string;
  type: string;
}

/** What a server holds for one name, by version; undefined when it answered ParameterNotFound. */
export type Observed = readonly ObservedVersion[] | undefined;

export type ProblemKind =
  /** An acknowledged (or settled) version is missing, or the parameter is gone without a delete. */
  | 'lost'
  /** An acknowledged version holds another value than the one acknowledged. */
  | 'changed'
  /** A DeleteParameter was acknowledged, yet the parameter is there. */
  | 'resurrected'
  /** Versions are not contiguous up to the latest (within the 100 kept). */
  | 'gap'
  /** A value no request sent: a torn or mixed-up write. */
  | 'torn'
  /** A value that was sent, but by a request that was refused or already accounted for. */
  | 'unexpected'
  | 'type'
  /** The latest version a listing shows is not the history's latest (or the listing misses the name). */
  | 'head';

export interface Problem {
  name: string;
  kind: ProblemKind;
  /** Versions and request tags only: never a value. */
  detail: string;
}

interface Entry {
  type: ParameterType;
  /** Acknowledged versions, and those a restart showed since: they must stay (until pushed out). */
  confirmed: Map<number, string>;
  /** A delete was acknowledged (or a restart showed the name gone) and nothing confirmed since. */
  gone: boolean;
  /** Values of puts whose outcome is unknown. */
  pendingPuts: Set<string>;
  pendingDelete: boolean;
  /** Every value ever sent for the name, refused ones included. */
  sent: Set<string>;
}

export interface Counts {
  /** PutParameter calls answered with a version. */
  puts: number;
  /** DeleteParameter calls answered. */
  deletes: number;
  /** Calls in flight when the server died (or failed without an answer): outcome unknown. */
  unknown: number;
  /** Calls the server answered with an error: nothing written. */
  refused: number;
  /** Of the unknown ones, those a restart showed had landed. */
  landed: number;
}

/** The request's tag: the part of a value before the first `|`, which says who sent it and when. */
export function tagOf(value: string): string {
  const bar = value.indexOf('|');
  return bar < 0 ? '(no tag)' : value.slice(0, bar);
}

export class Ledger {
  private readonly entries = new Map<string, Entry>();
  readonly counts: Counts = { puts: 0, deletes: 0, unknown: 0, refused: 0, landed: 0 };

  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  beginPut(name: string, type: ParameterType, value: string): void {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { type, confirmed: new Map(), gone: false, pendingPuts: new Set(), pendingDelete: false, sent: new Set() };
      this.entries.set(name, entry);
    }
    entry.pendingPuts.add(value);
    entry.sent.add(value);
  }

  ackPut(name: string, value: string, version: number): void {
    const entry = this.entry(name);
    entry.pendingPuts.delete(value);
    entry.confirmed.set(version, value);
    entry.gone = false;
    this.counts.puts += 1;
  }

  beginDelete(name: string): void {
    this.entry(name).pendingDelete = true;
  }

  ackDelete(name: string): void {
    const entry = this.entry(name);
    entry.pendingDelete = false;
    entry.confirmed.clear();
    entry.gone = true;
    this.counts.deletes += 1;
  }

  /** The server answered with an error: the call wrote nothing. */
  refused(name: string, value?: string): void {
    const entry = this.entry(name);
    if (value === undefined) entry.pendingDelete = false;
    else entry.pendingPuts.delete(value);
    this.counts.refused += 1;
  }

  /** No answer: the call stays pending until the next restart settles it. */
  unknown(): void {
    this.counts.unknown += 1;
  }

  /**
   * Whether a check must read the name's history. A name deleted for good (and not written since)
   * need not be: it must simply not be listed, which the listing of every name shows.
   */
  needsReading(name: string): boolean {
    const entry = this.entry(name);
    return !entry.gone || entry.pendingPuts.size > 0 || entry.pendingDelete;
  }

  /** Everything wrong with what a server holds for `name`, given what its writers were told. */
  check(name: string, observed: Observed): Problem[] {
    const entry = this.entry(name);
    const problems: Problem[] = [];
    const problem = (kind: ProblemKind, detail: string) => problems.push({ name, kind, detail });
    if (observed === undefined) {
      if (!entry.gone && !entry.pendingDelete && entry.confirmed.size > 0) {
        problem('lost', `versions ${list([...entry.confirmed.keys()])} were acknowledged, but the parameter is gone`);
      }
      return problems;
    }
    if (entry.gone && entry.pendingPuts.size === 0) {
      problem('resurrected', `deleted, yet it holds versions ${list(observed.map((v) => v.version))}`);
      return problems;
    }

    const latest = observed.at(-1)?.version ?? 0;
    const first = Math.max(1, latest - MAX_VERSIONS + 1);
    const versions = observed.map((v) => v.version);
    const expected = Array.from({ length: latest - first + 1 }, (_, i) => first + i);
    if (versions.join() !== expected.join()) problem('gap', `holds versions ${list(versions)}, expected ${list(expected)}`);

    const byVersion = new Map(observed.map((v) => [v.version, v]));
    for (const [version, value] of entry.confirmed) {
      if (version < first) continue; // pushed out by 100 newer versions, as Parameter Store does
      const got = byVersion.get(version);
      if (got === undefined) problem('lost', `v${version} (${tagOf(value)}) was acknowledged; latest is v${latest}`);
      else if (got.value !== value) problem('changed', `v${version} was acknowledged as ${tagOf(value)}, holds ${tagOf(got.value)}`);
    }

    const seen = new Set<string>();
    for (const v of observed) {
      if (v.type !== entry.type) problem('type', `v${v.version} is a ${v.type}, written as a ${entry.type}`);
      if (seen.has(v.value)) problem('unexpected', `v${v.version} repeats the value of an earlier version (${tagOf(v.value)})`);
      seen.add(v.value);
      if (entry.confirmed.get(v.version) === v.value || entry.pendingPuts.has(v.value)) continue;
      if (entry.confirmed.has(v.version)) continue; // already reported as changed
      if (!entry.sent.has(v.value)) problem('torn', `v${v.version} holds a value no request sent (${tagOf(v.value)})`);
      else problem('unexpected', `v${v.version} holds ${tagOf(v.value)}, from a request that was refused or already counted`);
    }
    return problems;
  }

  /** After a check: what the restarted server showed becomes what must stay. */
  settle(name: string, observed: Observed): void {
    const entry = this.entry(name);
    for (const value of entry.pendingPuts) if (observed?.some((v) => v.value === value)) this.counts.landed += 1;
    if (entry.pendingDelete && observed === undefined) this.counts.landed += 1;
    entry.pendingPuts.clear();
    entry.pendingDelete = false;
    if (observed === undefined) {
      entry.gone = entry.gone || entry.confirmed.size > 0;
      entry.confirmed.clear();
      return;
    }
    entry.gone = false;
    entry.confirmed = new Map(observed.map((v) => [v.version, v.value]));
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`${name} is not in the ledger`);
    return entry;
  }
}

/** `1..5`, or `1, 3, 4` when not contiguous; long lists shortened. */
function list(versions: readonly number[]): string {
  if (versions.length === 0) return 'none';
  const contiguous = versions.every((v, i) => i === 0 || v === (versions[i - 1] ?? 0) + 1);
  if (contiguous && versions.length > 2) return `${versions[0]}..${versions.at(-1)}`;
  return versions.length > 12 ? `${versions.slice(0, 12).join(', ')}, … (${versions.length})` : versions.join(', ');
}
