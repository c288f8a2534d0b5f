// The Activity stream in a page: the first events, then a poll every POLL_MS while the stream is
// live (not paused, the tab visible, the time range open-ended), and older pages on request. A
// change of filters starts a new stream and aborts the old one's calls. A failed poll pauses the
// stream and says why; resuming retries at once.

import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { usePageVisible } from '../../ui/use-page-visible.js';
import type { LookupPlan } from './filters.js';
import { ActivityStream, type Lookup } from './stream.js';

export const POLL_MS = 3000;

export interface ActivityStreamView {
  stream: ActivityStream | undefined;
  /** The first load is under way. */
  loading: boolean;
  /** The first load's failure (an AccessDenied to cloudtrail:LookupEvents, say). */
  error: unknown;
  loadingOlder: boolean;
  olderError: unknown;
  loadOlder: () => void;
  /** Whether new events are fetched every few seconds now. */
  live: boolean;
  /** Why not, when not: 'paused', 'hidden', 'ended' (the range has an end), or 'loading'. */
  idle: 'paused' | 'hidden' | 'ended' | 'loading' | undefined;
  paused: boolean;
  setPaused: (paused: boolean) => void;
  pollError: unknown;
  /** The last poll's news for the live region ("3 new events"), with the time it was checked. */
  announcement: string;
}

/** `before` is called just before new events are prepended (to keep the reader's place). */
export function useActivityStream(plan: LookupPlan, key: string, before: () => void): ActivityStreamView {
  const api = useApi();
  const visible = usePageVisible();
  // The stream with the filters (key) it was made for: until the effect below has made the new
  // filters' stream, the previous one must not be shown under them.
  const [made, setMade] = useState<{ key: string; stream: ActivityStream } | undefined>(undefined);
  const stream = made?.key === key ? made.stream : undefined;
  const [, setVersion] = useState(0);
  const [first, setFirst] = useState<{ loading: boolean; error: unknown }>({ loading: true, error: undefined });
  const [older, setOlder] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: undefined });
  const [paused, setPaused] = useState(false);
  const [pollError, setPollError] = useState<unknown>(undefined);
  const [announcement, setAnnouncement] = useState('');
  const checkedAt = useRef(0);
  const streamSignal = useRef<AbortSignal | undefined>(undefined);
  const refresh = () => setVersion((v) => v + 1);

  useEffect(() => {
    const controller = new AbortController();
    streamSignal.current = controller.signal;
    const lookup: Lookup = (input, signal) => api.json('cloudtrail', 'LookupEvents', input, signal);
    const next = new ActivityStream(plan, lookup);
    setMade({ key, stream: next });
    setFirst({ loading: true, error: undefined });
    setOlder({ loading: false, error: undefined });
    setPollError(undefined);
    setAnnouncement('');
    next.loadOlder(controller.signal).then(
      () => {
        checkedAt.current = Date.now();
        if (!controller.signal.aborted) setFirst({ loading: false, error: undefined });
      },
      (error: unknown) => !controller.signal.aborted && setFirst({ loading: false, error }),
    );
    return () => controller.abort();
  }, [key]);

  const ended = plan.to !== undefined;
  const ready = stream !== undefined && !first.loading && first.error === undefined;
  const live = ready && !ended && !paused && visible;

  useEffect(() => {
    if (!live || !stream) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        // Read first, then note the time: the page's place is measured just before rows go in.
        const added = await stream.poll(controller.signal);
        checkedAt.current = Date.now();
        if (controller.signal.aborted) return;
        if (added > 0) {
          before();
          // UTC, as every time in the console is shown.
          const at = `${new Date().toISOString().slice(11, 19)} UTC`;
          setAnnouncement(`${added} new ${added === 1 ? 'event' : 'events'} at ${at}`);
        }
        refresh();
        timer = setTimeout(() => void tick(), POLL_MS);
      } catch (error) {
        if (controller.signal.aborted) return;
        setPollError(error);
        setPaused(true);
      }
    };
    // Catch up at once after a pause or a hidden spell; else keep the rhythm.
    timer = setTimeout(() => void tick(), Math.max(0, checkedAt.current + POLL_MS - Date.now()));
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [live, stream]);

  const loadOlder = () => {
    const signal = streamSignal.current;
    if (!stream || !signal || older.loading) return;
    setOlder({ loading: true, error: undefined });
    stream.loadOlder(signal).then(
      (added) => {
        if (signal.aborted) return;
        setOlder({ loading: false, error: undefined });
        setAnnouncement(added === 0 ? 'No older events matched' : `${added} older ${added === 1 ? 'event' : 'events'} loaded`);
      },
      (error: unknown) => !signal.aborted && setOlder({ loading: false, error }),
    );
  };

  const idle = !ready ? 'loading' : ended ? 'ended' : paused ? 'paused' : !visible ? 'hidden' : undefined;
  return {
    stream,
    loading: first.loading || stream === undefined,
    error: first.error,
    loadingOlder: older.loading,
    olderError: older.error,
    loadOlder,
    live,
    idle,
    paused,
    setPaused: (p) => {
      if (!p) setPollError(undefined);
      setPaused(p);
    },
    pollError,
    announcement,
  };
}
