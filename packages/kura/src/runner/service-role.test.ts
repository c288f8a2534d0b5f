// The request run-task sends for KuraAssumeRoleAsService and how it reads the answer. That Kura
// accepts the signature and applies the trust policy is shown end to end (test/e2e/run-task*).

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ServiceRoleError, assumeRoleAsService, tag } from './service-role.js';

describe('assumeRoleAsService', () => {
  let url: string;
  let seen: { req: IncomingMessage; body: string } | undefined;
  let answer: { status: number; body: string };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen = { req, body };
      res.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body);
    });
  });
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const admin = { accessKeyId: 'AKIAADMIN00000000001', secretAccessKey: 'admin-secret' };
  const request = { roleArn: 'arn:aws:iam::123456789012:role/task', sessionName: 'abc123', durationSeconds: 3600, sourceArn: 'arn:aws:ecs:us-east-1:123456789012:task/default/abc123' };

  it('POSTs the Query action, SigV4-signed for sts by the administrator, and reads the credentials', async () => {
    answer = {
      status: 200,
      body: `<KuraAssumeRoleAsServiceResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><KuraAssumeRoleAsServiceResult>
        <Credentials><AccessKeyId>ASIAXYZ</AccessKeyId><SecretAccessKey>s/e+c&amp;r</SecretAccessKey><SessionToken>tok==</SessionToken><Expiration>2030-01-01T01:00:00Z</Expiration></Credentials>
        <AssumedRoleUser><AssumedRoleId>AROA1:abc123</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/task/abc123</Arn></AssumedRoleUser>
      </KuraAssumeRoleAsServiceResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></KuraAssumeRoleAsServiceResponse>`,
    };
    const creds = await assumeRoleAsService(url, 'us-east-1', admin, request);
    assert.deepEqual(creds, {
      accessKeyId: 'ASIAXYZ',
      secretAccessKey: 's/e+c&r',
      sessionToken: 'tok==',
      expiration: new Date('2030-01-01T01:00:00Z'),
      assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/task/abc123',
    });
    assert.equal(seen?.req.method, 'POST');
    assert.match(String(seen?.req.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIAADMIN00000000001\/\d{8}\/us-east-1\/sts\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(seen?.body)), {
      Action: 'KuraAssumeRoleAsService',
      Version: '2011-06-15',
      RoleArn: request.roleArn,
      RoleSessionName: 'abc123',
      ServicePrincipal: 'ecs-tasks.amazonaws.com',
      DurationSeconds: '3600',
      SourceArn: request.sourceArn,
    });
  });

  it('turns an STS error into a ServiceRoleError with its code and message', async () => {
    answer = {
      status: 403,
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Service: ecs-tasks.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::1:role/x</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
    };
    await assert.rejects(assumeRoleAsService(url, 'us-east-1', admin, request), (e: unknown) => {
      assert.ok(e instanceof ServiceRoleError);
      assert.equal(e.code, 'AccessDenied');
      assert.equal(e.requestId, 'r-2');
      assert.match(e.message, /^Service: ecs-tasks\.amazonaws\.com is not authorized/);
      return true;
    });
  });

  it('says plainly when Kura cannot be reached', async () => {
    await assert.rejects(assumeRoleAsService('http://127.0.0.1:1', 'us-east-1', admin, request), /cannot reach Kura at http:\/\/127\.0\.0\.1:1/);
  });

  it('decodes XML entities in element text', () => {
    assert.equal(tag('<M>a &lt;b&gt; &#39;c&#x27; &quot;</M>', 'M'), `a <b> 'c' "`);
    assert.equal(tag('<M>x</M>', 'N'), undefined);
  });
});
