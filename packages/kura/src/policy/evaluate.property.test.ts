// On random policy sets and requests, the production evaluator agrees with
// the plain reference evaluator, and the decision model's laws hold (explicit deny wins, default
// deny, boundaries and session policies only narrow).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluate } from './evaluate.js';
import { parsed } from './testing/evaluate-kit.js';
import { rawPolicySet, realistic, request, toPolicySet } from './testing/evaluate-arbitraries.js';
import { referenceEvaluate } from './testing/evaluate-reference.js';
import type { SourcedPolicy } from './evaluation-types.js';

// POLICY_FUZZ_RUNS=50000 for a deeper run than every push can afford.
const RUNS = Number(process.env.POLICY_FUZZ_RUNS ?? 2000);

const denyAll: SourcedPolicy = { policy: parsed('identity', { Effect: 'Deny', Action: '*', Resource: '*' }), source: { type: 'inline', id: 'deny' } };

describe('evaluate agrees with the reference evaluator', () => {
  it('on random policy sets and requests', () => {
    fc.assert(fc.property(rawPolicySet, request, (raw, req) => {
      const set = toPolicySet(realistic(raw, req));
      assert.equal(evaluate(set, req).decision, referenceEvaluate(set, req));
    }), { numRuns: RUNS });
  });

  it('explicit deny wins, default deny holds, and limits only narrow', () => {
    fc.assert(fc.property(rawPolicySet, request, (raw, req) => {
      const set = toPolicySet(realistic(raw, req));
      const d = evaluate(set, req).decision;
      if (set.identity.length === 0 && set.resource === undefined && req.principal.type !== 'Account') assert.notEqual(d, 'Allow');
      assert.equal(evaluate({ ...set, identity: [...set.identity, denyAll] }, req).decision, 'ExplicitDeny');
      if (d === 'Allow') {
        // Removing the boundary or the session policies never turns an Allow into a deny.
        const { boundary: _b, ...noBoundary } = set;
        const { session: _s, ...noSession } = set;
        assert.equal(evaluate(noBoundary, req).decision, 'Allow');
        assert.equal(evaluate(noSession, req).decision, 'Allow');
      }
    }), { numRuns: RUNS });
  });
});
