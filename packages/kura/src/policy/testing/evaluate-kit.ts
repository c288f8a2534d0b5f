// Helpers for the evaluator tests: principals, policies from plain statement objects, requests.

import { evaluate } from '../evaluate.js';
import type { Decision, EvaluationRequest, PolicySet, RequestPrincipal, SourcedPolicy } from '../evaluation-types.js';
import { parsePolicy } from '../parse-policy.js';
import type { ParsedPolicy, PolicyKind } from '../types.js';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const V12 = '2012-10-17';

export const param = (name: string): string => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${name.replace(/^\//, '')}`;
export const keyArn = (id = '1234abcd-12ab-34cd-56ef-1234567890ab'): string => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
export const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const userArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:user/${name}`;
export const rootArn = `arn:aws:iam::${ACCOUNT}:root`;

export const user = (name = 'alice'): RequestPrincipal => ({ arn: userArn(name), accountId: ACCOUNT, type: 'User' });
export const session = (role = 'app', name = 'task'): RequestPrincipal => ({
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${name}`,
  accountId: ACCOUNT,
  type: 'AssumedRole',
  roleArn: roleArn(role),
});
export const root: RequestPrincipal = { arn: rootArn, accountId: ACCOUNT, type: 'Account' };
export const service = (name: string): RequestPrincipal => ({ arn: name, accountId: ACCOUNT, type: 'Service', service: name });

/** Statements (object or array) → parsed policy of `kind`; `version` null omits Version. */
export function parsed(kind: PolicyKind, statements: unknown, version: string | null = V12): ParsedPolicy {
  const doc = version === null ? { Statement: statements } : { Version: version, Statement: statements };
  return parsePolicy(JSON.stringify(doc), kind, kind === 'resource' ? { sidRules: 'lenient' } : {});
}

let counter = 0;
export function identity(statements: unknown, version: string | null = V12): SourcedPolicy {
  counter += 1;
  return { policy: parsed('identity', statements, version), source: { type: 'inline', id: `p${counter}` } };
}
export function boundary(statements: unknown): SourcedPolicy {
  return { policy: parsed('identity', statements), source: { type: 'boundary', id: 'arn:aws:iam::111122223333:policy/boundary' } };
}
export function sessionPolicy(statements: unknown): SourcedPolicy {
  return { policy: parsed('session', statements), source: { type: 'session', id: 'session' } };
}
export function keyPolicy(statements: unknown, key = keyArn()): NonNullable<PolicySet['resource']> {
  return { policy: parsed('resource', statements), source: { type: 'kms-key', id: key }, kind: 'kms-key' };
}
export const secretArn = (name = 'app/db-AbCdEf'): string => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}`;
export function secretPolicy(statements: unknown, secret = secretArn()): NonNullable<PolicySet['resource']> {
  return { policy: parsed('resource', statements), source: { type: 'secret', id: secret }, kind: 'secret' };
}
export function trustPolicy(statements: unknown, role = roleArn('target')): NonNullable<PolicySet['resource']> {
  return { policy: parsed('trust', statements), source: { type: 'role-trust', id: role }, kind: 'role-trust' };
}

export const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };

export interface Ask {
  principal?: RequestPrincipal;
  action: string;
  resource?: string;
  context?: EvaluationRequest['context'];
}

export function decide(policies: Partial<PolicySet>, ask: Ask): Decision {
  const set: PolicySet = { identity: [], ...policies };
  return evaluate(set, { principal: ask.principal ?? user(), action: ask.action, resource: ask.resource ?? '*', context: ask.context ?? {} });
}

/** Just the decision kind, for compact assertions. */
export function kind(policies: Partial<PolicySet>, ask: Ask): Decision['decision'] {
  return decide(policies, ask).decision;
}
