// The Activity stream: the events a filter shows, newest first, grown at both ends. Older events
// come from LookupEvents' NextToken (a position in the log, so paging stays stable while new events
// are written); newer ones from a lookup whose StartTime is the newest event's second, which is
// inclusive, so the events already shown come back and are dropped by id. Every event the server
// returned counts as seen, kept by the page's filter or not, so a poll knows where it left off.
//
// A poll reads at most MAX_POLL_PAGES pages. When more events than that arrived since the last one
// (a burst, or a long pause), the events in between are not fetched: the stream records a gap
// above the events it had, and the page says so, rather than reading an unbounded history.

import { readEvent, type ActivityEvent, type LookupEntry } from './events.js';
import type { LookupPlan } from './filters.js';

export interface LookupInput {
  LookupAttributes?: Array<{ AttributeKey: string; AttributeValue: string }>;
  /** Epoch seconds (AWS JSON timestamps). */
  StartTime?: number;
  EndTime?: number;
  MaxResults: number;
  NextToken?: string;
}

export type Lookup = (input: LookupInput, signal: AbortSignal) => Promise<{ Events?: LookupEntry[]; NextToken?: string }>;

export const PAGE_SIZE = 50;
/** Loading older events stops once this many more are shown, or after MAX_FILL_PAGES lookups. */
export const FILL_TARGET = 25;
export const MAX_FILL_PAGES = 4;
export const MAX_POLL_PAGES = 4;
/**
 * A page left open on a busy server would otherwise grow without end (a row per event, polled every
 * few seconds): new events then push the oldest shown ones out past this many (or past what the
 * reader loaded with "Load older"), and "Load older" brings them back from the log.
 */
export const MAX_SHOWN = 1000;
/** Polls start at the newest event's second; ids of events older than this before it never come back. */
const SEEN_WINDOW_MS = 60_000;

export class ActivityStream {
  /** Newest first: the events the plan accepts. */
  events: ActivityEvent[] = [];
  /** Ids of events above which some events were not fetched (a poll that hit MAX_POLL_PAGES). */
  gaps = new Set<string>();
  /** Events the server returned, whether the page kept them or not. */
  looked = 0;
  /** The token of the next older page; undefined once the log's start (or StartTime) is reached. */
  private olderToken: string | undefined;
  /** After a trim: older pages start again at this time (epoch ms), the oldest shown event's. */
  private olderFrom: number | undefined;
  private started = false;
  /** Ids already taken (shown, or refused by the plan), with their time: what a lookup must not add twice. */
  private readonly seen = new Map<string, number | undefined>();
  /** The newest event time the server returned (epoch ms): where the next poll starts. */
  private newest: number | undefined;

  constructor(
    private readonly plan: LookupPlan,
    private readonly lookup: Lookup,
  ) {}

  get hasOlder(): boolean {
    return !this.started || this.olderToken !== undefined || this.olderFrom !== undefined;
  }

  private input(extra: Partial<LookupInput>): LookupInput {
    const input: LookupInput = { MaxResults: PAGE_SIZE, ...extra };
    if (this.plan.attribute) input.LookupAttributes = [this.plan.attribute];
    return input;
  }

  private range(): Partial<LookupInput> {
    const range: Partial<LookupInput> = {};
    if (this.plan.from !== undefined) range.StartTime = Math.floor(this.plan.from / 1000);
    if (this.plan.to !== undefined) range.EndTime = Math.floor(this.plan.to / 1000);
    return range;
  }

  /** Marks events seen and returns the new ones the plan accepts. */
  private take(entries: LookupEntry[]): ActivityEvent[] {
    const kept: ActivityEvent[] = [];
    for (const entry of entries) {
      const event = readEvent(entry);
      if (this.seen.has(event.id)) continue;
      this.seen.set(event.id, event.time);
      this.looked += 1;
      if (event.time !== undefined && (this.newest === undefined || event.time > this.newest)) this.newest = event.time;
      if (this.plan.accept(event)) kept.push(event);
    }
    return kept;
  }

