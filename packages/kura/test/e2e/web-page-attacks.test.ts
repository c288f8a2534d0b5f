// What a web page the developer opens can do to a local `kura serve --dev`: nothing. A DNS-rebinding
// page signs with the well-known test/test for its own name, a cross-site form posts to the reset
// route, an <img> carries a presigned IAM call. Real clients (SDK v3, AWS CLI, boto3) work as before.
// Also: a client that hangs up mid-body is routine, not an error line.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { awsCliJson, boto3, kuraBin, startKura, type RunningKura } from './harness.js';

const CANARY = 'web-canary-3e9d1b77';
const DEV = { accessKeyId: 'test', secretAccessKey: 'test' };

interface Sent {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** Sends to the server's real address with whatever Host the caller names (fetch would not let us). */
function send(kura: RunningKura, options: { method?: string; path?: string; headers: Record<string, string>; body?: string }): Promise<Sent> {
  const url = new URL(kura.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: options.method ?? 'POST', path: options.path ?? '/', headers: options.headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(options.body ?? '');
  });
}

const signer = (credentials: { accessKeyId: string; secretAccessKey: string }, service: string) =>
  new SignatureV4({ credentials, region: 'us-east-1', service, sha256: Hash.bind(null, 'sha256') });

/** An SSM call signed for `host` (name:port), as a page would sign it for its own name. */
async function signedSsm(host: string, target: string, body: object, credentials = DEV): Promise<Record<string, string>> {
  const [hostname = '', port = ''] = host.split(':');
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: '/',
    headers: { host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonSSM.${target}` },
    body: JSON.stringify(body),
  });
  return (await signer(credentials, 'ssm').sign(request)).headers;
}

const hostOf = (kura: RunningKura) => new URL(kura.url).host;
const portOf = (kura: RunningKura) => Number(new URL(kura.url).port);
const logLines = (kura: RunningKura) =>
  kura
    .stdout()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const settle = () => new Promise((r) => setTimeout(r, 150));

async function getParameterAs(kura: RunningKura, host: string, extra: Record<string, string> = {}, credentials = DEV): Promise<Sent> {
  const body = { Name: '/web/secret', WithDecryption: true };
  return send(kura, { headers: { ...(await signedSsm(host, 'GetParameter', body, credentials)), ...extra }, body: JSON.stringify(body) });
}

async function seed(kura: RunningKura): Promise<void> {
  const client = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  await client.send(new PutParameterCommand({ Name: '/web/secret', Value: CANARY, Type: 'SecureString' }));
  client.destroy();
}

function hostRefusal(kura: RunningKura, host: string) {
  return {
    __type: 'HostNotAllowedException',
    message:
      `Kura refused this request: its Host header '${host}' does not name this server. This server accepts localhost, 127.0.0.1 or [::1] ` +
      `with port ${portOf(kura)}, and the names given with --allowed-host (a defence against DNS rebinding).`,
  };
}

describe('kura serve --dev against web pages', () => {
  let kura: RunningKura;
  let ssm: SSMClient;
  before(async () => {
    kura = await startKura({ args: ['--dev', '--log-level', 'debug'] });
    ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await ssm.send(new PutParameterCommand({ Name: '/web/secret', Value: CANARY, Type: 'SecureString' }));
  });
  after(async () => {
    ssm.destroy();
    await kura.stop();
  });

  test('a DNS-rebinding page signing test/test for its own name is refused, and learns nothing', async () => {
    const forgedHost = `evil.example:${portOf(kura)}`;
    const r = await getParameterAs(kura, forgedHost);
    assert.equal(r.status, 403);
    // Answered in the protocol of the request (SSM's AWS JSON 1.1), as every error is.
    assert.equal(r.headers['content-type'], 'application/x-amz-json-1.1');
    assert.deepEqual(JSON.parse(r.text), hostRefusal(kura, forgedHost));
    assert.ok(!r.text.includes(CANARY));
    // The very same request signed for the server's own address is served: only the name differs.
    const own = await getParameterAs(kura, hostOf(kura));
    assert.equal(own.status, 200);
    assert.equal(JSON.parse(own.text).Parameter.Value, CANARY);
    await settle();
    const logged = logLines(kura).find((l) => l.msg === 'request refused' && l.requestId === r.headers['x-amzn-requestid']);
    assert.deepEqual([logged?.level, logged?.errorCode, logged?.host], ['warn', 'HostNotAllowedException', forgedHost]);
    assert.ok(!kura.stdout().includes(CANARY) && !kura.stderr().includes(CANARY));
  });

  test('a request from another origin is refused; the server’s own origin is served', async () => {
    const r = await getParameterAs(kura, hostOf(kura), { origin: 'http://evil.example' });
    assert.equal(r.status, 403);
    assert.deepEqual(JSON.parse(r.text), {
      __type: 'CrossOriginRequestException',
      message:
        "Kura refused this request: it comes from a web page (Origin 'http://evil.example') other than this server. " +
        'AWS clients send no Origin header; Kura serves web pages only on its own origin.',
    });
    assert.equal((await getParameterAs(kura, hostOf(kura), { origin: `http://${hostOf(kura)}` })).status, 200);
  });

  test('a presigned IAM CreateUser in an <img> is refused, and no user is made', async () => {
    const presign = async (userName: string) => {
      const request = new HttpRequest({
        method: 'GET',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: portOf(kura),
        path: '/',
        query: { Action: 'CreateUser', UserName: userName, Version: '2010-05-08' },
        headers: { host: hostOf(kura) },
      });
      const signed = await signer(DEV, 'iam').presign(request, { expiresIn: 300 });
      return `/?${new URLSearchParams(signed.query as Record<string, string>).toString()}`;
    };
    // What a browser sends for <img src="http://127.0.0.1:PORT/?Action=CreateUser&...">: no Origin.
    const img = await send(kura, {
      method: 'GET',
      path: await presign('img-victim'),
      headers: { host: hostOf(kura), 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' },
    });
    assert.equal(img.status, 403);
    // An IAM request: the refusal is IAM's Query XML, in IAM's namespace.
    assert.match(img.text, /^<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>CrossOriginRequestException<\/Code>/);
    const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await assert.rejects(iam.send(new GetUserCommand({ UserName: 'img-victim' })), { name: 'NoSuchEntityException' });
    // The same kind of presigned URL from a real client (no browser marks) still works.
    const cli = await send(kura, { method: 'GET', path: await presign('presigned-ok'), headers: { host: hostOf(kura) } });
    assert.equal(cli.status, 200, cli.text);
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'presigned-ok' }))).User?.UserName, 'presigned-ok');
    iam.destroy();
  });

  test('HTTP/1.0 without a Host header is refused; with the server’s own Host it is served', async () => {
    const raw = (head: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(portOf(kura), '127.0.0.1', () => socket.end(`${head}\r\n\r\n`));
        let text = '';
        socket.on('data', (d: Buffer) => (text += d.toString()));
        socket.on('error', reject);
        socket.on('close', () => resolve(text));
      });
    const noHost = await raw('GET /_kura/health HTTP/1.0');
    assert.match(noHost, /^HTTP\/1\.1 403 Forbidden\r\n/);
    assert.match(noHost, /"__type":"HostNotAllowedException","message":"Kura refused this request: it has no Host header\./);
    assert.match(await raw(`GET /_kura/health HTTP/1.0\r\nHost: ${hostOf(kura)}`), /^HTTP\/1\.1 200 OK\r\n[\s\S]*\{"status":"ok","version":"[^"]+"\}$/);
  });

  test('SDK v3 (admin and test/test), the AWS CLI and boto3 work as before', async () => {
    assert.equal((await ssm.send(new GetParameterCommand({ Name: '/web/secret', WithDecryption: true }))).Parameter?.Value, CANARY);
    const asDev = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: DEV });
    assert.equal((await asDev.send(new PutParameterCommand({ Name: '/web/dev', Value: 'ok', Type: 'String' }))).Version, 1);
    asDev.destroy();
    const cli = await awsCliJson<{ Parameter: { Value: string } }>(kura, ['ssm', 'get-parameter', '--name', '/web/secret', '--with-decryption']);
    assert.equal(cli.Parameter.Value, CANARY);
    const localhost = { ...kura, clientEnv: { ...kura.clientEnv, AWS_ENDPOINT_URL: `http://localhost:${portOf(kura)}` } };
    assert.equal((await awsCliJson<{ Parameter: { Value: string } }>(localhost, ['ssm', 'get-parameter', '--name', '/web/dev'])).Parameter.Value, 'ok');
    assert.deepEqual(await boto3(kura, 'print(json.dumps(ssm.get_parameter(Name="/web/dev")["Parameter"]["Value"]))'), 'ok');
  });

  test('a client that hangs up mid-body is a debug line, not an error, and the server keeps serving', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(portOf(kura), '127.0.0.1', () => {
        socket.write(`POST / HTTP/1.1\r\nHost: ${hostOf(kura)}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2000\r\n\r\n${'{'.repeat(1000)}`);
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
    });
    await settle();
    const lines = logLines(kura);
    assert.deepEqual(lines.filter((l) => l.level === 'error'), []);
    const aborted = lines.filter((l) => l.msg === 'client aborted the request');
    assert.equal(aborted.length, 1);
    assert.equal(aborted[0]?.level, 'debug');
    assert.equal(typeof aborted[0]?.requestId, 'string');
    assert.equal((await fetch(`${kura.url}/_kura/health`)).status, 200);
  });

  test('POST /_kura/reset: a cross-site form and an unconfirmed post are refused and wipe nothing; x-kura-reset: yes resets', async () => {
    const form = await send(kura, {
      path: '/_kura/reset',
      headers: { host: hostOf(kura), origin: 'http://evil.example', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' },
      body: 'x=y',
    });
    assert.equal(form.status, 403);
    assert.equal(JSON.parse(form.text).__type, 'CrossOriginRequestException');
    const unconfirmed = await fetch(`${kura.url}/_kura/reset`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x=y' });
    assert.equal(unconfirmed.status, 403);
    assert.deepEqual(await unconfirmed.json(), {
      __type: 'ResetNotConfirmedException',
      message: "Kura refused this reset: POST /_kura/reset needs the header 'x-kura-reset: yes', which a web page cannot send.",
    });
    assert.equal((await ssm.send(new GetParameterCommand({ Name: '/web/secret', WithDecryption: true }))).Parameter?.Value, CANARY, 'nothing was wiped');
    const confirmed = await fetch(`${kura.url}/_kura/reset`, { method: 'POST', headers: { 'x-kura-reset': 'yes' } });
    assert.equal(confirmed.status, 200);
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/web/secret' })), { name: 'ParameterNotFound' });
  });
});

