// The events as a table, one <tbody> per event (its row, its refusal's reason, its record when
// expanded), keyed by event id: rows prepended by a poll leave the others' DOM, and so the focus
// and the expanded rows, where they were. A denial says "Denied" in words and shows AWS's reason
// verbatim; the colour only repeats it.

import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { href } from '../../app/router.js';
import { formatDate } from '../../ui/date-time.js';
import { shortArn, type ActivityEvent } from './events.js';
import { filtersToParams, type ActivityFilters } from './filters.js';

const COLUMNS = 6;

function formatTime(ms: number | undefined): { short: string; iso: string } {
  if (ms === undefined) return { short: '—', iso: '' };
  return { short: formatDate(ms / 1000), iso: new Date(ms).toISOString() };
}

function Decision({ event }: { event: ActivityEvent }) {
  if (event.decision === 'denied') return <strong class="activity-badge activity-badge-denied">Denied</strong>;
  if (event.decision === 'error') {
    // The code is in the reason's row when the error has a message; else here.
    return (
      <span>
        <span class="activity-badge activity-badge-error">Error</span>
        {event.errorMessage === undefined ? <code class="activity-code">{event.errorCode}</code> : null}
      </span>
    );
  }
  return <span class="activity-allowed">Allowed</span>;
}

/** A path that may wrap after each `/`, rather than anywhere. */
function Breakable({ text }: { text: string }) {
  return (
    <>
      {text.split('/').map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? '/' : null}
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}

function Resources({ arns }: { arns: string[] }) {
  const [first, ...more] = arns;
  if (first === undefined) return <span class="activity-muted">—</span>;
  return (
    <span title={arns.join('\n')}>
      <Breakable text={shortArn(first)} />
      {more.length > 0 ? <span class="activity-muted"> +{more.length}</span> : null}
    </span>
  );
}

function EventRows({ event, filters, gapAbove }: { event: ActivityEvent; filters: ActivityFilters; gapAbove: boolean }) {
  const [open, setOpen] = useState(false);
  const time = formatTime(event.time);
  const detailsId = `activity-record-${event.id}`;
  const base = filtersToParams(filters);
  const reason = event.decision !== 'allowed' && event.errorMessage !== undefined;
  return (
    <tbody class={`activity-event activity-${event.decision}`} data-event-id={event.id}>
      {gapAbove ? (
        <tr class="activity-gap">
          <td colSpan={COLUMNS}>
            More events arrived here than the console reads at once; some are not shown. Narrow the time range to see them.
          </td>
        </tr>
      ) : null}
      <tr>
        <td>
          <button
            type="button"
            class="outline secondary activity-toggle"
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            onClick={() => setOpen(!open)}
          >
            Details<span class="visually-hidden"> of {event.action} at {time.short}</span>
          </button>
        </td>
        <td>
          <time dateTime={time.iso}>{time.short}</time>
        </td>
        <td>
          {event.principalArn ? (
            <a href={href('activity', [], { ...base, principal: event.principalArn })} title={`Only ${event.principalArn}`}>
              {event.principalLabel}
            </a>
          ) : (
            event.principalLabel
          )}
        </td>
        <td>
          {event.eventName !== undefined ? (
            <a href={href('activity', [], { ...base, action: event.action })} title={`Only ${event.action}`}>
              {event.action}
            </a>
          ) : (
            event.action
          )}
        </td>
        <td class="activity-resource">
          <Resources arns={event.resources} />
        </td>
        <td>
          <Decision event={event} />
        </td>
      </tr>
      {reason ? (
        <tr class="activity-reason">
          <td colSpan={COLUMNS}>
            <span class="activity-reason-label">{event.decision === 'denied' ? 'Why denied:' : 'Error:'}</span> <code>{event.errorCode}</code>: {event.errorMessage}
          </td>
        </tr>
      ) : null}
      {open ? (
        <tr class="activity-details">
          <td colSpan={COLUMNS}>
            <pre id={detailsId} class="activity-record" tabIndex={0} aria-label={`CloudTrail record of ${event.action} at ${time.short}`}>
              <code>{event.recordText}</code>
            </pre>
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}

export function EventTable({ events, filters, gaps }: { events: ActivityEvent[]; filters: ActivityFilters; gaps: ReadonlySet<string> }) {
  return (
    <div class="overflow-auto">
      <table class="activity-table">
        <caption class="visually-hidden">Events, newest first</caption>
        <colgroup>
          <col class="activity-col-toggle" />
          <col class="activity-col-time" />
          <col class="activity-col-principal" />
          <col class="activity-col-action" />
          <col />
          <col class="activity-col-decision" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">Record</span>
            </th>
            <th scope="col">Time</th>
            <th scope="col">Principal</th>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        {events.map((event) => (
          <EventRows key={event.id} event={event} filters={filters} gapAbove={gaps.has(event.id)} />
        ))}
      </table>
    </div>
  );
}
