// The Activity filters as a form. Applying it changes the route (#/activity?principal=…), so a
// filtered view can be bookmarked or shared (names and ARNs only, never a value), and the stream
// restarts from it. Field errors are shown where they occur, before any call.

import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { href, navigate } from '../../app/router.js';
import { filtersToParams, fromLocalInput, parseAction, toLocalInput, type ActivityFilters } from './filters.js';
import type { Decision } from './events.js';

interface Draft {
  principal: string;
  action: string;
  decision: Decision | '';
  from: string;
  to: string;
  showOwn: boolean;
}

const draftOf = (filters: ActivityFilters): Draft => ({ ...filters, from: toLocalInput(filters.from), to: toLocalInput(filters.to) });

type Errors = Partial<Record<'action' | 'from' | 'to', string>>;

function check(draft: Draft): { errors: Errors; filters?: ActivityFilters } {
  const errors: Errors = {};
  const action = draft.action.trim();
  if (action !== '' && !parseAction(action)) errors.action = 'Write an action as service:Name (ssm:GetParameter), a name (GetParameter), or service:* .';
  const from = fromLocalInput(draft.from);
  const to = fromLocalInput(draft.to);
  if (from === undefined) errors.from = 'Not a date and time.';
  if (to === undefined) errors.to = 'Not a date and time.';
  if (from && to && Date.parse(from) > Date.parse(to)) errors.to = 'The end must not be before the start.';
  if (Object.keys(errors).length > 0 || from === undefined || to === undefined) return { errors };
  return { errors, filters: { principal: draft.principal.trim(), action, decision: draft.decision, from, to, showOwn: draft.showOwn } };
}

/** A label, its control, and under it the field's hint or its error (Pico styles a <small> after an invalid input). */
function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string | undefined; children: ComponentChildren }) {
  const help = error ?? hint;
  return (
    <div>
      <label for={id}>{label}</label>
      {children}
      {help !== undefined ? <small id={`${id}-help`}>{help}</small> : null}
    </div>
  );
}

export function FilterForm({ filters }: { filters: ActivityFilters }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(filters));
  const [errors, setErrors] = useState<Errors>({});
  // The route changed (applied, cleared, a principal's link): show what now applies. The form's
  // elements stay, and so does the focus of whoever pressed Apply or Clear.
  useEffect(() => {
    setDraft(draftOf(filters));
    setErrors({});
  }, [JSON.stringify(filters)]);
  const set = <K extends keyof Draft>(name: K, value: Draft[K]) => setDraft((d) => ({ ...d, [name]: value }));
  const invalid = (name: keyof Errors) => (errors[name] ? true : undefined);
  const text = (e: Event) => (e.currentTarget as HTMLInputElement).value;

  const submit = (e: Event) => {
    e.preventDefault();
    const result = check(draft);
    setErrors(result.errors);
    if (!result.filters) {
      const first = (['action', 'from', 'to'] as const).find((name) => result.errors[name]);
      if (first) document.getElementById(`activity-${first}`)?.focus();
      return;
    }
    navigate(href('activity', [], filtersToParams(result.filters)));
  };

  return (
    <form class="activity-filters" onSubmit={submit} aria-label="Filter events" noValidate>
      <div class="grid">
        <Field id="activity-principal" label="Principal" hint="A user name, a role session name, or an ARN (user, role or session).">
          <input id="activity-principal" name="principal" value={draft.principal} onInput={(e) => set('principal', text(e))} aria-describedby="activity-principal-help" autocomplete="off" />
        </Field>
        <Field id="activity-action" label="Action" hint="ssm:GetParameter, GetParameter, ssm:* or ssm:Get*." error={errors.action}>
          <input id="activity-action" name="action" value={draft.action} onInput={(e) => set('action', text(e))} aria-invalid={invalid('action')} aria-describedby="activity-action-help" autocomplete="off" />
        </Field>
        <Field id="activity-decision" label="Decision">
          <select id="activity-decision" name="decision" value={draft.decision} onChange={(e) => set('decision', (e.currentTarget as HTMLSelectElement).value as Decision | '')}>
            <option value="">Any</option>
            <option value="allowed">Allowed</option>
            <option value="denied">Denied</option>
            <option value="error">Error (other than a denial)</option>
          </select>
        </Field>
      </div>
      <details open={filters.from !== '' || filters.to !== ''}>
        <summary>Time range{filters.from !== '' || filters.to !== '' ? ' (set)' : ''}</summary>
        <div class="grid">
          <Field id="activity-from" label="From (your local time)" error={errors.from}>
            <input id="activity-from" name="from" type="datetime-local" step={1} value={draft.from} onInput={(e) => set('from', text(e))} aria-invalid={invalid('from')} aria-describedby={errors.from ? 'activity-from-help' : undefined} />
          </Field>
          <Field id="activity-to" label="To (your local time; empty for live)" error={errors.to}>
            <input id="activity-to" name="to" type="datetime-local" step={1} value={draft.to} onInput={(e) => set('to', text(e))} aria-invalid={invalid('to')} aria-describedby={errors.to ? 'activity-to-help' : undefined} />
          </Field>
        </div>
      </details>
      <label for="activity-own">
        <input id="activity-own" name="own" type="checkbox" checked={draft.showOwn} onChange={(e) => set('showOwn', (e.currentTarget as HTMLInputElement).checked)} />
        Show this console's own LookupEvents calls (it makes one every few seconds while live)
      </label>
      <div role="group" class="activity-filter-buttons">
        <button type="submit">Apply filters</button>
        <button type="button" class="secondary outline" onClick={() => navigate(href('activity'))}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
