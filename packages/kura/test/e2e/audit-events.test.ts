// The audit log as an operator reads it (`kura audit`): every request, refused before authorization or
// not, is one CloudTrail-shaped event (a line of <data>/audit/audit.jsonl with SQLite, a row of the
// store with PostgreSQL) with the socket's address, the key id, the user agent, the error code, (when
// it cannot quote the request) the message, the replica that answered and the request's parameters as
// CloudTrail records them (a PutParameter's value hidden, a secret or a KMS plaintext left out); and
// no value, plaintext, ciphertext, secret key, session token or signature is anywhere in it, nor a
// policy document outside the parameters of the request that sent it.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { hostname } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuditEvent } from '../../src/gateway/audit.js';
import { kuraAudit } from './audit-log.js';
import { awsCli, startKura, type RunningKura } from './harness.js';
import { sqliteOnly } from './store.js';
import { rawRequest, type RawOptions } from './raw-request.js';

const ACCOUNT = '123456789012';
const UA = 'kura-audit-e2e/1.0 (canary-free)';
const SECRET_VALUE = 'AUDIT-CANARY-secret-value-7d3a';
const PLAINTEXT = 'AUDIT-CANARY-kms-plaintext-51be';
const SECRET_STRING = 'AUDIT-CANARY-secret-string-2c8d';
const SECRET_BINARY = 'AUDIT-CANARY-secret-binary-f06a';
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const TOKEN = 'audit-e2e-client-request-token-0001';
const CREATE_TOKEN = 'audit-e2e-client-request-token-0000';
const ECHOED = 'AUDIT-CANARY-echoed-description-90c2';
const HEADER_CANARY = 'AUDIT-CANARY-authorization-e61f';
const POLICY_CANARY = 'AUDITCANARYPOLICYe4a1';
const GARBAGE_TOKEN = 'AUDIT-CANARY-garbage-session-token-3b7c';
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

interface Sent {
  requestId: string;
  status: number;
  body: Record<string, unknown>;
}

