// 100 % agreement with the outcomes AWS's documentation gives for its own worked examples
// (testing/evaluation-corpus.json). Real AWS is not reachable from the tests, so AWS's pages are the
// oracle.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from './evaluate.js';
import { corpusPolicySet, corpusRequest, loadCorpus } from './testing/evaluation-corpus.js';

const corpus = loadCorpus();

describe('AWS documentation corpus', () => {
  it('holds a real number of cases', () => {
    const requests = corpus.cases.reduce((n, c) => n + c.requests.length, 0);
    assert.ok(corpus.cases.length >= 30 && requests >= 120, `${corpus.cases.length} cases, ${requests} requests`);
  });

  for (const c of corpus.cases) {
    it(c.name, () => {
      for (const [i, r] of c.requests.entries()) {
        const decision = evaluate(corpusPolicySet(c, r), corpusRequest(c, r));
        const label = `request ${i}: ${r.principal} ${r.action} ${r.resource} — ${r.why}`;
        assert.equal(decision.decision, r.expect, label);
        if (r.policyType !== undefined) assert.equal(decision.policyType, r.policyType, label);
      }
    });
  }
});
