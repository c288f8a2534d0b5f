// One level of "what can this principal read?": the level's sub-paths (Kura's KuraListParameterPaths)
// and its parameters (DescribeParameters, one level), a page at a time, each page simulated for the
// principal in one batch, and each branch opened on demand (a disclosure button, so the keyboard
// walks it with Tab and opens it with Enter or Space).

import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi, type Api } from '../../app/api.js';
import { href } from '../../app/router.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { listChildPaths, listLevelParameters } from '../parameters/tree-api.js';
import type { ParameterSummary } from '../parameters/tree-model.js';
import { branchMark, levelSimulations, parameterMark, type BranchMark, type LevelParameter, type ParameterMark } from './can-read-model.js';
import { Decision, Verdict } from './parts.js';
import { simulateAll } from './simulation.js';

export type KeyResolver = (keyId: string, signal: AbortSignal) => Promise<string | undefined>;

/** DescribeKey once per KeyId for the whole page; a key that cannot be described stays unresolved. */
export function keyResolver(api: Api): KeyResolver {
  const cache = new Map<string, Promise<string | undefined>>();
  return (keyId, signal) => {
    let found = cache.get(keyId);
    if (!found) {
      found = api.json<{ KeyMetadata?: { Arn?: string } }>('kms', 'DescribeKey', { KeyId: keyId }, signal).then(
        (r) => r.KeyMetadata?.Arn,
        () => (/^arn:[^:]+:kms:[^:]*:\d{12}:key\//.test(keyId) ? keyId : undefined),
      );
      cache.set(keyId, found);
    }
    return found;
  };
}

export interface LevelProps {
  path: string;
  principalArn: string;
  /** The nearest path at or above this level whose by-path read is allowed; undefined for the root (it asks itself). */
  readablePath: string | undefined;
  root: boolean;
  keys: KeyResolver;
}

interface Branch {
  path: string;
  mark?: BranchMark;
}
interface Param {
  summary: ParameterSummary;
  mark?: ParameterMark;
}
interface State {
  branches: Branch[];
  params: Param[];
  pathsToken: string | undefined;
  paramsToken: string | undefined;
  loading: boolean;
  error: unknown;
  /** The root's own by-path decision. */
  self?: BranchMark;
}

const leaf = (path: string) => path.slice(path.lastIndexOf('/') + 1) || path;

export function ReadableLevel({ path, principalArn, readablePath, root, keys }: LevelProps) {
  const api = useApi();
  const where = { region: api.session.region, account: api.session.account };
  const [state, setState] = useState<State>({ branches: [], params: [], pathsToken: undefined, paramsToken: undefined, loading: true, error: undefined });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const controller = useRef(new AbortController());
  const first = useRef(true);

  const load = async (paths: { token: string | undefined } | undefined, params: { token: string | undefined } | undefined) => {
    const { signal } = controller.current;
    const isFirst = first.current;
    first.current = false;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    try {
      const [pathPage, paramPage] = await Promise.all([
        paths ? listChildPaths(api, path, paths.token, signal) : undefined,
        params ? listLevelParameters(api, path, params.token, signal) : undefined,
      ]);
      const newBranches = pathPage?.items ?? [];
      const newParams = paramPage?.items ?? [];
      const levelParams: LevelParameter[] = await Promise.all(
        newParams.map(async (p) => ({ name: p.name, secure: p.type === 'SecureString', keyArn: p.type === 'SecureString' && p.keyId ? await keys(p.keyId, signal) : undefined })),
      );
      const self = root && isFirst ? path : undefined;
      let error: unknown;
      let evaluations: Awaited<ReturnType<typeof simulateAll>> = [];
      try {
        evaluations = await simulateAll(api, principalArn, levelSimulations(where, newBranches, levelParams, self, root || readablePath !== undefined), signal);
      } catch (caught) {
        if (signal.aborted) return;
        error = caught;
      }
      if (signal.aborted) return;
      setState((s) => {
        const selfMark = self !== undefined && !error ? branchMark(where, evaluations, self, undefined) : s.self;
        const above = root ? (selfMark?.own === 'allowed' ? path : undefined) : readablePath;
        return {
          branches: [...s.branches, ...newBranches.map((b) => ({ path: b, ...(error ? {} : { mark: branchMark(where, evaluations, b, above) }) }))],
          params: [...s.params, ...newParams.map((p, i) => ({ summary: p, ...(error ? {} : { mark: parameterMark(where, evaluations, levelParams[i] as LevelParameter, above) }) }))],
          pathsToken: paths ? pathPage?.nextToken : s.pathsToken,
          paramsToken: params ? paramPage?.nextToken : s.paramsToken,
          loading: false,
          error,
          ...(selfMark ? { self: selfMark } : {}),
        };
      });
    } catch (error) {
      if (!signal.aborted) setState((s) => ({ ...s, loading: false, error }));
    }
  };

  useEffect(() => {
    controller.current = new AbortController();
    first.current = true;
    setState({ branches: [], params: [], pathsToken: undefined, paramsToken: undefined, loading: true, error: undefined });
    void load({ token: undefined }, { token: undefined });
    return () => controller.current.abort();
  }, [path, principalArn]);

  const toggle = (p: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(p)) next.delete(p);
      else next.add(p);
      return next;
    });
  const empty = !state.loading && !state.error && state.branches.length === 0 && state.params.length === 0;

  return (
    <div class="readable-level">
      {root && state.self ? (
        <p data-testid="root-mark">
          The whole tree (<code>/</code>, recursively): <BranchBadge mark={state.self} />
        </p>
      ) : null}
      <ErrorNotice error={state.error} action={`reading or simulating ${path}`} />
      {state.loading && state.branches.length === 0 && state.params.length === 0 ? <Loading what={path} /> : null}
      {empty ? <p>Nothing below {path}.</p> : null}
      <ul class="readable-tree">
        {state.branches.map((b) => {
          const isOpen = open.has(b.path);
          const id = `level-${b.path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
          return (
            <li key={b.path} data-path={b.path} data-readable={b.mark ? String(b.mark.readable) : undefined}>
              <button type="button" class="branch-toggle secondary outline" aria-expanded={isOpen} aria-controls={isOpen ? id : undefined} onClick={() => toggle(b.path)}>
                <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span> {leaf(b.path)}/
              </button>{' '}
              {b.mark ? <BranchBadge mark={b.mark} /> : <small>not simulated</small>}
              {isOpen ? (
                <div id={id}>
                  <ReadableLevel
                    path={b.path}
                    principalArn={principalArn}
                    readablePath={b.mark?.readable ? (b.mark.through ?? b.path) : undefined}
                    root={false}
                    keys={keys}
                  />
                </div>
              ) : null}
            </li>
          );
        })}
        {state.params.map((p) => (
          <li key={p.summary.name} data-parameter={p.summary.name} data-readable={p.mark ? String(p.mark.readable) : undefined}>
            <a href={href('parameters', ['view'], { name: p.summary.name })}>{leaf(p.summary.name)}</a> <small>{p.summary.type}</small>{' '}
            {p.mark ? <ParameterBadge mark={p.mark} /> : <small>not simulated</small>}
          </li>
        ))}
      </ul>
      {state.pathsToken || state.paramsToken ? (
        <div role="group" class="load-more">
          {state.pathsToken ? (
            <button type="button" class="secondary outline" disabled={state.loading} onClick={() => void load({ token: state.pathsToken }, undefined)}>
              More paths under {path}
            </button>
          ) : null}
          {state.paramsToken ? (
            <button type="button" class="secondary outline" disabled={state.loading} onClick={() => void load(undefined, { token: state.paramsToken })}>
              More parameters in {path}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function Sources({ sources }: { sources: string[] }) {
  return sources.length > 0 ? <small> · {sources.join(', ')}</small> : null;
}

export function BranchBadge({ mark }: { mark: BranchMark }) {
  if (mark.readable) {
    return (
      <span class="read-mark">
        <Verdict yes yesText="readable" noText="" />
        <small>{mark.through ? ` through ${mark.through}` : ' by path'}</small>
        <Sources sources={mark.sources} />
      </span>
    );
  }
  return (
    <span class="read-mark">
      <Verdict yes={false} yesText="" noText="not readable by path" /> <Decision decision={mark.own} />
      <Sources sources={mark.sources} />
    </span>
  );
}

function ParameterBadge({ mark }: { mark: ParameterMark }) {
  return (
    <span class="read-mark">
      <Verdict yes={mark.readable} yesText="readable" noText={mark.ciphertextOnly ? 'encrypted only' : 'not readable'} />
      <small>
        {mark.readable || mark.ciphertextOnly ? ` via ${mark.via.join(', ')}` : ''}
        {mark.keptOutOf !== undefined ? ` · an explicit Deny on it keeps it out of the listing of ${mark.keptOutOf} (strict path mode)` : ''}
        {mark.decrypt === undefined ? '' : mark.decrypt === 'unknown' ? ' · key not resolved' : ` · kms:Decrypt ${mark.decrypt}`}
      </small>
      <Sources sources={mark.sources} />
    </span>
  );
}
