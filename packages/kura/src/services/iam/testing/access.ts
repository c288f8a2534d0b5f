// ctx.access for in-process tests. `allowAll` and `denyAll` are the fakes the handler tests use;
// `evaluating` is a miniature of the gateway's authorization (policiesFor + the real evaluator +
// AWS's denial texts), so STS tests can check trust policies end to end without HTTP.

import { accessDeniedMessage, evaluate, parsePolicy, setNamesKeyWithPrefix } from '../../../policy/index.js';
import type { PolicySet, RequestPrincipal } from '../../../policy/index.js';
import type { Store } from '../../../store/store.js';
import { ServiceError } from '../../../wire/errors.js';
import { deniedNameOf, type Access, type AccessCheck, type AccessDecision, type Principal } from '../../context.js';
import { nameOfArn } from '../../../identity/arns.js';
import { policiesFor, type PolicySubject } from '../../../identity/principal-policies.js';

export const accessDenied = (message: string) => new ServiceError('AccessDenied', message, { status: 403, messageMember: 'Message' });

export interface TestAccess extends Access {
  /** Every check asked, in order. */
  checks: AccessCheck[];
}

/** Records every check and answers it with `decide`. */
function recording(decide: (c: AccessCheck) => AccessDecision | Promise<AccessDecision>): TestAccess {
  const checks: AccessCheck[] = [];
  const check = async (c: AccessCheck) => {
    checks.push(c);
    return decide(c);
  };
  return {
    checks,
    check,
    // Conservative: the per-item checks of filters always run under test.
    hasDenyStatements: async () => true,
    async require(c) {
      const d = await check(c);
      if (!d.allowed) throw accessDenied(d.message);
    },
  };
}

export const allowAll = (): TestAccess => recording(() => ({ allowed: true, decision: 'Allow', message: '' }));

export const denyAll = (principalArn: string): TestAccess =>
  recording((c) => ({
    allowed: false,
    decision: 'ImplicitDeny',
    message: `User: ${principalArn} is not authorized to perform: ${c.action} on resource: ${c.resource} because no identity-based policy allows the ${c.action} action`,
  }));

export function requestPrincipalOf(p: Principal): RequestPrincipal {
  if (p.kind === 'assumed-role') return { type: 'AssumedRole', arn: p.arn, accountId: p.accountId, ...(p.roleArn ? { roleArn: p.roleArn } : {}) };
  return { type: 'User', arn: p.arn, accountId: p.accountId };
}

/** The caller's policies as the gateway would gather them. */
async function subjectOf(store: Store, p: Principal): Promise<PolicySubject> {
  if (p.kind === 'assumed-role' || p.kind === 'session-token') {
    const session = await store.sessions.find(p.accessKeyId);
    if (!session) throw new Error(`no session ${p.accessKeyId}`);
    return { kind: 'session', session };
  }
  return { kind: 'user', accountId: p.accountId, userName: nameOfArn(p.arn), userId: p.userId };
}

export function evaluating(store: Store, principal: Principal): TestAccess {
  return recording(async (c): Promise<AccessDecision> => {
    const base = await policiesFor(store, await subjectOf(store, principal));
    const set: PolicySet = c.resourcePolicy
      ? {
          ...base,
          resource: {
            kind: c.resourcePolicy.kind,
            policy: parsePolicy(c.resourcePolicy.document, c.resourcePolicy.kind === 'kms-key' ? 'resource' : 'trust'),
            source: { type: c.resourcePolicy.kind, id: c.resource },
          },
        }
      : base;
    const rp = requestPrincipalOf(principal);
    const deferred = c.deferredContext && setNamesKeyWithPrefix(set, c.deferredContext.prefixes) ? await c.deferredContext.load() : {};
    const context = { 'aws:PrincipalAccount': principal.accountId, 'aws:PrincipalArn': principal.roleArn ?? principal.arn, ...deferred, ...c.context };
    const decision = evaluate(set, { principal: rp, action: c.action, resource: c.resource, context });
    const allowed = decision.decision === 'Allow';
    return { allowed, decision: decision.decision, message: allowed ? '' : accessDeniedMessage(rp.arn, c.action, await deniedNameOf(c), decision) };
  });
}
