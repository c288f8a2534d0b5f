import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Principal } from '../services/context.js';
import { ServiceError } from '../wire/errors.js';
import type { AuditEvent } from './audit.js';
import { isReadOnly, RequestAudit } from './request-audit.js';
import { awsJson1_1 } from './protocols/aws-json.js';
import { awsQuery } from './protocols/aws-query.js';
import type { Route } from './route.js';
import { builtInServices } from './services.js';

const ACCOUNT = '123456789012';
const REPLICA = 'kura-a.internal:4566';
const NOW = new Date('2026-03-01T12:34:56.789Z');
const ssm = builtInServices.find((s) => s.signingName === 'ssm');
const sts = builtInServices.find((s) => s.signingName === 'sts');
const entryOf = (name: string) => builtInServices.find((s) => s.signingName === name) ?? assert.fail(name);
const alice: Principal = { arn: `arn:aws:iam::${ACCOUNT}:user/team/alice`, accountId: ACCOUNT, userId: 'AIDAALICE0000000000', accessKeyId: 'AKIAALICE00000000001', kind: 'user' };
const roleSession: Principal = {
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/task-1`,
  accountId: ACCOUNT,
  userId: 'AROAAPP000000000000:task-1',
  accessKeyId: 'ASIAAPP0000000000001',
  kind: 'assumed-role',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/app`,
  roleName: 'app',
  sessionName: 'task-1',
  issuedAt: new Date('2026-03-01T12:00:00.250Z'),
  chained: false,
};

function audit(headers: Record<string, string>, options: { rawUrl?: string; remoteAddress?: string } = {}): RequestAudit {
  return new RequestAudit({ rawHeaders: Object.entries(headers).flat(), rawUrl: options.rawUrl ?? '/', remoteAddress: options.remoteAddress ?? '127.0.0.1' }, 'req-1', REPLICA);
}

