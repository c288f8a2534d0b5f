// The flat list a search or a filter shows: a table of parameters (metadata only), paged with a
// "Load more" button that hands focus to the first row it brought. A new search starts over; an
// answer to an older search is dropped.

import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { DateTime } from '../../ui/date-time.js';
import { ErrorNotice } from '../../ui/error-notice.js';
import { loadListPage } from './list-api.js';
import type { ListFilters } from './list-filters.js';
import { ROOT, type ParameterSummary } from './tree-model.js';
import { parameterHref } from './tree-view.js';

interface ListState {
  items: ParameterSummary[];
  nextToken?: string;
  loading: boolean;
  error?: unknown;
}

export function describeFilters(f: ListFilters): string {
  const parts: string[] = [];
  if (f.name !== '') parts.push(`name ${f.match === 'Contains' ? 'contains' : 'begins with'} “${f.name}”`);
  if (f.type !== '') parts.push(`type ${f.type}`);
  if (f.tagKey !== '') parts.push(f.tagValue !== '' ? `tag ${f.tagKey} = “${f.tagValue}”` : `tag ${f.tagKey}`);
  if (f.label !== '') parts.push(`label ${f.label}`);
  return `${parts.join(', ')}${f.path !== ROOT ? `, under ${f.path}` : ''}`;
}

export function ParameterList({ filters }: { filters: ListFilters }) {
  const api = useApi();
  const [state, setState] = useState<ListState>({ items: [], loading: true });
  const search = useRef<AbortController | undefined>(undefined);
  const table = useRef<HTMLTableElement>(null);
  const focusRow = useRef<number | undefined>(undefined);
  const key = JSON.stringify(filters);

  const load = (token: string | undefined, reset: boolean) => {
    if (reset) search.current?.abort();
    const controller = reset || !search.current ? new AbortController() : search.current;
    search.current = controller;
    setState((s) => ({ ...(reset ? { items: [] } : s), loading: true, error: undefined }));
    loadListPage(api, filters, token, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setState((s) => {
          if (!reset) focusRow.current = s.items.length;
          const items = reset ? page.items : [...s.items, ...page.items];
          return page.nextToken ? { items, nextToken: page.nextToken, loading: false } : { items, loading: false };
        });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // A failed "load more" keeps its token, so pressing it again retries that page.
        setState((s) => ({ ...(reset ? { items: [] } : s), loading: false, error }));
      },
    );
  };

  useEffect(() => {
    load(undefined, true);
    return () => search.current?.abort();
  }, [key]);

  useEffect(() => {
    const row = focusRow.current;
    if (row === undefined) return;
    focusRow.current = undefined;
    table.current?.querySelectorAll<HTMLAnchorElement>('tbody a')[row]?.focus();
  });

  const { items, nextToken, loading, error } = state;
  const summary = loading && items.length === 0 ? 'Searching…' : `${items.length} parameter${items.length === 1 ? '' : 's'}${nextToken ? ' so far: more may match' : ''}.`;
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">Search results</h2>
      <p class="list-summary">
        Matching {describeFilters(filters)}. <span role="status">{summary}</span>
      </p>
      <ErrorNotice error={error} action="listing the parameters" />
      {items.length > 0 ? (
        <div class="overflow-auto">
          <table ref={table} class="param-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Version</th>
                <th scope="col">Last modified</th>
                <th scope="col">Key</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.name}>
                  <td>
                    <a href={parameterHref(p.name)}>{p.name}</a>
                  </td>
                  <td>{p.type}</td>
                  <td>{p.version ?? ''}</td>
                  <td>
                    <DateTime value={p.lastModified} />
                  </td>
                  <td>{p.keyId ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : !loading && !error ? (
        <p>{nextToken ? 'Nothing matched yet: the search stopped after a few pages.' : 'No parameter matches.'}</p>
      ) : null}
      {nextToken || (loading && items.length > 0) ? (
        <button type="button" class="secondary" aria-busy={loading ? 'true' : 'false'} aria-disabled={loading ? 'true' : 'false'} onClick={() => !loading && load(nextToken, false)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
