// Activity: Kura's audit log through CloudTrail LookupEvents, newest first, live. The filters live in
// the route (#/activity?principal=…&action=…&decision=denied); one of them is LookupEvents' lookup
// attribute and the page applies the rest (filters.ts), and says so. New events are fetched every
// few seconds while the tab is visible and the reader has not paused, prepended without moving the
// reader's place or focus, and announced once per poll ("3 new events"), not one by one.

import { useMemo, useRef } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import type { Route } from '../../app/router.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { EventTable } from './event-table.js';
import { FilterForm } from './filter-form.js';
import { describePlan, filtersFromParams, planLookup } from './filters.js';
import { keepPlace } from './keep-place.js';
import { POLL_MS, useActivityStream, type ActivityStreamView } from './use-activity-stream.js';

const IDLE_WORDS: Record<NonNullable<ActivityStreamView['idle']>, string> = {
  loading: 'Loading…',
  paused: 'Paused: new events are not fetched until you resume.',
  hidden: 'Paused while this tab is hidden; new events are fetched when you come back.',
  ended: 'Not live: the time range has an end.',
};

function LiveControls({ view }: { view: ActivityStreamView }) {
  return (
    <div class="activity-toolbar">
      <p class="activity-live-state" data-testid="activity-live-state">
        {view.idle === undefined ? <span class="activity-live">Live</span> : null}
        {view.idle === undefined ? ` checking for new events every ${POLL_MS / 1000} seconds.` : IDLE_WORDS[view.idle]}
      </p>
      {view.idle !== 'ended' ? (
        <button type="button" class="secondary" onClick={() => view.setPaused(!view.paused)}>
          {view.paused ? 'Resume live updates' : 'Pause live updates'}
        </button>
      ) : null}
    </div>
  );
}

export function ActivityArea({ route }: { route: Route }) {
  const api = useApi();
  const query = route.params.toString();
  const filters = useMemo(() => filtersFromParams(route.params), [query]);
  const key = `${api.session.accessKeyId} ${JSON.stringify(filters)}`;
  const plan = useMemo(() => planLookup(filters, api.session.accessKeyId), [key]);
  const table = useRef<HTMLDivElement>(null);
  const view = useActivityStream(plan, key, () => keepPlace(table.current));
  const stream = view.stream;
  const events = stream?.events ?? [];
  const hasOlder = stream?.hasOlder ?? false;

  return (
    <section class="activity">
      <h1>Activity</h1>
      <p>Every request Kura answered, refused ones included, newest first, from CloudTrail LookupEvents over Kura's audit log.</p>
      <FilterForm filters={filters} />
      <p class="activity-plan">
        <small data-testid="activity-plan">{describePlan(plan)}</small>
      </p>
      <h2>Events</h2>
      {/* Always in the page, so that screen readers hear what is put in it: one message per poll. */}
      <p role="status" aria-live="polite" aria-atomic="true" class="activity-announcement" data-testid="activity-announcement">
        {view.announcement}
      </p>
      {view.loading ? (
        <Loading what="events" />
      ) : view.error !== undefined ? (
        <ErrorNotice error={view.error} action="looking up events" />
      ) : (
        <>
          <LiveControls view={view} />
          <ErrorNotice error={view.pollError} action="checking for new events (live updates paused; resume to retry)" />
          <div ref={table}>
            {events.length > 0 ? (
              <EventTable events={events} filters={filters} gaps={stream?.gaps ?? new Set()} />
            ) : (
              <p>No event matches{hasOlder ? ' yet among those read; load older events to look further back' : ''}.</p>
            )}
          </div>
          <p>
            <small data-testid="activity-counts">
              {events.length} {events.length === 1 ? 'event' : 'events'} shown of {stream?.looked ?? 0} read from the log.
            </small>
          </p>
          {hasOlder ? (
            <button
              type="button"
              class="secondary outline"
              aria-busy={view.loadingOlder ? 'true' : undefined}
              aria-disabled={view.loadingOlder ? 'true' : undefined}
              onClick={view.loadOlder}
            >
              Load older events
            </button>
          ) : (
            <p>No older events{plan.from !== undefined ? ' in the time range' : ''}.</p>
          )}
          <ErrorNotice error={view.olderError} action="loading older events" />
        </>
      )}
    </section>
  );
}
