// SimulatePrincipalPolicy: evaluates actions × resources against the policies of a user, group or
// role with the same evaluator the gateway uses. PolicyInputList adds identity policies
// and PermissionsBoundaryPolicyInputList replaces the boundary, as in AWS. Not simulated:
// ResourcePolicy, ResourceOwner, CallerArn and ResourceHandlingOption (GAPS.md).

import { PolicyError, evaluate, parsePolicy } from '../../policy/index.js';
import type { Decision, PolicySource, RequestPrincipal, SourcedPolicy } from '../../policy/index.js';
import type { OperationHandler } from '../context.js';
import { nameOfArn, parseIamArn } from '../../identity/arns.js';
import { iamErrors } from './errors.js';
import { requiredString, stringList, type Input } from './input.js';
import { requireGroup, requireRole, requireUser } from './lookup.js';
import { pageOfList } from './paging.js';
import { policiesFor, type PolicySubject } from '../../identity/principal-policies.js';

const DECISIONS = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' } as const;

function parseInputPolicies(input: Input, member: string, type: PolicySource['type']): SourcedPolicy[] {
  return stringList(input, member).map((text, i) => {
    try {
      return { policy: parsePolicy(text, 'identity'), source: { type, id: `PolicyInputList.${i + 1}` } };
    } catch (error) {
      if (error instanceof PolicyError) throw iamErrors.malformed(error.reason);
      throw error;
    }
  });
}

function contextOf(input: Input): Record<string, string | string[]> {
  const entries = Array.isArray(input['ContextEntries']) ? (input['ContextEntries'] as Array<Record<string, unknown>>) : [];
  const context: Record<string, string | string[]> = {};
  for (const e of entries) {
    if (typeof e['ContextKeyName'] !== 'string') continue;
    const values = Array.isArray(e['ContextKeyValues']) ? (e['ContextKeyValues'] as unknown[]).filter((v): v is string => typeof v === 'string') : [];
    const isList = typeof e['ContextKeyType'] === 'string' && e['ContextKeyType'].endsWith('List');
    context[e['ContextKeyName']] = isList ? values : (values[0] ?? '');
  }
  return context;
}

/** The model's PolicySourceType for where a matched statement came from. */
function sourceType(source: PolicySource, entity: 'user' | 'group' | 'role'): string {
  const managed = (arn: string) => (arn.startsWith('arn:aws:iam::aws:') ? 'aws-managed' : 'user-managed');
  switch (source.type) {
    case 'inline':
      return entity;
    case 'group-inline':
      return 'group';
    case 'managed':
    case 'group-managed':
    case 'boundary':
      return source.id.startsWith('arn:') ? managed(source.id) : 'user';
    default:
      return 'none';
  }
}

function resultOf(action: string, resource: string, decision: Decision, entity: 'user' | 'group' | 'role', hasBoundary: boolean): Record<string, unknown> {
  const matched = decision.statement
    ? [{ SourcePolicyId: decision.statement.source.id.startsWith('arn:') ? nameOfArn(decision.statement.source.id) : decision.statement.source.id, SourcePolicyType: sourceType(decision.statement.source, entity) }]
    : [];
  return {
    EvalActionName: action,
    EvalResourceName: resource,
    EvalDecision: DECISIONS[decision.decision],
    MatchedStatements: matched,
    MissingContextValues: [],
    ...(hasBoundary ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: decision.policyType !== 'permissions boundary' } } : {}),
  };
}

export const simulatePrincipalPolicy: OperationHandler = async (input, ctx) => {
  const sourceArn = requiredString(input, 'PolicySourceArn');
  const parsed = parseIamArn(sourceArn);
  if (!parsed || parsed.kind === 'policy' || parsed.accountId !== ctx.accountId) {
    // guess: AWS's wording for an ARN that is not a user, group or role.
    throw iamErrors.invalidInput(`Invalid Entity Arn: ${sourceArn} does not clearly define entity type and name.`);
  }
  const entity = parsed.kind;
  let subject: PolicySubject;
  let principal: RequestPrincipal;
  const context: Record<string, string | string[]> = { 'aws:PrincipalAccount': ctx.accountId };
  if (entity === 'user') {
    const user = await requireUser(ctx, parsed.name);
    subject = { kind: 'user', accountId: ctx.accountId, userName: user.name, userId: user.id };
    principal = { type: 'User', arn: user.arn, accountId: ctx.accountId };
    Object.assign(context, { 'aws:username': user.name, 'aws:userid': user.id, 'aws:PrincipalArn': user.arn, 'aws:PrincipalType': 'User' });
  } else if (entity === 'role') {
    const role = await requireRole(ctx, parsed.name);
    subject = { kind: 'role', accountId: ctx.accountId, roleName: role.name, roleId: role.id };
    principal = { type: 'AssumedRole', arn: role.arn, roleArn: role.arn, accountId: ctx.accountId };
    Object.assign(context, { 'aws:userid': role.id, 'aws:PrincipalArn': role.arn, 'aws:PrincipalType': 'AssumedRole' });
  } else {
    const group = await requireGroup(ctx, parsed.name);
    subject = { kind: 'group', accountId: ctx.accountId, groupName: group.name, groupId: group.id };
    principal = { type: 'User', arn: group.arn, accountId: ctx.accountId };
  }

  const base = await policiesFor(ctx.store, subject);
  const extra = parseInputPolicies(input, 'PolicyInputList', 'inline');
  const boundaryInput = parseInputPolicies(input, 'PermissionsBoundaryPolicyInputList', 'boundary');
  const boundary = boundaryInput[0] ?? base.boundary;
  const set = { identity: [...base.identity, ...extra], ...(boundary ? { boundary } : {}) };
  Object.assign(context, contextOf(input));

  const resources = stringList(input, 'ResourceArns');
  const results: Array<Record<string, unknown>> = [];
  for (const action of stringList(input, 'ActionNames')) {
    for (const resource of resources.length > 0 ? resources : ['*']) {
      const decision = evaluate(set, { principal, action, resource, context });
      results.push(resultOf(action, resource, decision, entity, boundary !== undefined));
    }
  }
  const query = { sourceArn, actions: stringList(input, 'ActionNames'), resources, inputs: input['PolicyInputList'], context };
  const { items, paging } = pageOfList(ctx, 'SimulatePrincipalPolicy', input, query, results);
  return { EvaluationResults: items, ...paging };
};
