// Authorization for one request's caller: gather the policies that apply, evaluate, write the audit
// record, and word denials as AWS does. Every check — the gateway's per-operation ones and those
// handlers make themselves (kms:Decrypt for a SecureString, items of a path) — comes through here.

import { accessDeniedMessage } from '../policy/deny-message.js';
import { evaluate } from '../policy/evaluate.js';
import type { PolicySet, RequestPrincipal, ResourcePolicyKind } from '../policy/evaluation-types.js';
import { parsePolicy } from '../policy/parse-policy.js';
import { setNamesKeyWithPrefix } from '../policy/referenced-keys.js';
import type { ParsedPolicy } from '../policy/types.js';
import { deniedNameOf, type Access, type AccessCheck, type AccessDecision } from '../services/context.js';
import type { ServiceError } from '../wire/errors.js';
import type { AuditSink } from './audit.js';
import type { Identity } from '../identity/credentials.js';

export interface AccessDeps {
  /** The identity-side policies of a caller (users: inline, attached, groups; sessions: role + session policies). */
  policiesFor(identity: Identity): Promise<Omit<PolicySet, 'resource'>>;
  audit: AuditSink;
  now: () => Date;
}

export interface RequestFacts {
  requestId: string;
  region: string;
  sourceIp: string;
  secureTransport: boolean;
  /** The service's AccessDenied error (SSM and KMS: AccessDeniedException; IAM and STS: AccessDenied 403). */
  accessDenied: (message: string) => ServiceError;
}

// Resource policies (key policies, trust policies, secret policies) are parsed once per distinct text.
const parsedResourcePolicies = new Map<string, ParsedPolicy>();
function parseResourcePolicy(kind: ResourcePolicyKind, document: string): ParsedPolicy {
  const cacheKey = `${kind}\u0000${document}`;
  let parsed = parsedResourcePolicies.get(cacheKey);
  if (!parsed) {
    parsed = parsePolicy(document, kind === 'role-trust' ? 'trust' : 'resource');
    if (parsedResourcePolicies.size > 10_000) parsedResourcePolicies.clear();
    parsedResourcePolicies.set(cacheKey, parsed);
  }
  return parsed;
}

export function requestPrincipal(identity: Identity): RequestPrincipal {
  const p = identity.principal;
  if (p.kind === 'assumed-role') return { arn: p.arn, accountId: p.accountId, type: 'AssumedRole', ...(p.roleArn ? { roleArn: p.roleArn } : {}) };
  return { arn: p.arn, accountId: p.accountId, type: 'User' };
}

/** The global condition keys AWS provides with every request. */
function globalContext(identity: Identity, facts: RequestFacts, now: Date): Record<string, string | string[]> {
  const p = identity.principal;
  const keys: Record<string, string | string[]> = {
    'aws:PrincipalAccount': p.accountId,
    'aws:userid': p.userId,
    'aws:RequestedRegion': facts.region,
    'aws:SourceIp': facts.sourceIp,
    'aws:SecureTransport': String(facts.secureTransport),
    'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
  };
  if (p.kind === 'assumed-role') {
    keys['aws:PrincipalArn'] = p.roleArn ?? p.arn;
    keys['aws:PrincipalType'] = 'AssumedRole';
  } else {
    keys['aws:PrincipalArn'] = p.arn;
    keys['aws:PrincipalType'] = 'User';
    if (identity.subject.kind === 'user') keys['aws:username'] = identity.subject.userName;
  }
  if (p.issuedAt) {
    keys['aws:TokenIssueTime'] = p.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
    keys['aws:MultiFactorAuthPresent'] = 'false';
  }
  return keys;
}

export function createAccess(deps: AccessDeps, identity: Identity, facts: RequestFacts): Access {
  let identityPolicies: Promise<Omit<PolicySet, 'resource'>> | undefined;
  // The request's global keys and principal are the same for every check it makes.
  let global: Record<string, string | string[]> | undefined;
  const principal = requestPrincipal(identity);
  const check = async (c: AccessCheck): Promise<AccessDecision> => {
    identityPolicies ??= deps.policiesFor(identity);
    const base = await identityPolicies;
    const now = deps.now();
    global ??= globalContext(identity, facts, now);
    const set: PolicySet = c.resourcePolicy
      ? {
          ...base,
          resource: {
            kind: c.resourcePolicy.kind,
            policy: parseResourcePolicy(c.resourcePolicy.kind, c.resourcePolicy.document),
            source: { type: c.resourcePolicy.kind, id: c.resource },
          },
        }
      : base;
    const deferred = c.deferredContext && setNamesKeyWithPrefix(set, c.deferredContext.prefixes) ? await c.deferredContext.load() : undefined;
    const context = { ...global, ...deferred, ...c.context };
    const decision = evaluate(set, { principal, action: c.action, resource: c.resource, context });
    deps.audit.record({
      time: now.toISOString(),
      requestId: facts.requestId,
      principal: principal.arn,
      action: c.action,
      resources: [c.resource],
      decision: decision.decision,
      ...(decision.statement ? { statement: decision.statement } : {}),
      ...(decision.policyType ? { policyType: decision.policyType } : {}),
    });
    const allowed = decision.decision === 'Allow';
    return {
      allowed,
      decision: decision.decision,
      message: allowed ? '' : accessDeniedMessage(principal.arn, c.action, await deniedNameOf(c), decision),
    };
  };
  let denies: Promise<boolean> | undefined;
  return {
    check,
    hasDenyStatements() {
      identityPolicies ??= deps.policiesFor(identity);
      denies ??= identityPolicies.then((set) =>
        [...set.identity, ...(set.session ?? []), ...(set.boundary ? [set.boundary] : [])].some((p) => p.policy.statements.some((s) => s.effect === 'Deny')),
      );
      return denies;
    },
    async require(c) {
      const outcome = await check(c);
      if (!outcome.allowed) throw facts.accessDenied(outcome.message);
    },
  };
}
