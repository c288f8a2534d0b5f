// The Activity page's filters, and how they become one LookupEvents call plus a check in the page.
// LookupEvents takes at most ONE lookup attribute, so the most selective filter the server can
// apply goes to it and the rest are applied here to the events it returns. The page says which is
// which (describePlan), since "looked up by user name, then filtered" explains why a page can hold
// fewer events than it asked for.
//
// Principal: a bare name is CloudTrail's Username (an IAM user's name or an assumed role's session
// name), matched by the server. A user's or a session's ARN is looked up by the name it ends with
// and then kept only when userIdentity.arn is that ARN exactly (a session may be named like a user).
// A role's ARN has no lookup attribute (its sessions have other names), so it is matched here: the
// events of every session of that role.

import type { ActivityEvent, Decision } from './events.js';

export interface ActivityFilters {
  /** '' for any principal. */
  principal: string;
  /** '' for any action; `ssm:GetParameter`, `GetParameter`, `ssm:*`, `ssm:Get*`. */
  action: string;
  decision: Decision | '';
  /** ISO 8601 instants, or ''. */
  from: string;
  to: string;
  /** Whether the console's own LookupEvents calls (one every few seconds while live) are shown. */
  showOwn: boolean;
}

export const NO_FILTERS: ActivityFilters = { principal: '', action: '', decision: '', from: '', to: '', showOwn: false };

const DECISIONS: ReadonlySet<string> = new Set(['allowed', 'denied', 'error']);

export function filtersFromParams(params: URLSearchParams): ActivityFilters {
  const decision = params.get('decision') ?? '';
  const instant = (name: string) => {
    const value = params.get(name) ?? '';
    return value !== '' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : '';
  };
  return {
    principal: (params.get('principal') ?? '').trim(),
    action: (params.get('action') ?? '').trim(),
    decision: DECISIONS.has(decision) ? (decision as Decision) : '',
    from: instant('from'),
    to: instant('to'),
    showOwn: params.get('own') === 'show',
  };
}

/** The route's query for these filters (href leaves the empty ones out). */
export function filtersToParams(filters: ActivityFilters): Record<string, string | undefined> {
  return {
    principal: filters.principal,
    action: filters.action,
    decision: filters.decision,
    from: filters.from,
    to: filters.to,
    own: filters.showOwn ? 'show' : undefined,
  };
}

export type Principal =
  | { kind: 'name'; name: string }
  | { kind: 'arn'; arn: string; username?: string }
  | { kind: 'role'; arn: string; sessionPrefix: string };

export function parsePrincipal(text: string): Principal | undefined {
  if (text === '') return undefined;
  if (!text.startsWith('arn:')) return { kind: 'name', name: text };
  const [, partition = 'aws', service = '', , account = '', ...rest] = text.split(':');
  const resource = rest.join(':');
  const slash = resource.indexOf('/');
  const kind = slash >= 0 ? resource.slice(0, slash) : resource;
  const last = resource.slice(resource.lastIndexOf('/') + 1);
  if (service === 'iam' && kind === 'role' && last !== '') {
    // A session's ARN names the role without its path: arn:aws:sts::…:assumed-role/<name>/<session>.
    return { kind: 'role', arn: text, sessionPrefix: `arn:${partition}:sts::${account}:assumed-role/${last}/` };
  }
  if ((service === 'iam' && kind === 'user') || (service === 'sts' && kind === 'assumed-role')) {
    return last !== '' ? { kind: 'arn', arn: text, username: last } : { kind: 'arn', arn: text };
  }
  return { kind: 'arn', arn: text };
}

export interface Action {
  /** `ssm.amazonaws.com`, when the filter names a service. */
  source?: string;
  /** The exact event name, or a prefix when `prefix` (the filter ended in `*`). */
  name?: string;
  prefix?: boolean;
}

/** `ssm:GetParameter`, `GetParameter`, `ssm:*`, `ssm:Get*`, `ssm.amazonaws.com:GetParameter`; undefined when malformed. */
export function parseAction(text: string): Action | undefined {
  if (text === '' || /\s/.test(text)) return undefined;
  const colon = text.indexOf(':');
  const service = colon >= 0 ? text.slice(0, colon).toLowerCase() : '';
  const name = colon >= 0 ? text.slice(colon + 1) : text;
  if ((colon >= 0 && !/^[a-z0-9-]+(\.amazonaws\.com)?$/.test(service)) || name.includes(':') || /\*./.test(name)) return undefined;
  if (colon < 0 && (name === '' || name === '*')) return undefined;
  const action: Action = {};
  if (service !== '') action.source = service.includes('.') ? service : `${service}.amazonaws.com`;
  if (name !== '' && name !== '*') {
    action.name = name.endsWith('*') ? name.slice(0, -1) : name;
    if (name.endsWith('*')) action.prefix = true;
  }
  return action;
}

