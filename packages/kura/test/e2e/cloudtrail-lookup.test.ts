// CloudTrail LookupEvents against the built server, on the store KURA_E2E_STORE chooses (the
// server's audit files with SQLite, the store's stream with PostgreSQL): `aws cloudtrail
// lookup-events` and SDK v3 show who read what, a denial as CloudTrail records it (AccessDenied and
// AWS's message), LookupEvents is itself authorized and audited, and a canary given to every
// operation that takes a secret (a String and a SecureString parameter's value, a secret's string
// and bytes, a KMS plaintext, the ciphertext Decrypt and ReEncrypt take) appears in no LookupEvents
// answer and no audit record, now that the records hold the requests' parameters.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CloudTrailClient, LookupEventsCommand, paginateLookupEvents, type Event, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, ReEncryptCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient, UpdateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { kuraAudit } from './audit-log.js';
import { awsCli, awsCliJson, startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';
const CANARY = 'CT-CANARY-9f41c2e7-secret-value';
/** The canary as the JSON protocols carry bytes: every blob member is sent as base64. */
const CANARY_BASE64 = Buffer.from(CANARY).toString('base64');
const PARAM = '/app/db/password';

describe('CloudTrail LookupEvents over the audit log', () => {
  let kura: RunningKura;
  let trail: CloudTrailClient;
  const answers: string[] = [];
  let reader: { accessKeyId: string; secretAccessKey: string };
  let ciphertext = '';

  const lookup = async (client: CloudTrailClient, input: LookupEventsCommandInput) => {
    const out = await client.send(new LookupEventsCommand(input));
    answers.push(JSON.stringify(out));
    return out;
  };

  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    const config = (credentials = kura.credentials) => ({ endpoint: kura.url, region: kura.region, credentials });
    trail = new CloudTrailClient(config());
    const ssm = new SSMClient(config());
    await ssm.send(new PutParameterCommand({ Name: PARAM, Type: 'SecureString', Value: CANARY }));
    await awsCli(kura, ['ssm', 'put-parameter', '--name', `${PARAM}-cli`, '--type', 'SecureString', '--value', CANARY]);
    // A String's value is not secret by its type, but users keep secrets in Strings: CloudTrail hides every PutParameter's value.
    await awsCli(kura, ['ssm', 'put-parameter', '--name', `${PARAM}-string`, '--type', 'String', '--value', CANARY]);
    await ssm.send(new GetParameterCommand({ Name: PARAM, WithDecryption: true }));
    const sm = new SecretsManagerClient(config());
    await sm.send(new CreateSecretCommand({ Name: 'app/db', SecretString: CANARY }));
    await sm.send(new PutSecretValueCommand({ SecretId: 'app/db', SecretString: `${CANARY}-2` }));
    await sm.send(new PutSecretValueCommand({ SecretId: 'app/db', SecretBinary: Buffer.from(CANARY) }));
    await sm.send(new UpdateSecretCommand({ SecretId: 'app/db', SecretString: `${CANARY}-3` }));
    await sm.send(new CreateSecretCommand({ Name: 'app/bytes', SecretBinary: Buffer.from(CANARY) }));
    const kms = new KMSClient(config());
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId ?? assert.fail('no key');
    const { CiphertextBlob: blob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(CANARY) }));
    ciphertext = Buffer.from(blob ?? assert.fail('no ciphertext')).toString('base64');
    await kms.send(new DecryptCommand({ CiphertextBlob: blob }));
    await kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: keyId }));
    // A user who may read another parameter, and not the audit log.
    const iam = new IAMClient(config());
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:*:*:parameter/other` }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'read', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey ?? assert.fail('no key');
    reader = { accessKeyId: key.AccessKeyId ?? '', secretAccessKey: key.SecretAccessKey ?? '' };
    const readerSsm = new SSMClient(config(reader));
    await assert.rejects(readerSsm.send(new GetParameterCommand({ Name: PARAM, WithDecryption: true })), { name: 'AccessDeniedException' });
    readerSsm.destroy();
    kms.destroy();
    iam.destroy();
    ssm.destroy();
    sm.destroy();
  });
  after(async () => {
    trail.destroy();
    await kura.stop();
  });

  test('`aws cloudtrail lookup-events` by event name shows who read the parameter, the denial as CloudTrail records it', async () => {
    const { stdout } = await awsCli(kura, ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=GetParameter']);
    answers.push(stdout);
    const events = (JSON.parse(stdout) as { Events: Event[] }).Events;
    assert.deepEqual(events.map((e) => [e.EventName, e.Username, e.EventSource, e.ReadOnly]), [
      ['GetParameter', 'reader', 'ssm.amazonaws.com', 'true'],
      ['GetParameter', 'admin', 'ssm.amazonaws.com', 'true'],
    ]);
    const denied = JSON.parse(events[0]?.CloudTrailEvent ?? '{}') as Record<string, unknown>;
    assert.equal(denied.errorCode, 'AccessDenied');
    assert.match(String(denied.errorMessage), new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/db/password because no identity-based policy allows the ssm:GetParameter action$`));
    assert.equal((denied.userIdentity as { userName?: string }).userName, 'reader');
    assert.deepEqual(denied.requestParameters, { name: PARAM, withDecryption: true });
    assert.ok(events[1]?.Resources?.some((r) => r.ResourceType === 'AWS::SSM::Parameter' && r.ResourceName === `arn:aws:ssm:${kura.region}:${ACCOUNT}:parameter${PARAM}`));
  });

  test('SDK v3: every lookup attribute and paging', async () => {
    const byName = await lookup(trail, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: PARAM }] });
    assert.deepEqual(byName.Events?.map((e) => e.EventName), ['GetParameter', 'GetParameter', 'PutParameter']);
    const writes = await lookup(trail, { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }] });
    assert.ok(writes.Events?.every((e) => e.ReadOnly === 'false'));
    assert.ok(writes.Events?.some((e) => e.EventName === 'CreateSecret'));
    const byKey = await lookup(trail, { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: reader.accessKeyId }] });
    assert.deepEqual(byKey.Events?.map((e) => e.EventName), ['GetParameter']);
    const pages: string[][] = [];
    for await (const page of paginateLookupEvents({ client: trail, pageSize: 3 }, {})) {
      answers.push(JSON.stringify(page));
      pages.push((page.Events ?? []).map((e) => e.EventId ?? ''));
    }
    const all = pages.flat();
    assert.ok(pages.length > 3 && pages.every((p) => p.length <= 3));
    assert.equal(new Set(all).size, all.length, 'no event twice across pages');
    await assert.rejects(lookup(trail, { NextToken: 'forged' }), { name: 'InvalidNextTokenException' });
    await assert.rejects(lookup(trail, { StartTime: new Date(2030, 0, 2), EndTime: new Date(2030, 0, 1) }), { name: 'InvalidTimeRangeException' });
  });

  test('LookupEvents is authorized by cloudtrail:LookupEvents and audited as a read', async () => {
    const readerTrail = new CloudTrailClient({ endpoint: kura.url, region: kura.region, credentials: reader });
    await assert.rejects(readerTrail.send(new LookupEventsCommand({})), (error: Error) => {
      assert.equal(error.name, 'AccessDeniedException');
      assert.equal(error.message, `User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: cloudtrail:LookupEvents on resource: * because no identity-based policy allows the cloudtrail:LookupEvents action`);
      return true;
    });
    readerTrail.destroy();
    const lookups = await lookup(trail, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'LookupEvents' }], MaxResults: 50 });
    const first = lookups.Events?.[0] ?? assert.fail('no LookupEvents event');
    assert.equal(first.Username, 'reader');
    assert.equal(first.ReadOnly, 'true');
    assert.equal((JSON.parse(first.CloudTrailEvent ?? '{}') as { errorCode?: string }).errorCode, 'AccessDenied');
  });

  test('the canary is in no LookupEvents answer and no audit record', async () => {
    const everything = await awsCliJson<{ Events: Event[] }>(kura, ['cloudtrail', 'lookup-events']);
    assert.ok(everything.Events.length > 10);
    answers.push(JSON.stringify(everything));
    const canaries = [CANARY, CANARY_BASE64, ciphertext];
    const holds = (text: string) => canaries.find((c) => text.includes(c));
    for (const answer of answers) assert.equal(holds(answer), undefined, 'a LookupEvents answer holds the canary');
    // The parameters are there, without the values: every PutParameter's hidden.
    const puts = everything.Events.filter((e) => e.EventName === 'PutParameter').map((e) => (JSON.parse(e.CloudTrailEvent ?? '{}') as { requestParameters?: Record<string, unknown> }).requestParameters);
    assert.deepEqual(puts.map((p) => [p?.['name'], p?.['type'], p?.['value']]).sort(), [
      [PARAM, 'SecureString', 'HIDDEN_DUE_TO_SECURITY_REASONS'],
      [`${PARAM}-cli`, 'SecureString', 'HIDDEN_DUE_TO_SECURITY_REASONS'],
      [`${PARAM}-string`, 'String', 'HIDDEN_DUE_TO_SECURITY_REASONS'],
    ]);
    const { text } = await kuraAudit(kura);
    for (const operation of ['PutSecretValue', 'UpdateSecret', 'Decrypt', 'ReEncrypt']) assert.ok(text.includes(`"eventName":"${operation}"`), `the audit log has ${operation}`);
    assert.equal(holds(text), undefined, 'the audit log holds the canary');
    if (kura.storeUrl === undefined) {
      // With SQLite, the files themselves as the server wrote them.
      const dir = path.join(kura.dataDir, 'audit');
      const files = readdirSync(dir);
      assert.ok(files.length > 0);
      for (const file of files) assert.equal(holds(readFileSync(path.join(dir, file), 'utf8')), undefined, `${file} holds the canary`);
    }
  });
});