describe('--allowed-host', () => {
  test('in --dev: the named host is served on any port, loopback still is, other names are refused', async () => {
    const kura = await startKura({ args: ['--dev', '--allowed-host', 'kura.test'] });
    try {
      await seed(kura);
      assert.equal((await getParameterAs(kura, `kura.test:${portOf(kura)}`)).status, 200);
      assert.equal((await getParameterAs(kura, 'kura.test:8443')).status, 200, 'a proxy or port mapping in front');
      assert.equal((await getParameterAs(kura, hostOf(kura))).status, 200);
      const other = await getParameterAs(kura, `other.test:${portOf(kura)}`);
      assert.equal(other.status, 403);
      assert.deepEqual(JSON.parse(other.text), hostRefusal(kura, `other.test:${portOf(kura)}`));
    } finally {
      await kura.stop();
    }
  });

  test('without --dev: any Host is served by default; with --allowed-host only those names and loopback', async () => {
    const open = await startKura();
    const restricted = await startKura({ args: ['--allowed-host', 'kura.test'] });
    try {
      for (const kura of [open, restricted]) await seed(kura);
      assert.equal((await getParameterAs(open, `anything.example:${portOf(open)}`, {}, open.credentials)).status, 200);
      assert.equal((await getParameterAs(restricted, `kura.test:${portOf(restricted)}`, {}, restricted.credentials)).status, 200);
      assert.equal((await getParameterAs(restricted, hostOf(restricted), {}, restricted.credentials)).status, 200);
      const refused = await getParameterAs(restricted, `anything.example:${portOf(restricted)}`, {}, restricted.credentials);
      assert.equal(refused.status, 403);
      assert.equal(JSON.parse(refused.text).__type, 'HostNotAllowedException');
      // Origin is judged in every mode.
      assert.equal((await getParameterAs(open, hostOf(open), { origin: 'http://evil.example' }, open.credentials)).status, 403);
    } finally {
      await Promise.all([open.stop(), restricted.stop()]);
    }
  });

  test('a name with a port is a start-up error', () => {
    const run = spawnSync(process.execPath, [kuraBin, 'serve', '--port', '0', '--allowed-host', 'kura.test:443'], { env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 15_000 });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, "kura serve: --allowed-host takes a host name or an IP address without a port (any port is accepted), not 'kura.test:443'\n");
  });
});
