// The work behind "who can read this parameter?": the parameter's metadata (DescribeParameters, a
// Name Equals filter: never its value), its key's ARN (KMS DescribeKey resolves an alias), its tags
// (policies may name them, and the server gives them to its checks on the parameter), every user,
// role and group, then SimulatePrincipalPolicy for each principal, four at a time, the rows
// filling in as answers come.

import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../../app/api.js';
import { listTags } from '../parameters/detail-api.js';
import { KINDS, listPrincipals, type Principal } from './iam.js';
import { canonicalName, readSimulations, readVerdict, ssmArn, type ReadTarget, type ReadVerdict } from './read-model.js';
import { pool, simulateAll } from './simulation.js';

/** Principals simulated at once: enough to be quick, few enough not to crowd a shared server. */
export const CONCURRENCY = 4;

export interface ParameterFacts {
  target: ReadTarget;
  type: string;
  /** The KeyId as the parameter names it (often an alias). */
  keyId: string | undefined;
  /** Why the key's ARN is unknown (DescribeKey refused or failed). */
  keyError: unknown;
  /** Why its tags are unknown (ListTagsForResource refused or failed): simulated without them. */
  tagsError: unknown;
}

export interface Row {
  principal: Principal;
  verdict?: ReadVerdict;
  error?: unknown;
}

export interface WhoCanReadState {
  phase: 'parameter' | 'principals' | 'simulating' | 'done' | 'failed';
  facts?: ParameterFacts;
  /** The parameter does not exist (DescribeParameters found nothing). */
  missing?: boolean;
  rows: Row[];
  done: number;
  /** A failure before the simulations could start. */
  error?: unknown;
  /** A listing of one kind of principal that failed (the others are still simulated). */
  listErrors: Array<{ kind: string; error: unknown }>;
}

interface Metadata {
  Name?: string;
  ARN?: string;
  Type?: string;
  KeyId?: string;
}

export async function parameterFacts(api: Api, name: string, signal: AbortSignal): Promise<ParameterFacts | undefined> {
  const { region, account } = api.session;
  const out = await api.json<{ Parameters?: Metadata[] }>(
    'ssm',
    'DescribeParameters',
    { ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }], MaxResults: 1 },
    signal,
  );
  const meta = out.Parameters?.[0];
  if (!meta) return undefined;
  const canonical = meta.Name ?? name;
  const secure = meta.Type === 'SecureString';
  let keyArn: string | undefined;
  let keyError: unknown;
  if (secure && meta.KeyId) {
    try {
      const described = await api.json<{ KeyMetadata?: { Arn?: string } }>('kms', 'DescribeKey', { KeyId: meta.KeyId }, signal);
      keyArn = described.KeyMetadata?.Arn;
    } catch (error) {
      if (signal.aborted) throw error;
      keyError = error;
      // A key ARN needs no resolving; an alias or a bare id does.
      if (/^arn:[^:]+:kms:[^:]*:\d{12}:key\//.test(meta.KeyId)) keyArn = meta.KeyId;
    }
  }
  let tags: Array<{ Key: string; Value: string }> = [];
  let tagsError: unknown;
  try {
    tags = await listTags(api, canonical, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    tagsError = error;
  }
  return {
    target: { region, account, name: canonicalName(canonical), arn: meta.ARN ?? ssmArn(region, account, canonical), secure, keyArn, tags },
    type: meta.Type ?? '',
    keyId: meta.KeyId,
    keyError,
    tagsError,
  };
}

export function useWhoCanRead(api: Api, name: string, generation: number): WhoCanReadState {
  const [state, setState] = useState<WhoCanReadState>({ phase: 'parameter', rows: [], done: 0, listErrors: [] });
  useEffect(() => {
    if (!name) return;
    const controller = new AbortController();
    const { signal } = controller;
    const set = (update: (s: WhoCanReadState) => WhoCanReadState) => !signal.aborted && setState(update);
    setState({ phase: 'parameter', rows: [], done: 0, listErrors: [] });
    void (async () => {
      try {
        const facts = await parameterFacts(api, name, signal);
        if (!facts) return set((s) => ({ ...s, phase: 'done', missing: true }));
        set((s) => ({ ...s, phase: 'principals', facts }));
        const listed = await Promise.all(
          KINDS.map(async (kind) => {
            try {
              return { kind, principals: await listPrincipals(api, kind, signal) };
            } catch (error) {
              if (signal.aborted) throw error;
              return { kind, principals: [] as Principal[], error };
            }
          }),
        );
        const principals = listed.flatMap((l) => l.principals);
        const listErrors = listed.flatMap((l) => ('error' in l ? [{ kind: l.kind, error: l.error }] : []));
        set((s) => ({ ...s, phase: 'simulating', rows: principals.map((principal) => ({ principal })), listErrors }));
        const simulations = readSimulations(facts.target);
        await pool(
          principals,
          CONCURRENCY,
          async (p) => readVerdict(facts.target, await simulateAll(api, p.arn, simulations, signal)),
          (index, outcome) =>
            set((s) => {
              const rows = s.rows.slice();
              const row = rows[index];
              if (row) rows[index] = outcome.status === 'fulfilled' ? { ...row, verdict: outcome.value } : { ...row, error: outcome.reason };
              return { ...s, rows, done: s.done + 1 };
            }),
          signal,
        );
        set((s) => ({ ...s, phase: 'done' }));
      } catch (error) {
        set((s) => ({ ...s, phase: 'failed', error }));
      }
    })();
    return () => controller.abort();
  }, [api, name, generation]);
  return state;
}
