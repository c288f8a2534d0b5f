// Reads evaluation-corpus.json (AWS's documented examples) into policy
// sets and requests. Shared by the corpus test and by the iam-simulate comparison script, so that
// both see exactly the same cases.

import { readFileSync } from 'node:fs';
import type { EvaluationRequest, PolicySet, PolicyTypePhrase, RequestPrincipal, SourcedPolicy } from '../evaluation-types.js';
import { parsePolicy } from '../parse-policy.js';
import type { PolicyKind } from '../types.js';

export interface CorpusRequest {
  principal: string;
  action: string;
  resource: string;
  context?: EvaluationRequest['context'];
  expect: 'Allow' | 'ImplicitDeny' | 'ExplicitDeny';
  policyType?: PolicyTypePhrase;
  why: string;
}

export interface CorpusCase {
  name: string;
  source: string;
  note?: string;
  account: string;
  identity?: unknown[];
  boundary?: unknown;
  session?: unknown[];
  keyPolicy?: unknown;
  trustPolicy?: unknown;
  requests: CorpusRequest[];
}

export interface Corpus {
  about: string;
  cases: CorpusCase[];
}

export function loadCorpus(): Corpus {
  return JSON.parse(readFileSync(new URL('./evaluation-corpus.json', import.meta.url), 'utf8')) as Corpus;
}

/** `user/NAME`, `assumed-role/ROLE/SESSION`, `root`, `service:NAME` in `account`. */
export function corpusPrincipal(spec: string, account: string): RequestPrincipal {
  if (spec === 'root') return { arn: `arn:aws:iam::${account}:root`, accountId: account, type: 'Account' };
  if (spec.startsWith('service:')) {
    const service = spec.slice('service:'.length);
    return { arn: service, accountId: account, type: 'Service', service };
  }
  if (spec.startsWith('user/')) return { arn: `arn:aws:iam::${account}:${spec}`, accountId: account, type: 'User' };
  const [, role, session] = spec.split('/');
  if (!spec.startsWith('assumed-role/') || role === undefined || session === undefined) throw new Error(`bad principal ${spec}`);
  return { arn: `arn:aws:sts::${account}:${spec}`, accountId: account, type: 'AssumedRole', roleArn: `arn:aws:iam::${account}:role/${role}` };
}

const isKey = (resource: string): boolean => /^arn:aws:kms:[^:]*:[^:]*:key\//.test(resource);

function sourced(doc: unknown, kind: PolicyKind, source: SourcedPolicy['source']): SourcedPolicy {
  return { policy: parsePolicy(JSON.stringify(doc), kind, kind === 'resource' ? { sidRules: 'lenient' } : {}), source };
}

/** The policies that apply to one request of a case: identity-side policies only for users and
 * role sessions (the root user and services have none, users have no session policies), the key
 * policy only for requests on a key, the trust policy only for sts:AssumeRole. */
export function corpusPolicySet(c: CorpusCase, request: CorpusRequest): PolicySet {
  const principal = corpusPrincipal(request.principal, c.account);
  const person = principal.type === 'User' || principal.type === 'AssumedRole';
  const set: PolicySet = {
    identity: person ? (c.identity ?? []).map((doc, i) => sourced(doc, 'identity', { type: 'inline', id: `identity-${i}` })) : [],
  };
  if (person && c.boundary !== undefined) set.boundary = sourced(c.boundary, 'identity', { type: 'boundary', id: 'boundary' });
  if (principal.type === 'AssumedRole' && c.session !== undefined) {
    set.session = c.session.map((doc, i) => sourced(doc, 'session', { type: 'session', id: `session-${i}` }));
  }
  if (c.keyPolicy !== undefined && isKey(request.resource)) {
    set.resource = { ...sourced(c.keyPolicy, 'resource', { type: 'kms-key', id: request.resource }), kind: 'kms-key' };
  }
  if (c.trustPolicy !== undefined && request.action.toLowerCase() === 'sts:assumerole') {
    set.resource = { ...sourced(c.trustPolicy, 'trust', { type: 'role-trust', id: request.resource }), kind: 'role-trust' };
  }
  return set;
}

export function corpusRequest(c: CorpusCase, request: CorpusRequest): EvaluationRequest {
  return {
    principal: corpusPrincipal(request.principal, c.account),
    action: request.action,
    resource: request.resource,
    context: request.context ?? {},
  };
}
