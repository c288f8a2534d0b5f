// SimulatePrincipalPolicy as the Access pages use it: actions × resources for one user, group or
// role, every page of results read, each result reduced to its decision and the policies whose
// statement decided it (MatchedStatements' SourcePolicyId). And a small pool, so that asking about
// every principal of an account does not send them all at once.

import type { Api } from '../../app/api.js';
import type { QueryValue } from '../../aws/client.js';
import { asList, asObject, asText } from '../../aws/xml.js';

export type EvalDecision = 'allowed' | 'implicitDeny' | 'explicitDeny';

export interface Evaluation {
  action: string;
  resource: string;
  decision: EvalDecision;
  /** SourcePolicyId of each matched statement: a policy's name, or PolicyInputList.N. */
  sources: string[];
  /** The label of the simulation that asked it (see Simulation.label). */
  label?: string;
}

export interface ContextEntry {
  name: string;
  values: string[];
  type: 'string' | 'boolean' | 'stringList';
}

export interface Simulation {
  actions: string[];
  resources: string[];
  context?: ContextEntry[];
  /** Copied to each of its results: tells apart the same action on the same resource asked in two contexts. */
  label?: string;
}

const DECISIONS = new Set<string>(['allowed', 'implicitDeny', 'explicitDeny']);

/** An EvalDecision IAM did not send (or a new one) counts as a denial: the console never over-reports access. */
export function decisionOf(text: string): EvalDecision {
  return DECISIONS.has(text) ? (text as EvalDecision) : 'implicitDeny';
}

function contextParam(context: ContextEntry[] | undefined): QueryValue {
  if (!context || context.length === 0) return undefined;
  return context.map((c) => ({ ContextKeyName: c.name, ContextKeyValues: c.values, ContextKeyType: c.type }));
}

/** Every result of one simulation, all pages. */
export async function simulate(api: Api, sourceArn: string, simulation: Simulation, signal?: AbortSignal): Promise<Evaluation[]> {
  const out: Evaluation[] = [];
  let marker: string | undefined;
  do {
    const result = await api.query(
      'iam',
      'SimulatePrincipalPolicy',
      {
        PolicySourceArn: sourceArn,
        ActionNames: simulation.actions,
        ResourceArns: simulation.resources,
        ContextEntries: contextParam(simulation.context),
        MaxItems: 1000,
        ...(marker ? { Marker: marker } : {}),
      },
      signal,
    );
    for (const item of asList(result['EvaluationResults'])) {
      const r = asObject(item);
      out.push({
        action: asText(r['EvalActionName']),
        resource: asText(r['EvalResourceName']),
        decision: decisionOf(asText(r['EvalDecision'])),
        sources: asList(r['MatchedStatements']).map((m) => asText(asObject(m)['SourcePolicyId'])).filter((s) => s !== ''),
        ...(simulation.label !== undefined ? { label: simulation.label } : {}),
      });
    }
    marker = asText(result['IsTruncated']) === 'true' ? asText(result['Marker']) || undefined : undefined;
  } while (marker);
  return out;
}

/** Several simulations for one principal, one after the other; their results together. */
export async function simulateAll(api: Api, sourceArn: string, simulations: Simulation[], signal?: AbortSignal): Promise<Evaluation[]> {
  const out: Evaluation[] = [];
  for (const s of simulations) if (s.actions.length > 0 && s.resources.length > 0) out.push(...(await simulate(api, sourceArn, s, signal)));
  return out;
}

/** The result for `action` on `resource` (from the simulation labelled `label`, when given), if it was asked. */
export function find(evaluations: Evaluation[], action: string, resource: string, label?: string): Evaluation | undefined {
  return evaluations.find((e) => e.action === action && e.resource === resource && (label === undefined || e.label === label));
}

/**
 * Runs `work` on each item with at most `limit` running at once; `onSettled` after each one. Never
 * rejects: each item's outcome is its value or its error, in the items' order. Stops starting new
 * work once `signal` aborts.
 */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  onSettled?: (index: number, outcome: PromiseSettledResult<R>) => void,
  signal?: AbortSignal,
): Promise<Array<PromiseSettledResult<R>>> {
  const outcomes: Array<PromiseSettledResult<R>> = new Array(items.length);
  let next = 0;
  const runner = async () => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      let outcome: PromiseSettledResult<R>;
      try {
        outcome = { status: 'fulfilled', value: await work(items[index] as T, index) };
      } catch (reason) {
        outcome = { status: 'rejected', reason };
      }
      outcomes[index] = outcome;
      onSettled?.(index, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, runner));
  return outcomes;
}
