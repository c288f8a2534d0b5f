// Fuzzing the policy parser: whatever arrives, parsePolicy either returns a
// policy that satisfies the evaluator's invariants or throws a PolicyError; nothing else escapes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PolicyError } from './errors.js';
import { parsePolicy } from './parse-policy.js';
import type { ParsedPolicy, PolicyKind } from './types.js';

// POLICY_FUZZ_RUNS=50000 for a deeper run than every push can afford.
const RUNS = Number(process.env.POLICY_FUZZ_RUNS ?? 1000);
const KINDS: readonly PolicyKind[] = ['identity', 'resource', 'trust', 'session'];

const words = fc.constantFrom(
  'Version', 'Id', 'Statement', 'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource',
  'Principal', 'NotPrincipal', 'Condition', 'AWS', 'Service', 'Federated', 'CanonicalUser',
  '2012-10-17', '2008-10-17', 'Allow', 'Deny', 'allow', '*', 's3:GetObject', 'kms:*', 'sts:AssumeRole',
  'arn:aws:s3:::bucket/*', 'arn:aws:iam::111122223333:root', '111122223333', 'ec2.amazonaws.com',
  'arn:aws:s3::x', 'arn:error:s3:::x', 'invalid', 'a:b:c', 'StringEquals', 'ForAnyValue:StringLike',
  'DateGreaterThan', 'NumericLessThanIfExists', 'IpAddress', 'Null', 'NullIfExists', 'Bogus',
  'aws:SourceIp', '10.0.0.0/8', '2024-01-01T00:00:00Z', 'true', '${aws:username}', '', '__proto__',
);

/** JSON values whose object keys and strings are mostly policy vocabulary, so the fuzzer reaches
 * deep into the parser instead of stopping at "unknown field". */
const policyish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    words,
    fc.string({ maxLength: 8 }),
    fc.boolean(),
    fc.integer(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(words, tie('value'), { maxKeys: 6 }),
  ),
})).value;

const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
/** Mostly `good`, now and then one of `bad`: faults must be rare for the fuzzer to get past syntax. */
const mostly = <T>(good: fc.Arbitrary<T>, ...bad: T[]): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
const oneOrMany = <T>(item: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> => fc.oneof(item, fc.array(item, { maxLength: 3 }));
const actions = oneOrMany(mostly(pick('s3:GetObject', 'SSM:Get*', '*', 'kms:*', 'sts:AssumeRole'), 'invalid', 's3:a:b', '*:x', '', 'a a:b'));
const resources = oneOrMany(mostly(pick('*', 'arn:aws:s3:::b/*', 'arn:aws:iam::1:role/x', 'arn:aws:fdsasf'), 'arn:aws:s3::b', 'arn:aws:iam:::x', 'arn:x:s3:::b', 'nope'));
const principalValues = oneOrMany(mostly(pick('*', '111122223333', 'arn:aws:iam::111122223333:role/R', 'ec2.amazonaws.com'), 'arn:aws:iam::1:role/*', 'bad'));
const principal = mostly<unknown>(
  fc.oneof(pick<unknown>('*'), fc.dictionary(pick('AWS', 'AWS', 'Service', 'Federated', 'CanonicalUser'), principalValues, { minKeys: 1, maxKeys: 2 })),
  'arn:aws:iam::111122223333:root',
  3,
  {},
  { Other: 'x' },
);
const conditionValue = mostly<unknown>(oneOrMany(pick<unknown>('x', '10', '10.0.0.0/8', '2024-01-01T00:00:00Z', '${aws:username}', true, 5)), null, {}, 'soon');
const condition = fc.dictionary(
  mostly(pick('StringEquals', 'ForAnyValue:StringLikeIfExists', 'DateLessThan', 'NumericGreaterThan', 'IpAddress', 'NotIpAddress', 'Null', 'Bool'), 'NullIfExists', 'Nope'),
  fc.dictionary(pick('aws:SourceIp', 'aws:username', 'AWS:UserName', 'kms:EncryptionContext:k'), conditionValue, { maxKeys: 2 }),
  { maxKeys: 3 },
);
/** One of `Name`/`NotName` usually, neither or both sometimes. */
const pair = (name: string, value: fc.Arbitrary<unknown>, absent: number): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    { arbitrary: value.map((v) => ({ [name]: v })), weight: 18 },
    { arbitrary: value.map((v) => ({ [`Not${name}`]: v })), weight: 6 },
    { arbitrary: fc.constant({}), weight: absent },
    { arbitrary: fc.tuple(value, value).map(([a, b]) => ({ [name]: a, [`Not${name}`]: b })), weight: 1 },
  );