export interface LookupAttribute {
  AttributeKey: 'Username' | 'EventName' | 'EventSource';
  AttributeValue: string;
}

export interface LookupPlan {
  attribute?: LookupAttribute;
  /** What the page checks itself, worded for the reader. */
  inPage: string[];
  /** StartTime/EndTime, epoch milliseconds. */
  from?: number;
  to?: number;
  accept(event: ActivityEvent): boolean;
}

/** Whether an event is a LookupEvents call made with these temporary credentials (this console's own polling). */
export const isOwnLookup = (event: ActivityEvent, accessKeyId: string) =>
  event.eventName === 'LookupEvents' && event.eventSource === 'cloudtrail.amazonaws.com' && event.accessKeyId === accessKeyId;

/** The filters as one lookup attribute and the checks the page makes on what it returns. */
export function planLookup(filters: ActivityFilters, ownAccessKeyId: string): LookupPlan {
  const checks: Array<{ words: string; test: (e: ActivityEvent) => boolean }> = [];
  let attribute: LookupAttribute | undefined;
  const principal = parsePrincipal(filters.principal);
  const action = parseAction(filters.action);

  if (principal?.kind === 'name') attribute = { AttributeKey: 'Username', AttributeValue: principal.name };
  else if (principal?.kind === 'arn' && principal.username !== undefined) attribute = { AttributeKey: 'Username', AttributeValue: principal.username };
  if (principal?.kind === 'arn') checks.push({ words: `the principal is ${principal.arn}`, test: (e) => e.principalArn === principal.arn });
  if (principal?.kind === 'role') {
    checks.push({ words: `the principal is a session of ${principal.arn}`, test: (e) => e.sessionIssuerArn === principal.arn || (e.principalArn?.startsWith(principal.sessionPrefix) ?? false) });
  }

  if (action?.name !== undefined && !action.prefix && attribute === undefined) attribute = { AttributeKey: 'EventName', AttributeValue: action.name };
  else if (action?.name !== undefined) {
    const { name, prefix } = action;
    checks.push({ words: prefix ? `the event name starts with ${name}` : `the event name is ${name}`, test: (e) => (prefix ? (e.eventName?.startsWith(name) ?? false) : e.eventName === name) });
  }
  if (action?.source !== undefined && attribute === undefined) attribute = { AttributeKey: 'EventSource', AttributeValue: action.source };
  else if (action?.source !== undefined) {
    const { source } = action;
    checks.push({ words: `the event source is ${source}`, test: (e) => e.eventSource === source });
  }

  if (filters.decision !== '') {
    const wanted = filters.decision;
    checks.push({ words: `the decision is ${wanted}`, test: (e) => e.decision === wanted });
  }
  if (!filters.showOwn) checks.push({ words: "it is not one of this console's own lookups", test: (e) => !isOwnLookup(e, ownAccessKeyId) });

  const plan: LookupPlan = { inPage: checks.map((c) => c.words), accept: (e) => checks.every((c) => c.test(e)) };
  if (attribute) plan.attribute = attribute;
  if (filters.from !== '') plan.from = Date.parse(filters.from);
  if (filters.to !== '') plan.to = Date.parse(filters.to);
  return plan;
}

/** One sentence for the page: what Kura looks up, and what the page then keeps. */
export function describePlan(plan: LookupPlan): string {
  const server = plan.attribute ? `Kura looks events up by ${plan.attribute.AttributeKey} = ${plan.attribute.AttributeValue}` : 'Kura returns every event';
  const range = plan.from !== undefined || plan.to !== undefined ? ' in the time range' : '';
  const kept = plan.inPage.length > 0 ? `; this page then keeps those where ${joinWords(plan.inPage)}` : '';
  return `${server}${range}${kept}. LookupEvents takes one lookup attribute, so other filters apply in the page.`;
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** `2025-03-01T10:04:05.000Z` → the value a datetime-local input shows, in local time, to the second. */
export function toLocalInput(iso: string): string {
  if (iso === '') return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local input's value (local time) as an ISO instant; '' stays '', undefined when not a time. */
export function fromLocalInput(local: string): string | undefined {
  if (local === '') return '';
  const ms = Date.parse(local);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
