import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PolicySet } from './evaluation-types.js';
import { parsePolicy } from './parse-policy.js';
import { referencedKeys, setNamesKeyWithPrefix } from './referenced-keys.js';
import { doc, keyStatement } from './testing/documents.js';

const identity = (statement: unknown) => parsePolicy(doc(statement), 'identity');
const sourced = (statement: unknown) => ({ policy: identity(statement), source: { type: 'inline' as const, id: 'p' } });
const TAGS = ['aws:resourcetag/', 'ssm:resourcetag/'];

describe('referencedKeys', () => {
  it('lists condition keys lower-cased, once each', () => {
    const policy = identity([
      { Effect: 'Allow', Action: 'ssm:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/Team': 'a', 'SSM:Overwrite': 'true' } } },
      { Effect: 'Deny', Action: 'ssm:*', Resource: '*', Condition: { Null: { 'aws:resourcetag/team': 'true' } } },
    ]);
    assert.deepEqual([...referencedKeys(policy)].sort(), ['aws:resourcetag/team', 'ssm:overwrite']);
  });

  it('finds policy variables in resources and condition values, defaults and all', () => {
    const policy = identity({
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: 'arn:aws:ssm:*:*:parameter/${aws:ResourceTag/App}/*',
      Condition: { StringLike: { 'aws:userid': "${ aws:PrincipalTag/Team , 'none'}-*" } },
    });
    assert.deepEqual([...referencedKeys(policy)].sort(), ['aws:principaltag/team', 'aws:resourcetag/app', 'aws:userid']);
  });

  it('returns the same array for the same policy (computed once)', () => {
    const policy = identity({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' });
    assert.equal(referencedKeys(policy), referencedKeys(policy));
    assert.deepEqual(referencedKeys(policy), []);
  });
});

describe('setNamesKeyWithPrefix', () => {
  const plain = sourced({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' });
  const tagged = sourced({ Effect: 'Deny', Action: 'ssm:*', Resource: '*', Condition: { StringEquals: { 'ssm:resourceTag/env': 'prod' } } });

  it('is false when no policy names such a key', () => {
    assert.equal(setNamesKeyWithPrefix({ identity: [plain] }, TAGS), false);
  });

  it('looks at identity, session, boundary and resource policies alike', () => {
    const sets: PolicySet[] = [
      { identity: [plain, tagged] },
      { identity: [plain], session: [tagged] },
      { identity: [plain], boundary: tagged },
      {
        identity: [plain],
        resource: {
          kind: 'kms-key',
          source: { type: 'kms-key', id: 'k' },
          policy: parsePolicy(doc({ ...keyStatement, Condition: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/app-*' } } }), 'resource'),
        },
      },
    ];
    const expected = [true, true, true, false];
    assert.deepEqual(sets.map((set) => setNamesKeyWithPrefix(set, TAGS)), expected);
    assert.equal(setNamesKeyWithPrefix(sets[3] as PolicySet, ['kms:resourcealiases']), true);
  });
});