describe('the audit log records every request’s outcome', () => {
  let kura: RunningKura;
  const sent: Sent[] = [];
  const secrets: string[] = [];
  let cliRequests = 0;

  const send = async (options: Omit<RawOptions, 'url' | 'credentials'> & { credentials?: RawOptions['credentials'] }): Promise<Sent> => {
    const response = await rawRequest({
      url: kura.url,
      credentials: kura.credentials,
      ...options,
      extraHeaders: { 'User-Agent': UA, ...options.extraHeaders },
    });
    const result = { requestId: response.headers.get('x-amzn-requestid') ?? '', status: response.status, body: response.json };
    sent.push(result);
    return result;
  };
  const ssm = (operation: string, input: unknown, extra: Partial<RawOptions> = {}) => send({ target: `AmazonSSM.${operation}`, body: JSON.stringify(input), ...extra });
  const kms = (operation: string, input: unknown) => send({ service: 'kms', target: `TrentService.${operation}`, body: JSON.stringify(input) });
  const sm = (operation: string, input: unknown) => send({ service: 'secretsmanager', target: `secretsmanager.${operation}`, body: JSON.stringify(input) });
  const query = async (service: 'iam' | 'sts', params: Record<string, string>, extra: Partial<RawOptions> = {}) => {
    const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
    const result = await send({ service, contentType: 'application/x-www-form-urlencoded; charset=utf-8', body: new URLSearchParams({ ...params, Version: version }).toString(), ...extra });
    return { ...result, xml: String(result.body['raw'] ?? '') };
  };
  /** A request the HTTP adapter refuses before the gateway: a browser's cross-site post, a body declared too large. */
  const refusedByAdapter = (headers: Record<string, string | number>): Promise<Sent> =>
    new Promise((resolve, reject) => {
      const request = http.request(kura.url, { method: 'POST', headers: { 'User-Agent': UA, ...headers } }, (response) => {
        response.resume();
        response.on('end', () => {
          const result = { requestId: String(response.headers['x-amzn-requestid']), status: response.statusCode ?? 0, body: {} };
          sent.push(result);
          resolve(result);
        });
      });
      request.on('error', reject);
      request.end();
    });
  const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? assert.fail(`no <${name}> in ${xml}`);

  let events: AuditEvent[] = [];
  let auditText = '';
  /** With SQLite: the audit files as the server wrote them. */
  let fileText: string | undefined;
  const eventOf = (s: Sent) => {
    const found = events.filter((e) => e.requestID === s.requestId);
    assert.equal(found.length, 1, `one event for request ${s.requestId}`);
    return found[0] as AuditEvent;
  };
  /** The fields an operator reads first, as the event has them. */
  const summary = (e: AuditEvent) => ({
    type: e.userIdentity.type,
    accessKeyId: e.userIdentity.accessKeyId,
    eventSource: e.eventSource,
    eventName: e.eventName,
    awsRegion: e.awsRegion,
    sourceIPAddress: e.sourceIPAddress,
    userAgent: e.userAgent,
    errorCode: e.errorCode,
    errorMessage: e.errorMessage,
  });

  let allowed: Sent, badSignature: Sent, unknownKey: Sent, inactiveKey: Sent, garbageToken: Sent, skewed: Sent;
  let denied: Sent, echoed: Sent, malformed: Sent, unsigned: Sent, malformedPolicy: Sent, crossSite: Sent, tooLarge: Sent;
  let putSecure: Sent, encrypted: Sent, decrypted: Sent, putPolicy: Sent, createAccessKey: Sent, createSecret: Sent, putSecretValue: Sent, assumeRole: Sent;
  let inactiveKeyId = '';
  let keyId = '';
  let policy = '';
  let bob = { accessKeyId: '', secretAccessKey: '' };
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/audit-role`;

  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    secrets.push(kura.credentials.secretAccessKey, SECRET_VALUE, PLAINTEXT, base64(PLAINTEXT), SECRET_STRING, SECRET_BINARY, base64(SECRET_BINARY), ECHOED, HEADER_CANARY, GARBAGE_TOKEN);

    // Set-up, as the administrator: a SecureString, a KMS ciphertext, secrets, a user with a policy
    // and two keys, a role assumed.
    putSecure = await ssm('PutParameter', { Name: '/audit/db/password', Type: 'SecureString', Value: SECRET_VALUE });
    assert.equal(putSecure.status, 200);
    const key = await kms('CreateKey', {});
    keyId = (key.body['KeyMetadata'] as { KeyId: string }).KeyId;
    encrypted = await kms('Encrypt', { KeyId: keyId, Plaintext: base64(PLAINTEXT), EncryptionContext: { app: 'audit' } });
    const ciphertext = String(encrypted.body['CiphertextBlob']);
    secrets.push(ciphertext);
    decrypted = await kms('Decrypt', { CiphertextBlob: ciphertext, EncryptionContext: { app: 'audit' } });
    assert.equal(decrypted.body['Plaintext'], base64(PLAINTEXT));
    createSecret = await sm('CreateSecret', { Name: 'audit/db', ClientRequestToken: CREATE_TOKEN, SecretString: SECRET_STRING, Description: 'the database', Tags: [{ Key: 'team', Value: 'payments' }] });
    assert.equal(createSecret.status, 200, JSON.stringify(createSecret.body));
    putSecretValue = await sm('PutSecretValue', { SecretId: 'audit/db', ClientRequestToken: TOKEN, SecretBinary: base64(SECRET_BINARY), VersionStages: ['AWSCURRENT'] });
    assert.equal(putSecretValue.status, 200);
    await query('iam', { Action: 'CreateUser', UserName: 'bob' });
    policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/${POLICY_CANARY}` }] });
    putPolicy = await query('iam', { Action: 'PutUserPolicy', UserName: 'bob', PolicyName: 'narrow', PolicyDocument: policy });
    assert.equal(putPolicy.status, 200);
    const accessKey = await query('iam', { Action: 'CreateAccessKey', UserName: 'bob' });
    createAccessKey = accessKey;
    const bobKey = accessKey.xml;
    bob = { accessKeyId: tag(bobKey, 'AccessKeyId'), secretAccessKey: tag(bobKey, 'SecretAccessKey') };
    const oldKey = (await query('iam', { Action: 'CreateAccessKey', UserName: 'bob' })).xml;
    inactiveKeyId = tag(oldKey, 'AccessKeyId');
    const inactiveSecret = tag(oldKey, 'SecretAccessKey');
    await query('iam', { Action: 'UpdateAccessKey', UserName: 'bob', AccessKeyId: inactiveKeyId, Status: 'Inactive' });
    const session = (await query('sts', { Action: 'GetSessionToken' })).xml;
    const sessionKeyId = tag(session, 'AccessKeyId');
    const sessionSecret = tag(session, 'SecretAccessKey');
    secrets.push(bob.secretAccessKey, inactiveSecret, sessionSecret, tag(session, 'SessionToken'));
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    assert.equal((await query('iam', { Action: 'CreateRole', RoleName: 'audit-role', AssumeRolePolicyDocument: trust })).status, 200);
    const assumed = await query('sts', { Action: 'AssumeRole', RoleArn: roleArn, RoleSessionName: 'audit-session', DurationSeconds: '900' });
    assumeRole = assumed;
    assert.equal(assumed.status, 200, assumed.xml);
    secrets.push(tag(assumed.xml, 'SecretAccessKey'), tag(assumed.xml, 'SessionToken'));

    // The requests under test.
    allowed = await ssm('GetParameter', { Name: '/audit/db/password', WithDecryption: true });
    assert.equal((allowed.body['Parameter'] as { Value: string }).Value, SECRET_VALUE);
    badSignature = await ssm('GetParameter', { Name: '/audit/db/password' }, { credentials: { accessKeyId: kura.credentials.accessKeyId, secretAccessKey: 'not-the-secret' } });
    unknownKey = await ssm('GetParameter', { Name: '/audit/db/password' }, { credentials: { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'whatever' } });
    inactiveKey = await ssm('GetParameter', { Name: '/audit/db/password' }, { credentials: { accessKeyId: inactiveKeyId, secretAccessKey: inactiveSecret } });
    garbageToken = await ssm('GetParameter', { Name: '/audit/db/password' }, { credentials: { accessKeyId: sessionKeyId, secretAccessKey: sessionSecret, sessionToken: GARBAGE_TOKEN } });
    skewed = await ssm('GetParameter', { Name: '/audit/db/password' }, { signingDate: new Date(Date.now() - 20 * 60_000) });
    denied = await ssm('GetParameter', { Name: '/audit/db/password', WithDecryption: true }, { credentials: bob });
    echoed = await ssm('PutParameter', { Name: '/audit/x', Type: 'String', Value: 'v', Description: `${ECHOED}${'d'.repeat(1100)}` });
    malformed = await ssm('GetParameter', { Name: '/x' }, { sign: false, extraHeaders: { Authorization: `AWS4-HMAC-SHA256 Credential=AKIAE2ETESTADMIN0001/20260101/us-east-1/ssm/aws4_request ${HEADER_CANARY}`, 'X-Amz-Date': '20260101T000000Z' } });
    unsigned = await ssm('GetParameter', { Name: '/x' }, { sign: false });
    const badPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:*', Resource: `arn:${POLICY_CANARY}:ssm:::x` }] });
    malformedPolicy = await query('iam', { Action: 'PutUserPolicy', UserName: 'bob', PolicyName: 'bad', PolicyDocument: badPolicy });
    await awsCli(kura, ['sts', 'get-caller-identity']);
    cliRequests += 1;
    crossSite = await refusedByAdapter({ Origin: 'http://evil.example', 'Content-Type': 'text/plain', 'X-Amz-Target': 'AmazonSSM.GetParameter' });
    tooLarge = await refusedByAdapter({ 'Content-Length': 2 * 1024 * 1024, 'X-Amz-Target': 'AmazonSSM.PutParameter', Authorization: `AWS4-HMAC-SHA256 Credential=${'AKIAE2ETESTADMIN0001'}/20260101/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}` });

    ({ text: auditText, events } = await kuraAudit(kura));
    if (kura.storeUrl === undefined) {
      const dir = path.join(kura.dataDir, 'audit');
      fileText = readdirSync(dir)
        .map((f) => readFileSync(path.join(dir, f), 'utf8'))
        .join('');
    }
  });
  after(async () => {
    await kura.stop();
  });

  test('exactly one event per request, each a CloudTrail management event', () => {
    assert.equal(events.length, sent.length + cliRequests);
    assert.equal(new Set(events.map((e) => e.eventID)).size, events.length);
    for (const s of sent) eventOf(s);
    for (const e of events) {
      assert.equal(e.eventVersion, '1.11');
      assert.equal(e.eventType, 'AwsApiCall');
      assert.equal(e.eventCategory, 'Management');
      assert.equal(e.recipientAccountId, ACCOUNT);
      assert.ok(e.requestParameters === null || (typeof e.requestParameters === 'object' && Object.keys(e.requestParameters).length > 0));
      assert.equal(e.responseElements, null);
      assert.match(e.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });

  test('an allowed call: the administrator, its decisions, no error', () => {
    const e = eventOf(allowed);
    assert.deepEqual(summary(e), {
      type: 'IAMUser',
      accessKeyId: kura.credentials.accessKeyId,
      eventSource: 'ssm.amazonaws.com',
      eventName: 'GetParameter',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: UA,
      errorCode: undefined,
      errorMessage: undefined,
    });
    assert.equal(e.userIdentity.arn, `arn:aws:iam::${ACCOUNT}:user/admin`);
    assert.equal(e.readOnly, true);
    assert.ok(e.additionalEventData.authorization?.some((d) => d.action === 'ssm:GetParameter' && d.decision === 'Allow' && d.resources[0] === `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/audit/db/password`));
  });

  test('authentication failures: Unknown caller, the key id presented, AWS’s code and message', () => {
    const refused = (keyId: string | undefined, errorCode: string, errorMessage: string | undefined) => ({
      type: 'Unknown',
      accessKeyId: keyId,
      eventSource: 'ssm.amazonaws.com',
      eventName: 'GetParameter',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: UA,
      errorCode,
      errorMessage,
    });
    assert.deepEqual(summary(eventOf(badSignature)), refused(kura.credentials.accessKeyId, 'InvalidSignatureException', SIGNATURE_MISMATCH));
    assert.deepEqual(summary(eventOf(unknownKey)), refused('AKIAUNKNOWNKEY000001', 'UnrecognizedClientException', INVALID_TOKEN));
    assert.deepEqual(summary(eventOf(inactiveKey)), refused(inactiveKeyId, 'UnrecognizedClientException', INVALID_TOKEN));
    assert.equal(summary(eventOf(garbageToken)).errorCode, 'UnrecognizedClientException');
    assert.match(String(eventOf(garbageToken).userIdentity.accessKeyId), /^ASIA[A-Z0-9]{16}$/);
    const skew = summary(eventOf(skewed));
    assert.equal(skew.errorCode, 'InvalidSignatureException');
    assert.match(String(skew.errorMessage), /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    // A garbled Authorization header: the key id it names is kept, what the client is told (the
    // header quoted back) is not.
    assert.deepEqual(summary(eventOf(malformed)), refused(kura.credentials.accessKeyId, 'IncompleteSignatureException', undefined));
    assert.deepEqual(summary(eventOf(unsigned)), { ...refused(undefined, 'MissingAuthenticationTokenException', 'Request is missing Authentication Token'), awsRegion: undefined });
    for (const s of [badSignature, unknownKey, inactiveKey, garbageToken, skewed, malformed, unsigned]) {
      assert.equal(eventOf(s).additionalEventData.authorization, undefined, 'refused before authorization: no decisions');
    }
  });

  test('a denied call: the user, the denial as AWS words it, the decision', () => {
    const e = eventOf(denied);
    const message = `User: arn:aws:iam::${ACCOUNT}:user/bob is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/audit/db/password because no identity-based policy allows the ssm:GetParameter action`;
    assert.equal(denied.body['Message'] ?? denied.body['message'], message);
    assert.deepEqual(summary(e), {
      type: 'IAMUser',
      accessKeyId: bob.accessKeyId,
      eventSource: 'ssm.amazonaws.com',
      eventName: 'GetParameter',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: UA,
      errorCode: 'AccessDeniedException',
      errorMessage: message,
    });
    assert.deepEqual(e.additionalEventData.authorization?.map((d) => [d.action, d.decision]), [['ssm:GetParameter', 'ImplicitDeny']]);
  });

  test('messages that quote the request are left out, the code kept', () => {
    assert.equal(String(echoed.body['message'] ?? echoed.body['Message']).includes(ECHOED), true, 'the client sees its value echoed, as from AWS');
    assert.equal(eventOf(echoed).errorCode, 'ValidationException');
    assert.equal(eventOf(echoed).errorMessage, undefined);
    const policyEvent = events.find((e) => e.errorCode === 'MalformedPolicyDocument');
    assert.ok(policyEvent, 'the malformed policy was refused');
    assert.equal(policyEvent.eventName, 'PutUserPolicy');
    assert.equal(policyEvent.errorMessage, undefined);
    assert.equal(malformedPolicy.status, 400);
  });

  test('requests the HTTP adapter refuses before the gateway are recorded too', () => {
    assert.equal(crossSite.status, 403);
    assert.deepEqual(summary(eventOf(crossSite)), {
      type: 'Unknown',
      accessKeyId: undefined,
      eventSource: 'ssm.amazonaws.com',
      eventName: 'GetParameter',
      awsRegion: undefined,
      sourceIPAddress: '127.0.0.1',
      userAgent: UA,
      errorCode: 'CrossOriginRequestException',
      errorMessage: undefined,
    });
    assert.equal(tooLarge.status, 413);
    assert.deepEqual(summary(eventOf(tooLarge)), {
      type: 'Unknown',
      accessKeyId: 'AKIAE2ETESTADMIN0001',
      eventSource: 'ssm.amazonaws.com',
      eventName: 'PutParameter',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: UA,
      errorCode: 'RequestEntityTooLargeException',
      errorMessage: 'Request body exceeds 1048576 bytes.',
    });
  });

  test('the AWS CLI, through the Query protocol: its own user agent', () => {
    const e = events.find((x) => x.eventName === 'GetCallerIdentity');
    assert.ok(e);
    assert.equal(e.eventSource, 'sts.amazonaws.com');
    assert.match(String(e.userAgent), /^aws-cli\//);
    assert.equal(e.sourceIPAddress, '127.0.0.1');
  });

  test('every event names the replica that answered: by default its host name and port', () => {
    const replica = `${hostname()}:${new URL(kura.url).port}`;
    assert.deepEqual([...new Set(events.map((e) => e.additionalEventData.replica))], [replica]);
    assert.ok(events.every((e) => e.responseElements === null));
  });

  test('kura audit prints the files as the server wrote them', { skip: sqliteOnly('the events are in the database') }, () => {
    assert.ok(fileText !== undefined && fileText.length > 0);
    assert.equal(auditText, fileText);
  });

  test('requestParameters: the input as CloudTrail records it, the value hidden, secrets and plaintexts left out', () => {
    const parameters = (s: Sent) => eventOf(s).requestParameters;
    assert.deepEqual(parameters(putSecure), { name: '/audit/db/password', value: HIDDEN, type: 'SecureString' });
    assert.deepEqual(parameters(allowed), { name: '/audit/db/password', withDecryption: true });
    assert.deepEqual(parameters(denied), { name: '/audit/db/password', withDecryption: true }, 'a denied request’s input was decoded: recorded');
    assert.deepEqual(parameters(encrypted), { keyId, encryptionContext: { app: 'audit' } });
    assert.deepEqual(parameters(decrypted), { encryptionContext: { app: 'audit' } });
    assert.deepEqual(parameters(createSecret), { name: 'audit/db', clientRequestToken: CREATE_TOKEN, description: 'the database', tags: [{ key: 'team', value: 'payments' }] });
    assert.deepEqual(parameters(putSecretValue), { secretId: 'audit/db', clientRequestToken: TOKEN, versionStages: ['AWSCURRENT'] });
    assert.deepEqual(parameters(createAccessKey), { userName: 'bob' });
    assert.deepEqual(parameters(putPolicy), { userName: 'bob', policyName: 'narrow', policyDocument: policy }, 'CloudTrail records policy documents');
    assert.deepEqual(parameters(assumeRole), { roleArn, roleSessionName: 'audit-session', durationSeconds: 900 });
    assert.equal(events.find((e) => e.eventName === 'GetCallerIdentity')?.requestParameters, null, 'no parameters: null');
    // Refused before the input was decoded: by the signature, the HTTP adapter, an invalid input.
    for (const s of [badSignature, unknownKey, inactiveKey, garbageToken, skewed, malformed, unsigned, crossSite, tooLarge, echoed]) {
      assert.equal(parameters(s), null, `${eventOf(s).errorCode}: no parameters`);
    }
  });

  test('no value, plaintext, ciphertext, secret key, session token or signature anywhere in the log; a policy document only as its request’s parameter', () => {
    for (const text of [auditText, fileText ?? '']) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `the audit log holds ${secret.slice(0, 12)}…`);
      for (const marker of ['Signature=', 'AWS4-HMAC-SHA256', 'X-Amz-Security-Token']) {
        assert.ok(!text.includes(marker), `the audit log holds ${marker}`);
      }
    }
    // Never quoted in a message (the malformed one is refused with a message quoting it).
    const outsideParameters = events.map(({ requestParameters: _, ...rest }) => JSON.stringify(rest)).join('\n');
    for (const marker of [POLICY_CANARY, 'Statement', '2012-10-17']) assert.ok(!outsideParameters.includes(marker), `the audit log holds ${marker} outside requestParameters`);
  });
});
