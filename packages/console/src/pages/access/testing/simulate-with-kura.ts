// For the Access models' unit tests only: SimulatePrincipalPolicy in miniature, the simulations the
// console would send answered by Kura's own policy evaluator (the one the server's request checks
// and its SimulatePrincipalPolicy use), so a test states a policy rather than the decisions it
// expects. The app never imports this file.

import { evaluate, parsePolicy } from '../../../../../kura/src/policy/index.js';
import type { Evaluation, Simulation } from '../simulation.js';

const DECISIONS = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' } as const;

/** Every result of `simulations` for a user whose one inline policy, `policy`, holds `statements`. */
export function simulateWithKura(statements: object[], simulations: Simulation[], account = '000000000000'): Evaluation[] {
  const policy = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'identity');
  const set = { identity: [{ policy, source: { type: 'inline' as const, id: 'policy' } }] };
  const principal = { type: 'User' as const, arn: `arn:aws:iam::${account}:user/tester`, accountId: account };
  return simulations.flatMap((s) => {
    // As the server reads ContextEntries: a list type keeps every value, any other its first.
    const context = Object.fromEntries((s.context ?? []).map((c) => [c.name, c.type === 'stringList' ? c.values : (c.values[0] ?? '')]));
    return s.actions.flatMap((action) =>
      s.resources.map((resource) => {
        const decided = evaluate(set, { principal, action, resource, context });
        return {
          action,
          resource,
          decision: DECISIONS[decided.decision],
          sources: decided.statement ? [decided.statement.source.id] : [],
          ...(s.label !== undefined ? { label: s.label } : {}),
        };
      }),
    );
  });
}