/** The event as the log has it (JSON), without its random id, which is checked to be a UUID. */
function withoutId(event: AuditEvent): Omit<AuditEvent, 'eventID'> {
  const { eventID, ...rest } = json(event);
  assert.match(eventID, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  return rest;
}

/** What the log holds: members that do not apply are undefined in the object and absent in the line. */
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const SIGNED = (keyId: string) => `AWS4-HMAC-SHA256 Credential=${keyId}/20260301/eu-west-1/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`;

describe('the audit event of one request', () => {
  test('an allowed call: a CloudTrail record with the caller, the operation and its decisions', () => {
    const a = audit({ 'User-Agent': 'aws-cli/1.36.0 Python/3.12.3', 'X-Amz-Target': 'AmazonSSM.GetParameter', Authorization: SIGNED(alice.accessKeyId) });
    a.route = { protocol: awsJson1_1, entry: ssm, operation: 'GetParameter' } as Route;
    a.caller = { identity: { principal: alice }, region: 'eu-west-1' };
    const resource = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/db`;
    a.record({ time: NOW.toISOString(), requestId: 'req-1', principal: alice.arn, action: 'ssm:GetParameter', resources: [resource], decision: 'Allow', statement: { source: { type: 'inline', id: 'read' }, index: 0 } });
    a.record({ time: NOW.toISOString(), requestId: 'req-1', principal: alice.arn, action: 'kms:Decrypt', resources: ['*'], decision: 'Allow' });
    assert.deepEqual(withoutId(a.event(NOW, ACCOUNT)), {
      eventVersion: '1.11',
      userIdentity: { type: 'IAMUser', principalId: 'AIDAALICE0000000000', arn: alice.arn, accountId: ACCOUNT, accessKeyId: 'AKIAALICE00000000001', userName: 'alice' },
      eventTime: '2026-03-01T12:34:56Z',
      eventSource: 'ssm.amazonaws.com',
      eventName: 'GetParameter',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: 'aws-cli/1.36.0 Python/3.12.3',
      requestParameters: null,
      responseElements: null,
      additionalEventData: {
        replica: REPLICA,
        authorization: [
          { action: 'ssm:GetParameter', resources: [resource], decision: 'Allow', statement: { source: { type: 'inline', id: 'read' }, index: 0 } },
          { action: 'kms:Decrypt', resources: ['*'], decision: 'Allow' },
        ],
      },
      requestID: 'req-1',
      readOnly: true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    });
  });

  test('a denied call by a role session: AssumedRole with its issuer, the error code and AWS’s message', () => {
    const a = audit({ 'X-Amz-Target': 'AmazonSSM.PutParameter' });
    a.route = { protocol: awsJson1_1, entry: ssm, operation: 'PutParameter' } as Route;
    a.caller = { identity: { principal: roleSession }, region: 'us-east-1' };
    const message = `User: ${roleSession.arn} is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/x because no identity-based policy allows the ssm:PutParameter action`;
    const event = a.event(NOW, ACCOUNT, new ServiceError('AccessDeniedException', message));
    assert.deepEqual(json(event.userIdentity), {
      type: 'AssumedRole',
      principalId: 'AROAAPP000000000000:task-1',
      arn: roleSession.arn,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAAPP0000000000001',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAAPP000000000000', arn: `arn:aws:iam::${ACCOUNT}:role/app`, accountId: ACCOUNT, userName: 'app' },
        attributes: { creationDate: '2026-03-01T12:00:00Z', mfaAuthenticated: 'false' },
      },
    });
    assert.equal(event.errorCode, 'AccessDeniedException');
    assert.equal(event.errorMessage, message);
    assert.equal(event.readOnly, false);
    assert.equal('userAgent' in json(event), false, 'no User-Agent header, no userAgent');
  });

  test('requestParameters: the input the operation runs with, its secrets hidden; null until then', () => {
    const a = audit({ 'X-Amz-Target': 'AmazonSSM.PutParameter' });
    a.input({ Name: '/ignored' });
    assert.equal(a.event(NOW, ACCOUNT).requestParameters, null, 'not routed: nothing to read the input by');
    a.route = { protocol: awsJson1_1, entry: ssm, operation: 'PutParameter' } as Route;
    assert.equal(a.event(NOW, ACCOUNT).requestParameters, null, 'routed, the input not decoded');
    a.input({ Name: '/app/db', Type: 'SecureString', Value: 'the-secret-value' });
    assert.deepEqual(a.event(NOW, ACCOUNT).requestParameters, { name: '/app/db', value: 'HIDDEN_DUE_TO_SECURITY_REASONS', type: 'SecureString' });
    // KMS leaves its plaintext out, as CloudTrail's Encrypt records do.
    const k = audit({});
    k.route = { protocol: awsJson1_1, entry: entryOf('kms'), operation: 'Encrypt' } as Route;
    k.input({ KeyId: 'alias/app', Plaintext: Buffer.from('the-plaintext') });
    assert.deepEqual(k.event(NOW, ACCOUNT).requestParameters, { keyId: 'alias/app' });
  });

  test('GetSessionToken credentials: an IAM user with the session’s attributes', () => {
    const a = audit({});
    a.caller = { identity: { principal: { ...alice, accessKeyId: 'ASIAALICE0000000001', kind: 'session-token', issuedAt: new Date('2026-03-01T11:00:00Z') } }, region: 'us-east-1' };
    assert.deepEqual(json(a.event(NOW, ACCOUNT).userIdentity), {
      type: 'IAMUser',
      principalId: 'AIDAALICE0000000000',
      arn: alice.arn,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAALICE0000000001',
      userName: 'alice',
      sessionContext: { attributes: { creationDate: '2026-03-01T11:00:00Z', mfaAuthenticated: 'false' } },
    });
  });

  test('a request that did not authenticate: Unknown, with the key id and region it presented', () => {
    const a = audit({ 'X-Amz-Target': 'AmazonSSM.GetParameter', Authorization: SIGNED('AKIAUNKNOWN000000001'), 'X-Amz-Security-Token': 'token-canary' });
    a.route = { protocol: awsJson1_1, entry: ssm, operation: 'GetParameter' } as Route;
    const event = a.event(NOW, ACCOUNT, new ServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.'));
    assert.deepEqual(json(event.userIdentity), { type: 'Unknown', accessKeyId: 'AKIAUNKNOWN000000001' });
    assert.equal(event.awsRegion, 'eu-west-1');
    assert.equal(event.errorMessage, 'The security token included in the request is invalid.');
    assert.deepEqual(json(event.additionalEventData), { replica: REPLICA }, 'the replica, and no decisions');
    const text = JSON.stringify(event);
    for (const never of ['token-canary', 'a'.repeat(64), 'AWS4-HMAC-SHA256', 'Signature=']) assert.ok(!text.includes(never), never);
  });

  test('the key id of a presigned URL; nothing from a Credential that is not one', () => {
    const presigned = audit({}, { rawUrl: `/?Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAPRESIGNED0000001%2F20260301%2Fus-east-2%2Fsts%2Faws4_request` });
    const event = presigned.event(NOW, ACCOUNT, new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.', { status: 403 }));
    assert.deepEqual(json(event.userIdentity), { type: 'Unknown', accessKeyId: 'ASIAPRESIGNED0000001' });
    assert.equal(event.awsRegion, 'us-east-2');
    // A secret key pasted where the key id goes, and a region that is not one: neither is kept.
    for (const keyId of ['wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY', 'test', 'AKIA']) {
      assert.deepEqual(json(audit({ Authorization: SIGNED(keyId) }).event(NOW, ACCOUNT).userIdentity), { type: 'Unknown' }, keyId);
    }
    const odd = audit({ Authorization: 'AWS4-HMAC-SHA256 Credential=AKIAODD0000000000001/20260301/<script>/ssm/aws4_request' }).event(NOW, ACCOUNT);
    assert.equal(odd.awsRegion, undefined);
    assert.deepEqual(json(odd.userIdentity), { type: 'Unknown', accessKeyId: 'AKIAODD0000000000001' });
  });

  test('the socket’s address, never a forwarded one; IPv4 peers of a dual-stack socket in dotted form', () => {
    const forwarded = { 'X-Forwarded-For': '203.0.113.9', Forwarded: 'for=203.0.113.9', 'X-Real-IP': '203.0.113.9' };
    assert.equal(audit(forwarded, { remoteAddress: '::ffff:10.1.2.3' }).event(NOW, ACCOUNT).sourceIPAddress, '10.1.2.3');
    assert.equal(audit(forwarded, { remoteAddress: '::1' }).event(NOW, ACCOUNT).sourceIPAddress, '::1');
  });

  test('the user agent is cut at 1 KB, as CloudTrail cuts it', () => {
    assert.equal(audit({ 'User-Agent': 'x'.repeat(5000) }).event(NOW, ACCOUNT).userAgent, 'x'.repeat(1024));
  });

  test('an operation Kura does not know is named when it reads as one, and not otherwise', () => {
    const unknown = audit({ 'X-Amz-Target': 'AmazonSSM.SendCommand' });
    unknown.route = { protocol: awsJson1_1, entry: ssm, requested: 'SendCommand', error: new ServiceError('UnknownOperationException', '') } as Route;
    const event = unknown.event(NOW, ACCOUNT, new ServiceError('UnknownOperationException', ''));
    assert.equal(event.eventName, 'SendCommand');
    assert.equal(event.eventSource, 'ssm.amazonaws.com');
    assert.equal(event.readOnly, undefined, 'unknown operations are not classified');
    assert.equal(event.errorMessage, undefined, 'an empty message is left out');
    const garbage = audit({ 'X-Amz-Target': 'Nope.Get Parameter; DROP' });
    garbage.route = { protocol: awsJson1_1, requested: 'Get Parameter; DROP', error: new ServiceError('UnknownOperationException', '') };
    const garbageEvent = garbage.event(NOW, ACCOUNT, new ServiceError('UnknownOperationException', ''));
    assert.equal(garbageEvent.eventName, undefined);
    assert.equal(garbageEvent.eventSource, undefined);
    const query = audit({});
    query.route = { protocol: awsQuery, entry: sts, requested: 'AssumeRoot', error: new ServiceError('InvalidAction', 'x') } as Route;
    assert.equal(query.event(NOW, ACCOUNT).eventName, 'AssumeRoot');
  });

  test('a message that can quote the request is left out; the code stays', () => {
    const canary = 'CANARY-value-8c1f';
    const echoed = audit({}).event(NOW, ACCOUNT, new ServiceError('ValidationException', `1 validation error detected: Value '${canary}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1024`));
    assert.equal(echoed.errorCode, 'ValidationException');
    assert.equal(echoed.errorMessage, undefined);
    assert.ok(!JSON.stringify(echoed).includes(canary));
  });
});

describe('read-only operations', () => {
  test('reads, KMS cryptography and STS are read-only; changes are not', () => {
    assert.deepEqual(
      [['ssm', 'GetParametersByPath'], ['ssm', 'DescribeParameters'], ['kms', 'Decrypt'], ['kms', 'GenerateDataKey'], ['iam', 'SimulatePrincipalPolicy'], ['sts', 'AssumeRole'], ['iam', 'ListUsers']].map(([s, o]) => isReadOnly(entryOf(s as string), o as string)),
      [true, true, true, true, true, true, true],
    );
    assert.deepEqual(
      [['ssm', 'PutParameter'], ['ssm', 'DeleteParameters'], ['kms', 'CreateKey'], ['kms', 'ScheduleKeyDeletion'], ['iam', 'CreateAccessKey'], ['ssm', 'LabelParameterVersion']].map(([s, o]) => isReadOnly(entryOf(s as string), o as string)),
      [false, false, false, false, false, false],
    );
  });
});
