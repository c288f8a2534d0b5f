// The direct reader (src/inject/direct: no AWS SDK, `kura exec`'s fast start) against a real
// `kura serve`, held against the SDK reader: the same parameters for paths (recursive or not), names
// with versions and labels, SecureStrings and secrets; the same line for missing names and denied
// reads; and `kura exec` itself handing the program the same environment on either path.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LabelParameterVersionCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { ReadPlan } from '../../src/inject/fetch.js';
import { plan, readVia, type Ending } from '../../src/inject/direct/testing/pin.js';
import { PREFIX, VALUES, report, runExec, seedReferenceDesign, writeProbe, type Probe } from './exec-kit.js';
import { startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';

describe('the direct reader against kura serve, held against the SDK reader', () => {
  let kura: RunningKura;
  let probe: Probe;
  let restricted: Record<string, string>;
  const awsEnv = (env: NodeJS.ProcessEnv): Record<string, string> => Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('AWS_') && e[1] !== undefined));

  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    await seedReferenceDesign(kura);
    probe = writeProbe();
    const client = { endpoint: kura.url, region: kura.region, credentials: kura.credentials };
    const ssm = new SSMClient(client);
    await ssm.send(new PutParameterCommand({ Name: '/app/nested/deep/key', Value: 'deep', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/app/flag', Value: 'one', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/app/flag', Value: 'two', Type: 'String', Overwrite: true }));
    await ssm.send(new LabelParameterVersionCommand({ Name: '/app/flag', ParameterVersion: 1, Labels: ['stable'] }));
    for (let i = 0; i < 12; i += 1) await ssm.send(new PutParameterCommand({ Name: `/app/many/p${String(i).padStart(2, '0')}`, Value: `v${i}`, Type: i % 2 ? 'SecureString' : 'String' }));
    ssm.destroy();
    const secrets = new SecretsManagerClient(client);
    await secrets.send(new CreateSecretCommand({ Name: 'app/db', SecretString: JSON.stringify({ username: 'app', password: 'p@ss w0rd' }) }));
    secrets.destroy();
    const iam = new IAMClient(client);
    await iam.send(new CreateUserCommand({ UserName: 'task' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/goecssample/*` },
        { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' },
      ],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: 'task', PolicyName: 'reference', PolicyDocument: JSON.stringify(policy) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'task' }));
    iam.destroy();
    restricted = { ...awsEnv(kura.clientEnv), AWS_ACCESS_KEY_ID: AccessKey?.AccessKeyId ?? '', AWS_SECRET_ACCESS_KEY: AccessKey?.SecretAccessKey ?? '' };
  });
  after(async () => {
    probe.cleanup();
    await kura.stop();
  });

  /** Both readers, the same plan and credentials: the same ending. */
  async function same(read: ReadPlan, env = awsEnv(kura.clientEnv)): Promise<Ending> {
    const sdk = await readVia('sdk', env, read);
    assert.deepEqual(await readVia('direct', env, read), sdk);
    return sdk;
  }

  test('paths, with and without --recursive, paged, SecureStrings decrypted', async () => {
    const reference = await same(plan({ paths: [PREFIX] }));
    assert.ok('fetched' in reference);
    const found = (reference.fetched as { paths: Map<string, Array<{ name: string; value: string }>> }).paths.get(PREFIX) ?? [];
    assert.equal(found.find((p) => p.name.endsWith('/password'))?.value, VALUES.password);
    const many = await same(plan({ paths: ['/app/many'] }));
    assert.equal(('fetched' in many && (many.fetched as { paths: Map<string, unknown[]> }).paths.get('/app/many')?.length) || 0, 12, 'two pages');
    await same(plan({ paths: ['/app'], recursive: true }));
    await same(plan({ paths: ['/app', PREFIX], recursive: false }));
  });

  test('names, with a version and a label; a missing name', async () => {
    const named = await same(plan({ parameters: ['/app/flag', '/app/flag:1', '/app/flag:stable', `${PREFIX}/password`] }));
    assert.ok('fetched' in named);
    assert.deepEqual([...(named.fetched as { values: Map<string, string> }).values.entries()].sort(), [
      ['/app/flag', 'two'],
      ['/app/flag:1', 'one'],
      ['/app/flag:stable', 'one'],
      [`${PREFIX}/password`, VALUES.password],
    ]);
    assert.deepEqual(await same(plan({ parameters: ['/app/flag', '/app/nope'] })), { line: 'parameter not found: /app/nope', exitCode: 3 });
    const manyNames = Array.from({ length: 12 }, (_, i) => `/app/many/p${String(i).padStart(2, '0')}`);
    assert.ok('fetched' in (await same(plan({ parameters: manyNames }))), 'two GetParameters calls');
  });

  test('secrets: by name, by stage; a missing one', async () => {
    const found = await same(plan({ secrets: [{ spec: 'app/db', secretId: 'app/db' }, { spec: 'app/db::AWSCURRENT', secretId: 'app/db', versionStage: 'AWSCURRENT' }] }));
    assert.ok('fetched' in found);
    const missing = await same(plan({ secrets: [{ spec: 'app/nope', secretId: 'app/nope' }] }));
    assert.ok('line' in missing && missing.line.startsWith('cannot read secret app/nope: ResourceNotFoundException: '), JSON.stringify(missing));
  });

  test('a denied read: the same AccessDeniedException line', async () => {
    const denied = await same(plan({ paths: [PREFIX] }), restricted);
    assert.ok('line' in denied && /^cannot read --path \/goecssample\/database\/sample\/master: AccessDeniedException: .*ssm:GetParametersByPath/.test(denied.line), JSON.stringify(denied));
    assert.ok('fetched' in (await same(plan({ parameters: [`${PREFIX}/password`] }), restricted)), 'what the policy allows is read');
    const outside = await same(plan({ parameters: ['/app/flag'] }), restricted);
    assert.ok('line' in outside && outside.line.includes('AccessDeniedException'), JSON.stringify(outside));
  });

  test('kura exec: the program gets the same environment whether Kura reads directly or through the SDK', async () => {
    const config = path.join(probe.dir, 'aws-config');
    writeFileSync(config, ''); // exists, so the SDK reads: the same settings, the other path
    const args = ['--path', PREFIX, '--prefix', 'DB_', '--map', 'FLAG=/app/flag:stable', '--map', 'DB_JSON=secretsmanager://app/db', '--', probe.file, 'report'];
    const direct = await runExec(args, kura.clientEnv);
    const sdk = await runExec(args, { ...kura.clientEnv, AWS_CONFIG_FILE: config });
    assert.equal(direct.code, 0, direct.stderr);
    assert.equal(sdk.code, 0, sdk.stderr);
    assert.equal(direct.stderr, sdk.stderr);
    const { AWS_CONFIG_FILE: _, ...sdkEnv } = report(sdk).env;
    const { AWS_CONFIG_FILE: __, ...directEnv } = report(direct).env;
    assert.deepEqual(directEnv, sdkEnv);
    assert.equal(directEnv.DB_PASSWORD, VALUES.password);
    assert.equal(directEnv.FLAG, 'one');
  });

  test('over HTTPS: a certificate from a private CA trusted with NODE_EXTRA_CA_CERTS, and refused without it', async (t) => {
    const cert = path.join(probe.dir, 'cert.pem');
    const key = path.join(probe.dir, 'key.pem');
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    } catch {
      t.skip('openssl is not available to make a certificate');
      return;
    }
    const tls = await startKura({ args: ['--tls-cert', cert, '--tls-key', key] });
    try {
      assert.match(tls.url, /^https:/);
      const ssm = new SSMClient({ endpoint: tls.url, region: tls.region, credentials: tls.credentials, requestHandler: { httpsAgent: new Agent({ ca: readFileSync(cert) }) } });
      await ssm.send(new PutParameterCommand({ Name: `${PREFIX}/password`, Value: VALUES.password, Type: 'SecureString' }));
      ssm.destroy();
      const config = path.join(probe.dir, 'aws-config-tls');
      writeFileSync(config, '');
      const args = ['--path', PREFIX, '--prefix', 'DB_', '--', probe.file, 'report'];
      const trusted = { ...tls.clientEnv, NODE_EXTRA_CA_CERTS: cert };
      const [direct, sdk] = [await runExec(args, trusted), await runExec(args, { ...trusted, AWS_CONFIG_FILE: config })];
      assert.equal(direct.code, 0, direct.stderr);
      assert.equal(sdk.code, 0, sdk.stderr);
      assert.equal(report(direct).env.DB_PASSWORD, VALUES.password);
      assert.equal(report(sdk).env.DB_PASSWORD, VALUES.password);
      const [untrustedDirect, untrustedSdk] = [await runExec(args, tls.clientEnv), await runExec(args, { ...tls.clientEnv, AWS_CONFIG_FILE: config })];
      assert.equal(untrustedDirect.code, 3);
      assert.equal(untrustedDirect.stderr, untrustedSdk.stderr);
      assert.match(untrustedDirect.stderr, /^kura exec: cannot read --path \/goecssample\/database\/sample\/master: .*self[- ]signed certificate/);
    } finally {
      await tls.stop();
    }
  });
});
