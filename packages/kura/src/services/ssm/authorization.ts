// The generic authorization of every Parameter Store operation, run by the gateway before
// the handler. AWS authorizes before it looks anything up, so a denied caller learns nothing: not
// whether the parameter exists, not whether its name is even valid. The one thing AWS lets slip is in
// the denial itself: a parameter that does not exist is named `arn:<P>:ssm:<R>:<A>:*`.
//
// What happens in handlers instead: kms:Decrypt / kms:Encrypt for SecureStrings (secure-string.ts,
// once the key is known) and, in strict mode, the per-item filter of GetParametersByPath below.
// An operation missing from the table is refused: a new handler cannot run unauthorized by accident.

import type { ParameterHead, Tag } from '../../store/parameters.js';
import { scopeOf, type AccessCheck, type OperationContext } from '../context.js';
import { ssmErrors } from './errors.js';
import { KURA_LIST_PARAMETER_PATHS } from './kura-ssm-model.js';
import { flag, optionalString, stringList, tagList, type Input } from './input.js';
import { identifierTarget, parameterArn, partitionOf, pathBelow } from './names.js';

type ConditionValues = Record<string, string | string[]>;

/** Where an identifier points: the ARN to authorize, and the canonical name when it is one of ours. */
interface Target {
  arn: string;
  canonical?: string;
}

/**
 * The ARN an identifier names, as written: `foo`, `/foo`, a parameter ARN, and (with `selectors`)
 * `name:3` / `name:label`, whose selector is not part of the resource. The same reading of the
 * identifier (names.ts) that the handlers use.
 */
const targetOf = (ctx: OperationContext, identifier: string, selectors: boolean): Target => identifierTarget(identifier, ctx.region, ctx.accountId, selectors);

/** A parameter's tags as the condition keys AWS provides for it (both spellings SSM documents). */
function resourceTagContext(tags: Tag[]): ConditionValues {
  const context: ConditionValues = {};
  for (const tag of tags) {
    context[`aws:ResourceTag/${tag.key}`] = tag.value;
    context[`ssm:resourceTag/${tag.key}`] = tag.value;
  }
  return context;
}

function requestTagContext(tags: Tag[]): ConditionValues {
  const context: ConditionValues = {};
  for (const tag of tags) context[`aws:RequestTag/${tag.key}`] = tag.value;
  if (tags.length > 0) context['aws:TagKeys'] = tags.map((tag) => tag.key);
  return context;
}

/** The condition-key prefixes a parameter's tags fill: worth a read only when some policy names one. */
const TAG_KEY_PREFIXES = ['aws:resourcetag/', 'ssm:resourcetag/'];

/** A parameter's tags as deferred condition keys (read at most once, and only when a policy names them). */
function deferredTags(ctx: OperationContext, name: string, read = () => ctx.store.parameters.tags(scopeOf(ctx), name)) {
  return { prefixes: TAG_KEY_PREFIXES, load: async () => resourceTagContext((await read()) ?? []) };
}

/**
 * `action` on one parameter. Its tags are read only when a policy names a tag key or the call is
 * denied: a denial names a parameter that does not exist `arn:…:*`, and the tag read (no rows at
 * all) is what tells that it does not.
 */
function parameterCheck(ctx: OperationContext, action: string, target: Target, context: ConditionValues = {}): AccessCheck {
  const name = target.canonical;
  if (name === undefined) return { action: `ssm:${action}`, resource: target.arn, context, deniedResourceName: async () => missingParameterArn(ctx) };
  let tags: Promise<Tag[] | undefined> | undefined;
  const read = () => (tags ??= ctx.store.parameters.tags(scopeOf(ctx), name));
  return {
    action: `ssm:${action}`,
    resource: target.arn,
    context,
    deferredContext: deferredTags(ctx, name, read),
    deniedResourceName: async () => ((await read()) ? undefined : missingParameterArn(ctx)),
  };
}

const missingParameterArn = (ctx: OperationContext) => `arn:${partitionOf(ctx.region)}:ssm:${ctx.region}:${ctx.accountId}:*`;

/** Each parameter in request order; the first denied one fails the whole call (inferred: AWS does not document the order). */
async function requireEach(ctx: OperationContext, action: string, identifiers: string[], selectors: boolean): Promise<void> {
  for (const identifier of new Set(identifiers)) {
    await ctx.access.require(parameterCheck(ctx, action, targetOf(ctx, identifier, selectors)));
  }
}

/** GetParametersByPath is authorized on the path exactly as sent, trailing slash included, as AWS does. */
function pathArn(ctx: OperationContext, path: string): string {
  return `arn:${partitionOf(ctx.region)}:ssm:${ctx.region}:${ctx.accountId}:parameter${path}`;
}

/**
 * GetParametersByPath: the path as sent (AWS's resource). Strict mode also refuses the call when the
 * caller is explicitly denied the path the operation lists below (`/prod` for `/prod/`): a Deny
 * written on the exact path then holds whichever way the path is spelled. Only an explicit Deny
 * counts there, so a policy that allows `parameter/prod/*` still lists `/prod/` as on AWS.
 */
