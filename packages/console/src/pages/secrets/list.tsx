// The Secrets list: ListSecrets, page after page on demand, with one of its filters (name,
// description, tag key…) kept in the route, so a filtered list can be bookmarked (a filter is a
// name or a word, never a value). Secrets scheduled for deletion are shown when asked for.

import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { href, navigate, type Route } from '../../app/router.js';
import { DateTime } from '../../ui/date-time.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { FILTERS, listSecrets, type SecretDescription, type SecretQuery } from './sm.js';

function queryOf(route: Route): SecretQuery {
  const filter = route.params.get('filter') ?? undefined;
  const value = route.params.get('value') ?? undefined;
  return { ...(filter ? { filter } : {}), ...(value ? { value } : {}), includeDeleted: route.params.get('deleted') === '1' };
}

function FilterForm({ query }: { query: SecretQuery }) {
  const [filter, setFilter] = useState(query.filter ?? 'name');
  const [value, setValue] = useState(query.value ?? '');
  const [includeDeleted, setIncludeDeleted] = useState(query.includeDeleted);
  const apply = (event: Event) => {
    event.preventDefault();
    navigate(href('secrets', [], { filter: value.trim() ? filter : undefined, value: value.trim() || undefined, deleted: includeDeleted ? '1' : undefined }));
  };
  return (
    <form class="secret-filters" onSubmit={apply} aria-label="Filter secrets">
      <div class="grid">
        <div>
          {/* A label outside the select: one around it would add the chosen option to the select's name. */}
          <label for="secret-filter-key">Filter</label>
          <select id="secret-filter-key" value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
            {FILTERS.map((f) => (
              <option value={f.key}>{f.label}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="secret-filter-value">Filter value</label>
          <input id="secret-filter-value" type="search" value={value} spellcheck={false} onInput={(e) => setValue(e.currentTarget.value)} />
        </div>
      </div>
      <label>
        <input type="checkbox" role="switch" checked={includeDeleted} onChange={(e) => setIncludeDeleted(e.currentTarget.checked)} />
        Include secrets scheduled for deletion
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

function Row({ secret }: { secret: SecretDescription }) {
  return (
    <tr>
      <th scope="row">
        <a href={href('secrets', [secret.Name])}>{secret.Name}</a>
      </th>
      <td>{secret.Description || '—'}</td>
      <td>{secret.KmsKeyId ? <code>{secret.KmsKeyId}</code> : 'aws/secretsmanager'}</td>
      <td>{secret.RotationEnabled ? 'On' : secret.RotationLambdaARN ? 'Off' : 'Not set up'}</td>
      <td>
        <DateTime value={secret.LastChangedDate} />
      </td>
      <td>{secret.DeletedDate ? <strong>Scheduled for deletion</strong> : 'Active'}</td>
    </tr>
  );
}

export function SecretList({ route }: { route: Route }) {
  const api = useApi();
  const query = queryOf(route);
  const queryKey = JSON.stringify(query);
  const [secrets, setSecrets] = useState<SecretDescription[] | undefined>(undefined);
  const [nextToken, setNextToken] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);

  const load = async (token: string | undefined, signal?: AbortSignal) => {
    setLoading(true);
    setError(undefined);
    try {
      const batch = await listSecrets(api, query, token, signal);
      if (signal?.aborted) return;
      setSecrets((before) => [...(token ? (before ?? []) : []), ...batch.secrets]);
      setNextToken(batch.nextToken);
    } catch (caught) {
      if (!signal?.aborted) setError(caught);
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  };
  useEffect(() => {
    const controller = new AbortController();
    setSecrets(undefined);
    void load(undefined, controller.signal);
    return () => controller.abort();
  }, [api, queryKey, generation]);

  const filtered = query.filter && query.value;
  return (
    <section aria-labelledby="secrets-title">
      <hgroup>
        <h1 id="secrets-title">Secrets</h1>
        <p>Secrets Manager secrets of account {api.session.account} in {api.session.region}.</p>
      </hgroup>
      <FilterForm key={queryKey} query={query} />
      <ErrorNotice error={error} action="listing secrets" />
      {loading && !secrets ? <Loading what="secrets" /> : null}
      {secrets && secrets.length === 0 && !nextToken ? <p>{filtered ? 'No secret matches the filter.' : 'This account has no secrets.'}</p> : null}
      {secrets && secrets.length > 0 ? (
        <div class="overflow-auto">
          <table class="striped" data-testid="secret-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">KMS key</th>
                <th scope="col">Rotation</th>
                <th scope="col">Last changed</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {secrets.map((s) => (
                <Row secret={s} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div role="group" class="secret-list-actions">
        {nextToken ? (
          <button type="button" onClick={() => void load(nextToken)} disabled={loading} aria-busy={loading ? 'true' : undefined}>
            Load more secrets
          </button>
        ) : null}
        <button type="button" class="secondary outline" onClick={() => setGeneration((g) => g + 1)} disabled={loading}>
          Refresh
        </button>
      </div>
    </section>
  );
}
