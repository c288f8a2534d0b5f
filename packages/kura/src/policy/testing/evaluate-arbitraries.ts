// fast-check generators of policy sets and requests for the evaluator's property test and
// for differential runs against other evaluators. Sets are produced as raw JSON documents so that
// any evaluator can consume them; toPolicySet parses them for Kura's.

import fc from 'fast-check';
import { ACCOUNT, keyArn, param, parsed, root, rootArn, roleArn, service, session, user, userArn } from '../testing/evaluate-kit.js';
import type { EvaluationRequest, PolicySet, RequestPrincipal } from '../evaluation-types.js';

type Doc = Record<string, unknown>;

/** A policy set as documents: what a caller would store. */
export interface RawPolicySet {
  identity: Doc[];
  boundary?: Doc;
  session?: Doc[];
  resource?: { kind: 'kms-key' | 'role-trust'; doc: Doc };
}

const PARAM = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter`;
const principals: RequestPrincipal[] = [user('alice'), user('bob'), session('app', 's1'), session('app', 's2'), session('other', 's1'), root, service('ecs-tasks.amazonaws.com')];
const actions = ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:PutParameter', 'kms:Decrypt', 'kms:Encrypt', 'sts:AssumeRole'];
const resources = [param('a'), param('a/b'), param('app'), param('b'), keyArn(), roleArn('target'), '*'];

const actionPattern = fc.constantFrom('*', 'ssm:*', 'ssm:Get*', 'ssm:GetParameter', 'SSM:getparameter?', 'kms:*', 'KMS:Decrypt', 'sts:AssumeRole', 'ssm:*Parameter*', 'kms:?ncrypt');
const resourcePattern = fc.constantFrom('*', `${PARAM}/a*`, `${PARAM}/a/*`, `${PARAM}/?`, keyArn(), 'arn:aws:kms:*:*:key/*', roleArn('target'), 'arn:aws:ssm:*', 'arn:aws:ssm:*:*:parameter/b', 'arn:aws:ssm:*:parameter/b');
const condition = fc.constantFrom<Doc>(
  { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
  { StringNotEquals: { 'aws:PrincipalTag/Team': ['blue', 'red'] } },
  { StringLike: { 'aws:principaltag/team': 'b*' } },
  { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'black' } },
  { StringNotLikeIfExists: { 'aws:PrincipalTag/team': 'bl?ck' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { BoolIfExists: { 'aws:SecureTransport': 'false' } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'env' } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } },
  { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'x*' } },
  { Null: { 'aws:PrincipalTag/team': 'true' } },
  { Null: { 'aws:TagKeys': 'false' } },
);
const conditions = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  { arbitrary: fc.array(condition, { minLength: 1, maxLength: 2 }).map((cs) => Object.assign({}, ...cs) as Doc), weight: 1 },
);
const listOf = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 1, maxLength: 3 });
const effect = fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny');

const identityStatement = fc.record({
  Effect: effect,
  action: fc.tuple(fc.boolean(), listOf(actionPattern)),
  resource: fc.tuple(fc.boolean(), listOf(resourcePattern)),
  Condition: conditions,
}).map(({ action, resource, Condition, Effect }): Doc => ({
  Effect,
  [action[0] ? 'NotAction' : 'Action']: action[1],
  [resource[0] ? 'NotResource' : 'Resource']: resource[1],
  ...(Condition === undefined ? {} : { Condition }),
}));

const principalValue = fc.constantFrom<unknown>('*', { AWS: '*' }, { AWS: rootArn }, { AWS: ACCOUNT }, { AWS: userArn('alice') }, { AWS: roleArn('app') }, { AWS: session('app', 's1').arn }, { Service: 'ecs-tasks.amazonaws.com' }, { AWS: [userArn('bob'), roleArn('other')] });
const notPrincipalValue = fc.constantFrom<unknown>({ AWS: [rootArn, userArn('alice')] }, { AWS: [rootArn, roleArn('app'), session('app', 's1').arn] }, { AWS: [roleArn('app'), session('app', 's1').arn] }, { Service: 'ecs-tasks.amazonaws.com' });

const resourceStatement = (trust: boolean) =>
  fc.record({ Effect: effect, p: principalValue, np: notPrincipalValue, negate: fc.boolean(), Action: listOf(actionPattern), Resource: listOf(resourcePattern), Condition: conditions })
    .map(({ Effect, p, np, negate, Action, Resource, Condition }): Doc => ({
      Effect,
      ...(Effect === 'Deny' && negate && !trust ? { NotPrincipal: np } : { Principal: p }),
      Action,
      ...(trust ? {} : { Resource }),
      ...(Condition === undefined ? {} : { Condition }),
    }));

const doc = (statements: Doc[]): Doc => ({ Version: '2012-10-17', Statement: statements });

export const rawPolicySet: fc.Arbitrary<RawPolicySet> = fc.record({
  identity: fc.array(listOf(identityStatement).map(doc), { maxLength: 3 }),
  boundary: fc.option(listOf(identityStatement).map(doc), { nil: undefined }),
  session: fc.option(fc.array(listOf(identityStatement).map(doc), { maxLength: 2 }), { nil: undefined }),
  resource: fc.option(fc.oneof(
    listOf(resourceStatement(false)).map((s) => ({ kind: 'kms-key' as const, doc: doc(s) })),
    listOf(resourceStatement(true)).map((s) => ({ kind: 'role-trust' as const, doc: doc(s) })),
  ), { nil: undefined }),
}).map((set) => {
  const out: RawPolicySet = { identity: set.identity };
  if (set.boundary !== undefined) out.boundary = set.boundary;
  if (set.session !== undefined) out.session = set.session;
  if (set.resource !== undefined) out.resource = set.resource;
  return out;
});

export const request: fc.Arbitrary<EvaluationRequest> = fc.record({
  principal: fc.constantFrom(...principals),
  action: fc.constantFrom(...actions),
  resource: fc.constantFrom(...resources),
  team: fc.constantFrom<string | undefined>('blue', 'black', 'Blue', undefined),
  tls: fc.constantFrom<string | undefined>('true', 'false', undefined),
  tags: fc.constantFrom<string[] | undefined>([], ['env'], ['env', 'x1'], ['team', 'env'], undefined),
}).map(({ principal, action, resource, team, tls, tags }) => {
  const context: EvaluationRequest['context'] = {};
  if (team !== undefined) context['aws:PrincipalTag/team'] = team;
  if (tls !== undefined) context['aws:SecureTransport'] = tls;
  if (tags !== undefined) context['aws:TagKeys'] = tags;
  return { principal, action, resource, context };
});

/** Drops what the principal cannot have: the root user and services have no identity policies,
 * boundaries or session policies; users have no session policies. */
export function realistic(set: RawPolicySet, req: EvaluationRequest): RawPolicySet {
  const t = req.principal.type;
  if (t === 'Account' || t === 'Service') return set.resource === undefined ? { identity: [] } : { identity: [], resource: set.resource };
  if (t === 'User') {
    const { session: _session, ...rest } = set;
    return rest;
  }
  return set;
}

/** Parses the documents for Kura's evaluator. */
export function toPolicySet(raw: RawPolicySet): PolicySet {
  const set: PolicySet = { identity: raw.identity.map((d, i) => ({ policy: parsed('identity', d.Statement), source: { type: 'inline', id: `identity-${i}` } })) };
  if (raw.boundary !== undefined) set.boundary = { policy: parsed('identity', raw.boundary.Statement), source: { type: 'boundary', id: 'boundary' } };
  if (raw.session !== undefined) set.session = raw.session.map((d, i) => ({ policy: parsed('session', d.Statement), source: { type: 'session', id: `session-${i}` } }));
  if (raw.resource !== undefined) {
    const { kind, doc: d } = raw.resource;
    set.resource = { policy: parsed(kind === 'kms-key' ? 'resource' : 'trust', d.Statement), source: { type: kind, id: kind }, kind };
  }
  return set;
}
