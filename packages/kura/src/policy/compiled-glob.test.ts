// IAM wildcard matching: semantics against examples and against a
// reference implementation, and a bound on time for the worst shapes.

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { globMatch } from './compiled-glob.js';
import { referenceGlobMatch } from './testing/glob-reference.js';

const reference = referenceGlobMatch;

const PARAM = 'arn:aws:ssm:eu-west-1:111122223333:parameter';

describe('globMatch', () => {
  it('lets * cross / and : inside a resource', () => {
    assert.equal(globMatch(`${PARAM}/app/*`, `${PARAM}/app/x/y/z`), true);
    assert.equal(globMatch('arn:aws:ssm:*', `${PARAM}/a`), true);
  });

  it('does not let parameter/app/* match parameter/app itself', () => {
    assert.equal(globMatch(`${PARAM}/app/*`, `${PARAM}/app`), false);
    assert.equal(globMatch(`${PARAM}/app/*`, `${PARAM}/app/`), true);
  });

  it('lets parameter/app* match parameter/application-prod/x, the documented footgun', () => {
    assert.equal(globMatch(`${PARAM}/app*`, `${PARAM}/application-prod/x`), true);
  });

  it('lets ? match exactly one character', () => {
    assert.equal(globMatch('ssm:GetParamete?', 'ssm:GetParameter'), true);
    assert.equal(globMatch('ssm:GetParamete?', 'ssm:GetParameters'), false);
    assert.equal(globMatch('a?c', 'ac'), false);
    assert.equal(globMatch('a?c', 'a😀c'), true);
  });

  it('treats every other character literally, regex metacharacters included', () => {
    assert.equal(globMatch('parameter/a.b', 'parameter/aXb'), false);
    assert.equal(globMatch('parameter/a.b', 'parameter/a.b'), true);
    for (const meta of ['.', '+', '(', ')', '$', '^', '[', ']', '{', '}', '\\', '|']) {
      assert.equal(globMatch(`x${meta}y*`, `x${meta}y-z`), true, meta);
      assert.equal(globMatch(`x${meta}y`, 'xzy'), false, meta);
    }
  });

  it('compares case-sensitively unless asked, as resources and actions differ', () => {
    assert.equal(globMatch(`${PARAM}/App`, `${PARAM}/app`), false);
    assert.equal(globMatch('SSM:getparameter', 'ssm:GetParameter', { caseInsensitive: true }), true);
    assert.equal(globMatch('ssm:Get*', 'SSM:GETPARAMETERSBYPATH', { caseInsensitive: true }), true);
    assert.equal(globMatch('ssm:*Parameter*', 'ssm:DescribeParameters', { caseInsensitive: true }), true);
  });

  it('handles empty patterns, empty texts and runs of stars', () => {
    assert.equal(globMatch('', ''), true);
    assert.equal(globMatch('', 'a'), false);
    assert.equal(globMatch('*', ''), true);
    assert.equal(globMatch('***', 'abc'), true);
    assert.equal(globMatch('a**b', 'ab'), true);
    assert.equal(globMatch('ab*ba', 'aba'), false);
  });

  it('agrees with the reference implementation on random patterns and texts', () => {
    const unit = fc.constantFrom('a', 'b', '/', ':', '*', '?', '.', 'A');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', '/', ':', '.', 'A', '*', '?'), maxLength: 16 }), fc.boolean(), (p, t, ci) => {
        assert.equal(globMatch(p, t, { caseInsensitive: ci }), reference(p, t, ci), `${p} vs ${t}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the reference when the pattern is built to match', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), fc.array(word, { maxLength: 6 }), (pieces, fillers) => {
        const text = pieces.map((p, i) => `${p}${fillers[i] ?? ''}`).join('');
        const pattern = pieces.join('*') + (fillers.length >= pieces.length ? '*' : '');
        assert.equal(globMatch(pattern, text), reference(pattern, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches 30 stars against a 1,011-character name well under 1 ms', () => {
    const text = `${PARAM}/${'a'.repeat(1011 - PARAM.length - 1)}`;
    assert.equal(text.length, 1011);
    const shapes = [`${'*a'.repeat(30)}b`, `${'*a?'.repeat(30)}*b`, `${'*'.repeat(30)}b`, `*${'aaaaaaaaaa*'.repeat(29)}x`, `${PARAM}/${'*a'.repeat(29)}*`];
    for (const pattern of shapes) {
      assert.equal((pattern.match(/\*/g) ?? []).length >= 30, true);
      globMatch(pattern, text); // warm up
      const runs = 200;
      const start = performance.now();
      for (let i = 0; i < runs; i += 1) globMatch(pattern, text);
      const perMatch = (performance.now() - start) / runs;
      assert.ok(perMatch < 1, `${pattern.slice(0, 20)}…: ${perMatch.toFixed(3)} ms per match`);
      assert.equal(globMatch(pattern, text), reference(pattern, text));
    }
  });
});
