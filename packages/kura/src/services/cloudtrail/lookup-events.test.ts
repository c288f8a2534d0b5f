import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OperationContext, Principal } from '../context.js';
import { allowAll, denyAll } from '../iam/testing/access.js';
import { createKmsDomain } from '../kms/domain.js';
import { ACCOUNT, createTestBase, operationCaller, rejectsWith } from '../testing/kit.js';
import { authorizeCloudTrail } from './authorization.js';
import { cloudTrailOperations } from './index.js';
import { memoryLookup } from './testing/memory-lookup.js';

const ALICE: Principal = { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userId: 'AIDAALICE', accessKeyId: 'AKIAALICE0000000', kind: 'user' };
const PARAM_ARN = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/db/password`;
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const at = (second: number) => new Date(Date.UTC(2026, 2, 1, 0, 0, second));
const record = (n: number, fields: object = {}) => ({
  eventVersion: '1.11',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAALICE', arn: ALICE.arn, accountId: ACCOUNT, accessKeyId: 'AKIAALICE0000000', userName: 'alice' },
  eventTime: at(n).toISOString().replace('.000', ''),
  eventSource: 'ssm.amazonaws.com',
  eventName: 'GetParameter',
  sourceIPAddress: '127.0.0.1',
  requestParameters: null,
  responseElements: null,
  additionalEventData: { replica: 'r1', authorization: [{ action: 'ssm:GetParameter', resources: [PARAM_ARN], decision: 'Allow' }] },
  requestID: `req-${n}`,
  eventID: `ev-${n}`,
  readOnly: true,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
  ...fields,
});

const ROLE_SESSION = {
  type: 'AssumedRole',
  principalId: 'AROATASK:task-1',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/task-role/task-1`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIATASK00000000',
};

const RECORDS = [
  record(1, { eventName: 'PutParameter', readOnly: false }),
  record(2),
  record(3, {
    userIdentity: ROLE_SESSION,
    errorCode: 'AccessDeniedException',
    errorMessage: `User: ${ROLE_SESSION.arn} is not authorized to perform: ssm:GetParameter on resource: ${PARAM_ARN} because no identity-based policy allows the ssm:GetParameter action`,
    additionalEventData: { replica: 'r2', authorization: [{ action: 'ssm:GetParameter', resources: [PARAM_ARN], decision: 'ImplicitDeny' }] },
  }),
  record(4, { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', additionalEventData: { replica: 'r1', authorization: [{ action: 'kms:Decrypt', resources: [KEY_ARN], decision: 'Allow' }] } }),
  record(5, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'LookupEvents', additionalEventData: { replica: 'r1', authorization: [{ action: 'cloudtrail:LookupEvents', resources: ['*'], decision: 'Allow' }] } }),
];

function setup(records: object[] = RECORDS, access = allowAll()) {
  const { ctx } = createTestBase({ principal: ALICE, access, kms: ({ store, keyring, now }) => createKmsDomain({ keys: store.keys, keyring, now }) });
  const withLog: OperationContext = { ...ctx, auditLookup: memoryLookup(records) };
  return { call: operationCaller(withLog, cloudTrailOperations, 'cloudtrail', authorizeCloudTrail), access };
}

type LookedUp = { Events: Record<string, unknown>[]; NextToken?: string };
const lookup = async (call: ReturnType<typeof setup>['call'], input: Record<string, unknown>) => (await call('LookupEvents', input)) as LookedUp;
const eventIds = (out: LookedUp) => out.Events.map((e) => e.EventId);
const by = (key: string, value: string) => ({ LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] });