async function authorizeByPath(input: Input, ctx: OperationContext): Promise<void> {
  const path = optionalString(input, 'Path') ?? '';
  const context = { 'ssm:Recursive': String(flag(input, 'Recursive')) };
  await ctx.access.require({ action: 'ssm:GetParametersByPath', resource: pathArn(ctx, path), context });
  const below = pathBelow(path);
  if (below === path || (ctx.limits.pathAuthorization ?? 'strict') === 'aws') return;
  const decision = await ctx.access.check({ action: 'ssm:GetParametersByPath', resource: pathArn(ctx, below), context });
  if (decision.decision === 'ExplicitDeny') throw ssmErrors.accessDenied(decision.message);
}

type Rule = (input: Input, ctx: OperationContext) => Promise<void>;

const one =
  (action: string, member: string, selectors = false): Rule =>
  (input, ctx) =>
    requireEach(ctx, action, [optionalString(input, member) ?? ''], selectors);

/** The tagging operations address a parameter only when ResourceType says so; other types are refused by the handler. */
const tagging =
  (action: string, context: (input: Input) => ConditionValues): Rule =>
  async (input, ctx) => {
    if (optionalString(input, 'ResourceType') !== 'Parameter') return;
    const target = targetOf(ctx, optionalString(input, 'ResourceId') ?? '', false);
    await ctx.access.require(parameterCheck(ctx, action, target, context(input)));
  };

const describeRule: Rule = (_input, ctx) => ctx.access.require({ action: 'ssm:DescribeParameters', resource: '*' });

const RULES = new Map<string, Rule>(
  Object.entries({
    PutParameter: async (input, ctx) => {
      const context: ConditionValues = { 'ssm:Overwrite': String(flag(input, 'Overwrite')), ...requestTagContext(tagList(input, 'Tags')) };
      const policies = optionalString(input, 'Policies');
      if (policies !== undefined) context['ssm:Policies'] = policies;
      const target = targetOf(ctx, optionalString(input, 'Name') ?? '', false);
      await ctx.access.require(parameterCheck(ctx, 'PutParameter', target, context));
    },
    GetParameter: one('GetParameter', 'Name', true),
    GetParameters: (input, ctx) => requireEach(ctx, 'GetParameters', stringList(input, 'Names'), true),
    GetParametersByPath: authorizeByPath,
    GetParameterHistory: one('GetParameterHistory', 'Name'),
    DescribeParameters: describeRule,
    DeleteParameter: one('DeleteParameter', 'Name'),
    DeleteParameters: (input, ctx) => requireEach(ctx, 'DeleteParameters', stringList(input, 'Names'), false),
    LabelParameterVersion: one('LabelParameterVersion', 'Name'),
    UnlabelParameterVersion: one('UnlabelParameterVersion', 'Name'),
    AddTagsToResource: tagging('AddTagsToResource', (input) => requestTagContext(tagList(input, 'Tags'))),
    RemoveTagsFromResource: tagging('RemoveTagsFromResource', (input): ConditionValues => {
      const keys = stringList(input, 'TagKeys');
      return keys.length > 0 ? { 'aws:TagKeys': keys } : {};
    }),
    ListTagsForResource: tagging('ListTagsForResource', () => ({})),
    // Kura's own (kura-ssm-model.ts): it reveals names only, which DescribeParameters already reveals
    // to the same caller, so it is authorized exactly as DescribeParameters is.
    [KURA_LIST_PARAMETER_PATHS]: describeRule,
  } satisfies Record<string, Rule>),
);

export async function authorizeRequest(operation: string, input: Record<string, unknown>, ctx: OperationContext): Promise<void> {
  const rule = RULES.get(operation);
  if (!rule) throw new Error(`no authorization rule for SSM operation ${operation}`);
  await rule(input, ctx);
}

/**
 * Strict mode's filter for GetParametersByPath (GAPS.md explains the choice): a parameter
 * below the path is returned unless the caller is explicitly denied `ssm:GetParametersByPath` on the
 * parameter's own ARN. The path check alone is AWS's behaviour (`--path-authorization aws`).
 */
export async function visibleByPath(ctx: OperationContext, head: ParameterHead, recursive: boolean): Promise<boolean> {
  if ((ctx.limits.pathAuthorization ?? 'strict') === 'aws') return true;
  // Only an explicit deny hides an item: without any Deny statement there is nothing to look up.
  if (!(await ctx.access.hasDenyStatements())) return true;
  const decision = await ctx.access.check({
    action: 'ssm:GetParametersByPath',
    resource: parameterArn(ctx.region, ctx.accountId, head.name),
    context: { 'ssm:Recursive': String(recursive) },
    deferredContext: deferredTags(ctx, head.name),
  });
  return decision.decision !== 'ExplicitDeny';
}