  /**
   * The next older events: pages until FILL_TARGET more are shown, MAX_FILL_PAGES were read or the
   * log's start. The first call also finds where polling starts. Returns how many were added.
   */
  async loadOlder(signal: AbortSignal): Promise<number> {
    let added = 0;
    for (let pages = 0; pages < MAX_FILL_PAGES && this.hasOlder && added < FILL_TARGET; pages++) {
      const token = this.olderToken;
      // After a trim, the log is read again from the oldest shown event down (its second included:
      // what is shown is skipped as seen).
      const range = { ...this.range(), ...(token === undefined && this.olderFrom !== undefined ? { EndTime: Math.floor(this.olderFrom / 1000) } : {}) };
      const page = await this.lookup(this.input({ ...range, ...(token !== undefined ? { NextToken: token } : {}) }), signal);
      signal.throwIfAborted();
      this.started = true;
      this.olderFrom = undefined;
      this.olderToken = page.NextToken;
      const kept = this.take(page.Events ?? []);
      this.events = [...this.events, ...kept];
      added += kept.length;
    }
    if (this.newest === undefined && this.plan.to === undefined) await this.probeNewest(signal);
    return added;
  }

  /**
   * Nothing matched yet: polling still needs a starting point, or it would read the whole log every
   * time. The newest event of all (no attribute) is one; the events it skips are older than it.
   */
  private async probeNewest(signal: AbortSignal): Promise<void> {
    const page = await this.lookup({ MaxResults: 1 }, signal);
    signal.throwIfAborted();
    const first = page.Events?.[0];
    const time = first ? readEvent(first).time : undefined;
    if (time !== undefined) this.newest = time;
  }

  /**
   * Events newer than the newest seen, prepended. All of a poll's pages are read before the stream
   * changes, so a poll aborted half-way (pause, hidden page) leaves it as it was.
   */
  async poll(signal: AbortSignal): Promise<number> {
    const since = Math.max(this.newest ?? 0, this.plan.from ?? 0);
    const range: Partial<LookupInput> = since > 0 ? { StartTime: Math.floor(since / 1000) } : {};
    if (this.plan.to !== undefined) range.EndTime = Math.floor(this.plan.to / 1000);
    const entries: LookupEntry[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await this.lookup(this.input({ ...range, ...(token !== undefined ? { NextToken: token } : {}) }), signal);
      signal.throwIfAborted();
      pages += 1;
      const events = page.Events ?? [];
      entries.push(...events);
      token = page.NextToken;
      // Newest first: past an event already seen, the rest were seen too.
      if (events.some((e) => e.EventId !== undefined && this.seen.has(e.EventId))) token = undefined;
    } while (token !== undefined && pages < MAX_POLL_PAGES);
    const kept = this.take(entries);
    const below = this.events[0];
    if (token !== undefined && below) this.gaps.add(below.id);
    // Polls never grow the page past MAX_SHOWN, or past what the reader chose to load older.
    const limit = Math.max(MAX_SHOWN, this.events.length);
    this.events = [...kept, ...this.events];
    this.trim(limit);
    return kept.length;
  }

  /** Keeps the page bounded: the newest `limit` events, and only the seen ids a lookup can return again. */
  private trim(limit: number): void {
    if (this.events.length > limit) {
      const dropped = this.events.slice(limit);
      this.events = this.events.slice(0, limit);
      for (const event of dropped) {
        this.seen.delete(event.id);
        this.gaps.delete(event.id);
      }
      this.olderToken = undefined;
      this.olderFrom = this.events[this.events.length - 1]?.time;
    }
    const shown = new Set(this.events.map((e) => e.id));
    const horizon = (this.newest ?? 0) - SEEN_WINDOW_MS;
    const restart = this.olderFrom ?? Number.POSITIVE_INFINITY;
    for (const [id, time] of this.seen) {
      // Kept: what is shown, what a poll may return again (its second), and what an older load
      // restarted at olderFrom may return again (that second).
      if (shown.has(id) || time === undefined || time >= horizon || Math.floor(time / 1000) === Math.floor(restart / 1000)) continue;
      this.seen.delete(id);
    }
  }
}
