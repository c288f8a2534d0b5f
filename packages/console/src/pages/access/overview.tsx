// #/access?tab=users|roles|groups: the account's principals, one kind per tab, a page of 100 at a
// time with "Load more" (IAM's Marker). The tabs are links, so each list has its own address.

import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { href, type Route } from '../../app/router.js';
import { Loading } from '../../ui/error-notice.js';
import { IAM_NAMES, KINDS, listPage, principalOf, type Principal, type PrincipalKind } from './iam.js';
import { DateTime } from '../../ui/date-time.js';
import { IamErrorNotice, PrincipalLink } from './parts.js';

const PAGE = 100;

const tabOf = (route: Route): PrincipalKind => {
  const tab = route.params.get('tab');
  return tab === 'roles' ? 'role' : tab === 'groups' ? 'group' : 'user';
};

export function AccessOverview({ route }: { route: Route }) {
  const kind = tabOf(route);
  return (
    <section class="access-page">
      <h1>Access</h1>
      <p>
        The account&apos;s users, roles and groups, with their policies. Ask{' '}
        <a href={href('access', ['who-can-read'])}>who can read a parameter</a>, or open a role or user to see what it can read.
      </p>
      <nav aria-label="Principal kinds" class="tabs">
        <ul>
          {KINDS.map((k) => (
            <li>
              <a href={href('access', [], { tab: IAM_NAMES[k].plural.toLowerCase() })} aria-current={k === kind ? 'page' : undefined}>
                {IAM_NAMES[k].plural}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <PrincipalList key={kind} kind={kind} />
    </section>
  );
}

interface ListState {
  items: Principal[];
  marker: string | undefined;
  loading: boolean;
  error: unknown;
}

function PrincipalList({ kind }: { kind: PrincipalKind }) {
  const api = useApi();
  const names = IAM_NAMES[kind];
  const [state, setState] = useState<ListState>({ items: [], marker: undefined, loading: true, error: undefined });
  const controller = useRef<AbortController | undefined>(undefined);

  const load = async (marker: string | undefined) => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    try {
      const page = await listPage(api, names.list, names.listKey, { MaxItems: PAGE }, marker, c.signal);
      if (c.signal.aborted) return;
      setState((s) => ({ items: [...(marker ? s.items : []), ...page.items.map((i) => principalOf(kind, i))], marker: page.marker, loading: false, error: undefined }));
    } catch (error) {
      if (!c.signal.aborted) setState((s) => ({ ...s, loading: false, error }));
    }
  };

  useEffect(() => {
    void load(undefined);
    return () => controller.current?.abort();
  }, [kind]);

  return (
    <div>
      <h2 id={`${kind}-heading`}>{names.plural}</h2>
      <IamErrorNotice error={state.error} action={`listing ${names.plural.toLowerCase()}`} />
      {state.items.length === 0 && state.loading ? <Loading what={names.plural.toLowerCase()} /> : null}
      {state.items.length === 0 && !state.loading && !state.error ? <p>No {names.plural.toLowerCase()}.</p> : null}
      {state.items.length > 0 ? (
        <div class="overflow-auto">
          <table class="striped" data-testid={`${kind}-list`} aria-labelledby={`${kind}-heading`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Path</th>
                {kind === 'role' ? <th scope="col">Description</th> : null}
                <th scope="col">Created</th>
                <th scope="col">ARN</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((p) => (
                <tr key={p.arn}>
                  <th scope="row">
                    <PrincipalLink kind={kind} name={p.name} />
                  </th>
                  <td>{p.path}</td>
                  {kind === 'role' ? <td>{p.description ?? ''}</td> : null}
                  <td>
                    <DateTime value={p.created} />
                  </td>
                  <td>
                    <code class="arn">{p.arn}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {state.marker ? (
        <button type="button" class="secondary" aria-busy={state.loading} disabled={state.loading} onClick={() => void load(state.marker)}>
          Load more {names.plural.toLowerCase()}
        </button>
      ) : null}
    </div>
  );
}
