// kura apply writes only to a Kura server: pointed anywhere else (AWS itself, when AWS_ENDPOINT_URL
// was forgotten; here a stand-in that answers STS but is no Kura), it stops after one
// GetCallerIdentity, before reading or writing anything, and says why.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { kuraBin } from './harness.js';

const run = promisify(execFile);
const seen: string[] = [];
let server: http.Server;
let url: string;
const dir = mkdtempSync(path.join(tmpdir(), 'kura-apply-not-kura-'));
const template = path.join(dir, 'Stack.template.json');

const IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
<Arn>arn:aws:iam::123456789012:user/someone</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>
</GetCallerIdentityResult><ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

before(async () => {
  writeFileSync(template, JSON.stringify({ Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/x', Type: 'String', Value: 'v' } } } }));
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${req.headers['x-amz-target'] ?? new URLSearchParams(body).get('Action') ?? ''}`);
      if (req.method === 'POST' && body.includes('Action=GetCallerIdentity')) {
        res.writeHead(200, { 'content-type': 'text/xml' }).end(IDENTITY);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

for (const extra of [[], ['--dry-run'], ['--delete']]) {
  test(`kura apply ${extra.join(' ') || '(apply)'} refuses an endpoint that is not Kura, before anything else`, async () => {
    seen.length = 0;
    const failure = await run(process.execPath, [kuraBin, 'apply', template, '--endpoint-url', url, ...extra], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE00',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      },
    }).then(
      () => assert.fail('kura apply wrote to a server that is not Kura'),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(failure.code, 1);
    assert.match(
      failure.stderr,
      new RegExp(`kura apply writes only to a Kura server, and ${url.replace(/[.]/g, '\\.')} is not one \\(it does not answer GET /_kura/health as Kura does\\)\\. Point it at Kura with AWS_ENDPOINT_URL or --endpoint-url; to deploy the template to AWS, use CloudFormation \\(cdk deploy\\)\\.`),
    );
    assert.deepEqual(seen, ['POST / GetCallerIdentity', 'GET /_kura/health ']);
  });
}