describe('LookupEvents', () => {
  test('answers every event newest first, each as CloudTrail’s Events[] entry', async () => {
    const { call, access } = setup();
    const out = await lookup(call, {});
    assert.deepEqual(eventIds(out), ['ev-5', 'ev-4', 'ev-3', 'ev-2', 'ev-1']);
    assert.equal(out.NextToken, undefined);
    const decrypt = out.Events[1] ?? assert.fail('no event');
    assert.deepEqual({ ...decrypt, CloudTrailEvent: undefined }, {
      EventId: 'ev-4',
      EventName: 'Decrypt',
      ReadOnly: 'true',
      AccessKeyId: 'AKIAALICE0000000',
      EventTime: at(4),
      EventSource: 'kms.amazonaws.com',
      Username: 'alice',
      Resources: [{ ResourceType: 'AWS::KMS::Key', ResourceName: KEY_ARN }],
      CloudTrailEvent: undefined,
    });
    assert.deepEqual(access.checks.map((c) => [c.action, c.resource]), [['cloudtrail:LookupEvents', '*']]);
  });

  test('a denial reads as CloudTrail records it: errorCode AccessDenied, AWS’s message, the session name as Username', async () => {
    const { call } = setup();
    const denied = (await lookup(call, by('EventId', 'ev-3'))).Events[0] ?? assert.fail('no event');
    assert.equal(denied.Username, 'task-1');
    assert.equal(denied.AccessKeyId, 'ASIATASK00000000');
    const trail = JSON.parse(String(denied.CloudTrailEvent)) as Record<string, unknown>;
    assert.equal(trail.errorCode, 'AccessDenied');
    assert.match(String(trail.errorMessage), /^User: arn:aws:sts::\d{12}:assumed-role\/task-role\/task-1 is not authorized to perform: ssm:GetParameter on resource: /);
    assert.deepEqual(trail.resources, [{ ARN: PARAM_ARN, accountId: ACCOUNT, type: 'AWS::SSM::Parameter' }]);
    assert.equal(trail.requestParameters, null);
  });

  test('requestParameters as the record has them: recorded ones, and null or absent in records written before Kura recorded them', async () => {
    const { requestParameters: _, ...withoutField } = record(3);
    const parameters = { name: '/app/db/password', value: 'HIDDEN_DUE_TO_SECURITY_REASONS', type: 'SecureString' };
    const { call } = setup([record(1, { eventName: 'PutParameter', requestParameters: parameters }), record(2), withoutField]);
    const out = await lookup(call, {});
    const trails = out.Events.map((e) => JSON.parse(String(e.CloudTrailEvent)) as Record<string, unknown>);
    assert.deepEqual(eventIds(out), ['ev-3', 'ev-2', 'ev-1']);
    assert.equal('requestParameters' in (trails[0] ?? {}), false);
    assert.equal(trails[1]?.requestParameters, null);
    assert.deepEqual(trails[2]?.requestParameters, parameters);
  });

  test('filters by each lookup attribute', async () => {
    const { call } = setup();
    const cases: [string, string, string[]][] = [
      ['EventName', 'GetParameter', ['ev-3', 'ev-2']],
      ['EventSource', 'kms.amazonaws.com', ['ev-4']],
      ['ReadOnly', 'false', ['ev-1']],
      ['Username', 'task-1', ['ev-3']],
      ['AccessKeyId', 'AKIAALICE0000000', ['ev-5', 'ev-4', 'ev-2', 'ev-1']],
      ['ResourceType', 'AWS::SSM::Parameter', ['ev-3', 'ev-2', 'ev-1']],
      ['ResourceName', '/app/db/password', ['ev-3', 'ev-2', 'ev-1']],
      ['ResourceName', KEY_ARN, ['ev-4']],
      ['EventId', 'ev-2', ['ev-2']],
      ['EventName', 'getparameter', []],
    ];
    for (const [key, value, expected] of cases) assert.deepEqual(eventIds(await lookup(call, by(key, value))), expected, `${key}=${value}`);
  });

  test('StartTime and EndTime include their own second', async () => {
    const { call } = setup();
    assert.deepEqual(eventIds(await lookup(call, { StartTime: at(2), EndTime: at(4) })), ['ev-4', 'ev-3', 'ev-2']);
    assert.deepEqual(eventIds(await lookup(call, { StartTime: at(3), EndTime: at(3) })), ['ev-3']);
  });

  test('pages with MaxResults and a NextToken bound to the parameters', async () => {
    const { call } = setup();
    const first = await lookup(call, { MaxResults: 2 });
    assert.deepEqual(eventIds(first), ['ev-5', 'ev-4']);
    const second = await lookup(call, { MaxResults: 2, NextToken: first.NextToken });
    assert.deepEqual(eventIds(second), ['ev-3', 'ev-2']);
    await rejectsWith(call('LookupEvents', { ...by('EventName', 'GetParameter'), NextToken: first.NextToken }), 'InvalidNextTokenException', undefined, { messageMember: 'Message' });
    await rejectsWith(call('LookupEvents', { NextToken: 'not-a-token' }), 'InvalidNextTokenException');
  });

  test('refuses two lookup attributes, a ReadOnly value other than true/false, and a start after the end', async () => {
    const { call } = setup();
    const two = { LookupAttributes: [by('EventName', 'GetParameter').LookupAttributes[0], by('Username', 'alice').LookupAttributes[0]] };
    await rejectsWith(call('LookupEvents', two), 'InvalidLookupAttributesException', 'You can specify only one lookup attribute.');
    await rejectsWith(call('LookupEvents', by('ReadOnly', 'yes')), 'InvalidLookupAttributesException', "The ReadOnly lookup attribute value must be 'true' or 'false'.");
    await rejectsWith(call('LookupEvents', { StartTime: at(4), EndTime: at(3) }), 'InvalidTimeRangeException', 'The start time must not be after the end time.');
  });

  test('an Insights lookup finds nothing: Kura records management events only', async () => {
    const { call } = setup();
    assert.deepEqual(await lookup(call, { EventCategory: 'insight' }), { Events: [] });
  });

  test('a caller without cloudtrail:LookupEvents is denied before anything is read', async () => {
    const { call } = setup([], denyAll(ALICE.arn));
    await rejectsWith(
      call('LookupEvents', {}),
      'AccessDenied',
      `User: ${ALICE.arn} is not authorized to perform: cloudtrail:LookupEvents on resource: * because no identity-based policy allows the cloudtrail:LookupEvents action`,
    );
  });
});
