import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readEvent, type ActivityEvent } from './events.js';
import { describePlan, filtersFromParams, filtersToParams, fromLocalInput, NO_FILTERS, parseAction, parsePrincipal, planLookup, toLocalInput } from './filters.js';

const OWN_KEY = 'ASIAOWNCONSOLEKEY001';

function event(record: Record<string, unknown>): ActivityEvent {
  return readEvent({ EventId: String(record.eventID ?? 'e'), CloudTrailEvent: JSON.stringify(record) });
}

const ciDenied = event({
  eventID: 'e1',
  eventSource: 'ssm.amazonaws.com',
  eventName: 'GetParameter',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::000000000000:user/ci', userName: 'ci', accessKeyId: 'AKIAKURASEEDCI000001' },
  errorCode: 'AccessDenied',
  errorMessage: 'User: arn:aws:iam::000000000000:user/ci is not authorized to perform: ssm:GetParameter',
});
const sessionRead = event({
  eventID: 'e2',
  eventSource: 'ssm.amazonaws.com',
  eventName: 'GetParameters',
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::000000000000:assumed-role/go-ecs-sample/task-1',
    accessKeyId: 'ASIATASK',
    sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::000000000000:role/go-ecs-sample' } },
  },
});
const ownLookup = event({ eventID: 'e3', eventSource: 'cloudtrail.amazonaws.com', eventName: 'LookupEvents', userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::000000000000:assumed-role/console-admin/me', accessKeyId: OWN_KEY } });
const failed = event({ eventID: 'e4', eventSource: 'ssm.amazonaws.com', eventName: 'GetParameter', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::000000000000:user/admin' }, errorCode: 'ParameterNotFound' });
const all = [ciDenied, sessionRead, ownLookup, failed];
/** What the page shows: the events the server's lookup attribute matches, then those the page keeps. */
const kept = (filters: Partial<typeof NO_FILTERS>) => {
  const plan = planLookup({ ...NO_FILTERS, ...filters }, OWN_KEY);
  const server = (e: ActivityEvent) => {
    const { AttributeKey: key, AttributeValue: value } = plan.attribute ?? {};
    if (key === 'EventName') return e.eventName === value;
    if (key === 'EventSource') return e.eventSource === value;
    if (key === 'Username') return e.principalArn?.endsWith(`/${value}`);
    return true;
  };
  return all.filter((e) => server(e) && plan.accept(e)).map((e) => e.id);
};

describe('the route and the filters', () => {
  test('read back what they wrote, and drop what is not a filter', () => {
    const filters = { ...NO_FILTERS, principal: 'ci', action: 'ssm:GetParameter', decision: 'denied' as const, from: '2025-03-01T10:00:00.000Z', showOwn: true };
    const params = new URLSearchParams(Object.entries(filtersToParams(filters)).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
    assert.deepEqual(filtersFromParams(params), filters);
    assert.deepEqual(filtersFromParams(new URLSearchParams('decision=maybe&from=yesterday&own=1')), NO_FILTERS);
  });

  test('datetime-local values are local time, to the second', () => {
    const iso = fromLocalInput('2025-03-01T10:04:05');
    assert.ok(iso);
    assert.equal(toLocalInput(iso), '2025-03-01T10:04:05');
    assert.equal(fromLocalInput(''), '');
    assert.equal(fromLocalInput('soon'), undefined);
  });
});

describe('principals', () => {
  test('a name, a user or session ARN (by the name it ends with), a role ARN (its sessions)', () => {
    assert.deepEqual(parsePrincipal('ci'), { kind: 'name', name: 'ci' });
    assert.deepEqual(parsePrincipal('arn:aws:iam::000000000000:user/team/ci'), { kind: 'arn', arn: 'arn:aws:iam::000000000000:user/team/ci', username: 'ci' });
    assert.deepEqual(parsePrincipal('arn:aws:sts::000000000000:assumed-role/r/s1'), { kind: 'arn', arn: 'arn:aws:sts::000000000000:assumed-role/r/s1', username: 's1' });
    assert.deepEqual(parsePrincipal('arn:aws:iam::000000000000:role/svc/r'), { kind: 'role', arn: 'arn:aws:iam::000000000000:role/svc/r', sessionPrefix: 'arn:aws:sts::000000000000:assumed-role/r/' });
    assert.deepEqual(parsePrincipal('arn:aws:iam::000000000000:root'), { kind: 'arn', arn: 'arn:aws:iam::000000000000:root' });
  });

  test('a user ARN is looked up by Username, then matched exactly in the page', () => {
    const plan = planLookup({ ...NO_FILTERS, principal: 'arn:aws:iam::000000000000:user/ci' }, OWN_KEY);
    assert.deepEqual(plan.attribute, { AttributeKey: 'Username', AttributeValue: 'ci' });
    assert.deepEqual(kept({ principal: 'arn:aws:iam::000000000000:user/ci' }), ['e1']);
  });

  test("a role ARN keeps its sessions' events, matched in the page; the action then goes to the server", () => {
    const plan = planLookup({ ...NO_FILTERS, principal: 'arn:aws:iam::000000000000:role/go-ecs-sample', action: 'ssm:GetParameters' }, OWN_KEY);
    assert.deepEqual(plan.attribute, { AttributeKey: 'EventName', AttributeValue: 'GetParameters' });
    assert.deepEqual(kept({ principal: 'arn:aws:iam::000000000000:role/go-ecs-sample' }), ['e2']);
  });
});

describe('actions', () => {
  test('service:Name, Name, service:*, service:Prefix*', () => {
    assert.deepEqual(parseAction('ssm:GetParameter'), { source: 'ssm.amazonaws.com', name: 'GetParameter' });
    assert.deepEqual(parseAction('GetParameter'), { name: 'GetParameter' });
    assert.deepEqual(parseAction('SSM:*'), { source: 'ssm.amazonaws.com' });
    assert.deepEqual(parseAction('ssm:Get*'), { source: 'ssm.amazonaws.com', name: 'Get', prefix: true });
    assert.deepEqual(parseAction('ssm.amazonaws.com:GetParameter'), { source: 'ssm.amazonaws.com', name: 'GetParameter' });
    for (const bad of ['ssm get', '*', 'a:b:c', 'ssm:G*t', 'ss m:Get', '']) assert.equal(parseAction(bad), undefined, bad);
  });

  test('ssm:GetParameter: EventName to the server, the source checked in the page', () => {
    const plan = planLookup({ ...NO_FILTERS, action: 'ssm:GetParameter' }, OWN_KEY);
    assert.deepEqual(plan.attribute, { AttributeKey: 'EventName', AttributeValue: 'GetParameter' });
    assert.deepEqual(kept({ action: 'ssm:GetParameter' }), ['e1', 'e4']);
    assert.deepEqual(kept({ action: 'ssm:Get*' }), ['e1', 'e2', 'e4']);
    assert.deepEqual(planLookup({ ...NO_FILTERS, action: 'ssm:Get*' }, OWN_KEY).attribute, { AttributeKey: 'EventSource', AttributeValue: 'ssm.amazonaws.com' });
  });

  test('with a principal name, the action is checked in the page', () => {
    const plan = planLookup({ ...NO_FILTERS, principal: 'ci', action: 'ssm:GetParameter' }, OWN_KEY);
    assert.deepEqual(plan.attribute, { AttributeKey: 'Username', AttributeValue: 'ci' });
    assert.match(describePlan(plan), /Username = ci; this page then keeps those where the event name is GetParameter, the event source is ssm\.amazonaws\.com and it is not one of this console's own lookups\./);
  });
});

describe('decisions and own lookups', () => {
  test('AccessDenied* is denied, another error code an error, none allowed', () => {
    assert.deepEqual([ciDenied.decision, failed.decision, sessionRead.decision], ['denied', 'error', 'allowed']);
    assert.deepEqual(kept({ decision: 'denied' }), ['e1']);
    assert.deepEqual(kept({ decision: 'error' }), ['e4']);
    assert.deepEqual(kept({ decision: 'allowed' }), ['e2']);
  });

  test("the console's own lookups are hidden unless asked for", () => {
    assert.deepEqual(kept({}), ['e1', 'e2', 'e4']);
    assert.deepEqual(kept({ showOwn: true }), ['e1', 'e2', 'e3', 'e4']);
  });

  test('no filter: every event, and the plan says so', () => {
    assert.equal(describePlan(planLookup({ ...NO_FILTERS, showOwn: true }, OWN_KEY)), 'Kura returns every event. LookupEvents takes one lookup attribute, so other filters apply in the page.');
  });
});