const statement = fc
  .tuple(
    fc.option(mostly<unknown>(pick('A', 'B1', ''), 'with space'), { freq: 2 }),
    fc.option(mostly<unknown>(pick('Allow', 'Deny'), 'allow', 'Maybe', 1), { freq: 20 }),
    pair('Action', actions, 2),
    pair('Resource', resources, 9),
    pair('Principal', principal, 9),
    fc.option(condition, { freq: 2 }),
  )
  .map(([sid, effect, a, r, p, c]) => ({
    ...(sid === null ? {} : { Sid: sid }),
    ...(effect === null ? {} : { Effect: effect }),
    ...a,
    ...r,
    ...p,
    ...(c === null ? {} : { Condition: c }),
  }));
/** Policy-shaped documents with faults sprinkled in: these reach every stage of the parser. */
const structured = fc
  .record(
    {
      Version: mostly<unknown>(pick('2012-10-17', '2008-10-17'), '2013-01-01', 2012),
      Id: mostly<unknown>(pick('id'), 1),
      Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })),
    },
    { requiredKeys: ['Statement'] },
  )
  .map((v) => JSON.stringify(v));

const documents = fc.oneof(
  { arbitrary: structured, weight: 6 },
  { arbitrary: policyish.map((v) => JSON.stringify(v)), weight: 2 },
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 1 },
  { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 1 },
);

function checkInvariants(policy: ParsedPolicy, kind: PolicyKind): void {
  assert.ok(policy.statements.length > 0);
  assert.equal(policy.variablesActive, policy.version === '2012-10-17');
  for (const st of policy.statements) {
    assert.ok(st.effect === 'Allow' || st.effect === 'Deny');
    assert.ok(st.actions.patterns.length > 0);
    assert.ok(st.actions.patterns.every((a) => a === a.toLowerCase()));
    if (st.resources !== undefined) assert.ok(st.resources.patterns.length > 0);
    if (kind === 'identity' || kind === 'session') {
      assert.notEqual(st.resources, undefined, 'identity statements always name resources');
      assert.equal(st.principals, undefined);
    } else {
      assert.notEqual(st.principals, undefined);
    }
    if (kind === 'trust') assert.equal(st.resources, undefined);
  }
}

describe('parsePolicy on arbitrary input', () => {
  for (const kind of KINDS) {
    it(`throws nothing but PolicyError for ${kind} policies, and what it accepts is well formed`, () => {
      fc.assert(
        fc.property(documents, (text) => {
          let policy: ParsedPolicy;
          try {
            policy = parsePolicy(text, kind, { maxLength: 2048 });
          } catch (error) {
            if (!(error instanceof PolicyError)) throw error;
            assert.ok(error.reason.length > 0);
            return;
          }
          checkInvariants(policy, kind);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('accepts a fair share of generated documents, so the invariants above are exercised', () => {
    const statement = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.constantFrom('s3:GetObject', ['kms:Decrypt', 'kms:Get*'], '*'),
      Resource: fc.constantFrom('*', ['arn:aws:s3:::b/*']),
      Condition: fc.constantFrom({}, { StringEquals: { 'aws:username': 'bob' } }, { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
    });
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), (statements) => {
        checkInvariants(parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'identity'), 'identity');
        accepted += 1;
      }),
      { numRuns: 200 },
    );
    assert.equal(accepted, 200);
  });
});
