// Matching of Action, Resource, NotAction and NotResource inside the evaluator: case-insensitive
// actions, resource wildcards, literal characters and long patterns, NotAction/NotResource.

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { splitArn, compileResourcePattern } from './arn-pattern.js';
import { compileGlob, globTokens } from './compiled-glob.js';
import { ACCOUNT, identity, kind, param, REGION } from './testing/evaluate-kit.js';
import { referenceGlobMatch } from './testing/glob-reference.js';

const ask = (action: string, resource: string) => ({ action, resource });
const allow = (Action: unknown, Resource: unknown = '*') => identity({ Effect: 'Allow', Action, Resource });
const PARAM = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter`;

describe('actions compare case-insensitively, in Allow and in Deny', () => {
  const spellings = ['SSM:getparameter', 'ssm:GETPARAMETER', 'ssm:Get*', 'ssm:*Parameter*', 'ssm:GetParamete?', 'Ssm:G?t*', '*'];

  it('grants with every spelling, whatever the case of the request action', () => {
    for (const spelling of spellings) {
      for (const action of ['ssm:GetParameter', 'SSM:GETPARAMETER', 'ssm:getparameter']) {
        assert.equal(kind({ identity: [allow(spelling)] }, ask(action, param('a'))), 'Allow', `${spelling} / ${action}`);
      }
    }
  });

  it('denies with every spelling', () => {
    for (const spelling of spellings) {
      const policy = identity([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: spelling, Resource: '*' }]);
      assert.equal(kind({ identity: [policy] }, ask('ssm:GetParameter', param('a'))), 'ExplicitDeny', spelling);
    }
  });

  it('keeps retrieval actions apart: ssm:GetParameter does not cover GetParameters, ssm:GetParameter* does', () => {
    assert.equal(kind({ identity: [allow('ssm:GetParameter')] }, ask('ssm:GetParameters', param('a'))), 'ImplicitDeny');
    for (const action of ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'ssm:GetParameterHistory']) {
      assert.equal(kind({ identity: [allow('ssm:GetParameter*')] }, ask(action, param('a'))), 'Allow', action);
    }
    assert.equal(kind({ identity: [allow('ssm:Get?')] }, ask('ssm:GetParameter', param('a'))), 'ImplicitDeny');
  });
});

describe('resource wildcards', () => {
  const allowed = (pattern: string, resource: string): boolean =>
    kind({ identity: [allow('ssm:GetParameter', pattern)] }, ask('ssm:GetParameter', resource)) === 'Allow';

  it('parameter/app/* covers everything below /app but not /app itself nor /application', () => {
    assert.equal(allowed(`${PARAM}/app/*`, `${PARAM}/app/x`), true);
    assert.equal(allowed(`${PARAM}/app/*`, `${PARAM}/app/x/y/z`), true);
    assert.equal(allowed(`${PARAM}/app/*`, `${PARAM}/app`), false);
    assert.equal(allowed(`${PARAM}/app/*`, `${PARAM}/application`), false);
  });

  it('parameter/app* also covers /application-prod/x (the documented footgun)', () => {
    assert.equal(allowed(`${PARAM}/app*`, `${PARAM}/application-prod/x`), true);
    assert.equal(allowed(`${PARAM}/app*`, `${PARAM}/app`), true);
  });

  it('? is exactly one character, a slash included', () => {
    assert.equal(allowed(`${PARAM}/app/?`, `${PARAM}/app/x`), true);
    assert.equal(allowed(`${PARAM}/app/?`, `${PARAM}/app/xy`), false);
    assert.equal(allowed(`${PARAM}/app?x`, `${PARAM}/app/x`), true);
  });

  it('compares case-sensitively', () => {
    assert.equal(allowed(`${PARAM}/App/*`, `${PARAM}/app/x`), false);
    assert.equal(allowed(`${PARAM}/app/*`, `${PARAM}/APP/x`), false);
    assert.equal(allowed(`arn:aws:ssm:${REGION.toUpperCase()}:${ACCOUNT}:parameter/*`, `${PARAM}/a`), false);
  });

  it('uses * in other ARN parts within that part only', () => {
    assert.equal(allowed(`arn:aws:ssm:*:${ACCOUNT}:parameter/a`, `${PARAM}/a`), true);
    assert.equal(allowed(`arn:aws:ssm:*:*:parameter/a`, `${PARAM}/a`), true);
    assert.equal(allowed(`arn:aws:ssm:eu-*:${ACCOUNT}:parameter/a`, `${PARAM}/a`), true);
    assert.equal(allowed(`arn:aws:ssm:us-*:${ACCOUNT}:parameter/a`, `${PARAM}/a`), false);
    // One part too few: the star in the region part may not swallow the account.
    assert.equal(allowed(`arn:aws:ssm:*:parameter/a`, `${PARAM}/a`), false);
  });

  it('lets a trailing * of a short pattern run over the remaining parts, as AWS documents', () => {
    assert.equal(allowed('arn:aws:ssm:*', `${PARAM}/a`), true);
    assert.equal(allowed('arn:aws:ssm:eu-*', `${PARAM}/a`), true);
    assert.equal(allowed('arn:aws:kms:*', `${PARAM}/a`), false);
  });

  it('gives "*" every resource, including the "*" of actions without resource-level permissions', () => {
    assert.equal(kind({ identity: [allow('ssm:DescribeParameters')] }, ask('ssm:DescribeParameters', '*')), 'Allow');
    assert.equal(kind({ identity: [allow('ssm:DescribeParameters', `${PARAM}/*`)] }, ask('ssm:DescribeParameters', '*')), 'ImplicitDeny');
  });
});

describe('literal characters and long patterns', () => {
  it('treats everything but * and ? literally', () => {
    for (const c of ['.', '+', '(', ')', '$', '^', '[', ']', '{', '}', '\\', '|']) {
      const policy = identity({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `${PARAM}/a${c}b` });
      assert.equal(kind({ identity: [policy] }, ask('ssm:GetParameter', `${PARAM}/a${c}b`)), 'Allow', c);
      assert.equal(kind({ identity: [policy] }, ask('ssm:GetParameter', `${PARAM}/aXb`)), 'ImplicitDeny', c);
    }
  });

  it('matches a 30-star pattern against a 1,011-character name in well under a millisecond', () => {
    const pattern = `${PARAM}/${'a*'.repeat(30)}b`;
    const name = `${PARAM}/${'a'.repeat(1011)}`;
    const policy = identity({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: pattern });
    kind({ identity: [policy] }, ask('ssm:GetParameter', name));
    const start = performance.now();
    for (let i = 0; i < 100; i += 1) assert.equal(kind({ identity: [policy] }, ask('ssm:GetParameter', name)), 'ImplicitDeny');
    assert.ok((performance.now() - start) / 100 < 1, 'each evaluation under 1 ms');
  });

  it('compiled globs agree with the reference matcher on random patterns and texts', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', ':', '*', '?', '.', '😀');
    const word = fc.array(alphabet, { maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(fc.property(word, word, (pattern, text) => {
      const plain = text.replace(/[*?]/g, '');
      assert.equal(compileGlob(globTokens(pattern))(plain), referenceGlobMatch(pattern, plain));
    }), { numRuns: 3000 });
  });

  it('splits ARNs on the first five colons only', () => {
    assert.deepEqual(splitArn('arn:aws:logs:r:1:log-group:g:log-stream:s'), ['arn', 'aws', 'logs', 'r', '1', 'log-group:g:log-stream:s']);
    assert.deepEqual(splitArn('*'), ['*']);
    const matcher = compileResourcePattern('arn:aws:logs:*:*:log-group:g:*', false)(() => undefined);
    assert.equal(matcher?.(splitArn('arn:aws:logs:r:1:log-group:g:log-stream:s')), true);
  });
});

describe('NotAction and NotResource', () => {
  const r = param('app/x');

  it('Allow + NotAction allows every other action, scoped by Resource', () => {
    const p = identity({ Effect: 'Allow', NotAction: 'ssm:DeleteParameter*', Resource: `${PARAM}/app/*` });
    assert.equal(kind({ identity: [p] }, ask('ssm:GetParameter', r)), 'Allow');
    assert.equal(kind({ identity: [p] }, ask('ssm:deleteparameter', r)), 'ImplicitDeny');
    assert.equal(kind({ identity: [p] }, ask('ssm:GetParameter', param('other'))), 'ImplicitDeny');
    assert.equal(kind({ identity: [p] }, ask('kms:Decrypt', r)), 'Allow');
  });

  it('Deny + NotAction denies every other action', () => {
    const p = identity([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', NotAction: ['ssm:Get*', 'ssm:Describe*'], Resource: '*' }]);
    assert.equal(kind({ identity: [p] }, ask('ssm:GetParameter', r)), 'Allow');
    assert.equal(kind({ identity: [p] }, ask('ssm:PutParameter', r)), 'ExplicitDeny');
  });

  it('Deny + NotResource denies everything outside the listed resources', () => {
    const p = identity([
      { Effect: 'Allow', Action: 'ssm:*', Resource: '*' },
      { Effect: 'Deny', Action: 'ssm:*', NotResource: [`${PARAM}/payroll`, `${PARAM}/payroll/*`] },
    ]);
    assert.equal(kind({ identity: [p] }, ask('ssm:GetParameter', param('payroll/x'))), 'Allow');
    assert.equal(kind({ identity: [p] }, ask('ssm:GetParameter', param('other'))), 'ExplicitDeny');
    assert.equal(kind({ identity: [p] }, ask('ssm:DescribeParameters', '*')), 'ExplicitDeny');
  });

  it('Allow + Action:* + NotResource grants everything else (the documented trap)', () => {
    const p = identity({ Effect: 'Allow', Action: '*', NotResource: `${PARAM}/secret/*` });
    assert.equal(kind({ identity: [p] }, ask('iam:CreateUser', 'arn:aws:iam::111122223333:user/x')), 'Allow');
    assert.equal(kind({ identity: [p] }, ask('ssm:GetParameter', param('secret/x'))), 'ImplicitDeny');
  });
});
