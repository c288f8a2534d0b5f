// `kura serve --seed` with what teams routinely declare: KMS key rotation, parameter labels,
// permissions boundaries, a binary secret and ARNs written with ${AWS::…} pseudo parameters. Applied at start, a
// restart that writes and reports nothing, drift reported by name and corrected, and
// `kura seed export` writing all of it back: exported, applied to an empty server, exported again,
// the same file.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { GetRoleCommand, GetUserCommand, IAMClient, PutUserPermissionsBoundaryCommand } from '@aws-sdk/client-iam';
import { DisableKeyRotationCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, GetParameterHistoryCommand, LabelParameterVersionCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { kuraBin, startKura, type RunningKura } from './harness.js';
import { seedLines } from './seed-lines.js';

const run = promisify(execFile);
const KEY_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const SEED = `region: us-east-1
kms:
  keys:
    - keyId: ${KEY_ID}
      aliases: [alias/declared]
      rotation: {enabled: true, periodDays: 180}
ssm:
  parameters:
    - name: /declared/topic
      type: String
      value: "arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:events"
      labels: [prod, live]
iam:
  policies:
    - name: fence
      document:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ssm:GetParameter
            Resource: "arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/home/\${aws:username}/*"
  users:
    - name: dev
      permissionsBoundary: fence
  roles:
    - name: task
      assumeRolePolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:user/dev" }
            Action: sts:AssumeRole
      permissionsBoundary: "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/fence"
secretsmanager:
  secrets:
    - name: app/cert
      valueBinaryFromEnv: CERT
`;
const CERT = Buffer.from([0, 1, 2, 250, 255, 10]);
const ENV = { CERT: CERT.toString('base64') };
const FENCE = 'arn:aws:iam::000000000000:policy/fence';
const client = <T>(Client: new (config: object) => T, kura: RunningKura) => new Client({ endpoint: kura.url, region: 'us-east-1', credentials: kura.credentials });

describe('kura serve --seed with rotation, labels, boundaries and pseudo parameters', () => {
  let kura: RunningKura;
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-e2e-seed-declared-'));
  const dataDir = path.join(dir, 'data');
  const seed = path.join(dir, 'seed.yaml');
  before(async () => {
    writeFileSync(seed, SEED);
    kura = await startKura({ dataDir, args: ['--seed', seed], env: ENV });
  });
  after(async () => {
    await kura.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('applies every field at start, substituting the account, region and partition', async () => {
    assert.ok((await seedLines(kura)).includes('seed: /declared/topic: labels differ (prod, live), put on version 1'));
    const kms = client(KMSClient, kura);
    const ssm = client(SSMClient, kura);
    const iam = client(IAMClient, kura);
    const sm = client(SecretsManagerClient, kura);
    try {
      assert.deepEqual(Buffer.from((await sm.send(new GetSecretValueCommand({ SecretId: 'app/cert' }))).SecretBinary ?? []), CERT);
      const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: KEY_ID }));
      assert.deepEqual([status.KeyRotationEnabled, status.RotationPeriodInDays], [true, 180]);
      const labelled = await ssm.send(new GetParameterCommand({ Name: '/declared/topic:prod' }));
      assert.deepEqual([labelled.Parameter?.Value, labelled.Parameter?.Version], ['arn:aws:sns:us-east-1:000000000000:events', 1]);
      assert.equal((await iam.send(new GetUserCommand({ UserName: 'dev' }))).User?.PermissionsBoundary?.PermissionsBoundaryArn, FENCE);
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'task' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn, FENCE);
    } finally {
      for (const c of [kms, ssm, iam, sm]) c.destroy();
    }
  });

  test('a restart writes and reports nothing; drift is reported by name and corrected', async () => {
    await kura.stop();
    kura = await startKura({ dataDir, keepDataDir: true, args: ['--seed', seed], env: ENV });
    assert.deepEqual(await seedLines(kura), []);
    const kms = client(KMSClient, kura);
    const ssm = client(SSMClient, kura);
    const iam = client(IAMClient, kura);
    await kms.send(new DisableKeyRotationCommand({ KeyId: KEY_ID }));
    await ssm.send(new PutParameterCommand({ Name: '/declared/topic', Value: 'other', Type: 'String', Overwrite: true }));
    await ssm.send(new LabelParameterVersionCommand({ Name: '/declared/topic', ParameterVersion: 2, Labels: ['prod', 'mine'] }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'dev', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' }));
    await kura.stop();
    kura = await startKura({ dataDir, keepDataDir: true, args: ['--seed', seed], env: ENV });
    assert.deepEqual(await seedLines(kura), [
      `seed: KMS key ${KEY_ID}: rotation differs, updated`,
      'seed: /declared/topic: value differs, new version 3',
      'seed: /declared/topic: labels differ (prod, live), put on version 3',
      'seed: user dev: permissions boundary differs, updated',
    ]);
    const ssmAgain = client(SSMClient, kura);
    try {
      const history = await ssmAgain.send(new GetParameterHistoryCommand({ Name: '/declared/topic' }));
      assert.deepEqual(history.Parameters?.map((p) => [p.Version, [...(p.Labels ?? [])].sort()]), [[1, []], [2, ['mine']], [3, ['live', 'prod']]], 'a label the seed does not name stays');
    } finally {
      for (const c of [kms, ssm, iam, ssmAgain]) c.destroy();
    }
  });

  test('kura seed export writes it all back, with the pseudo parameters in ARNs; applied to an empty server and exported again, the same file', async () => {
    const file = path.join(dir, 'exported.yaml');
    await run(process.execPath, [kuraBin, 'seed', 'export', '--decrypt', '--out', file], { env: kura.clientEnv });
    const exported = readFileSync(file, 'utf8');
    assert.match(exported, /rotation:\n\s+enabled: true\n\s+periodDays: 180/);
    assert.match(exported, /labels:\n\s+- live\n\s+- prod/);
    assert.match(exported, /permissionsBoundary: arn:\$\{AWS::Partition\}:iam::\$\{AWS::AccountId\}:policy\/fence/);
    assert.match(exported, /value: arn:\$\{AWS::Partition\}:sns:\$\{AWS::Region\}:\$\{AWS::AccountId\}:events/);
    assert.match(exported, /parameter\/home\/\$\{aws:username\}\/\*/);
    assert.ok(exported.includes(`valueBinaryBase64: ${ENV.CERT}\n`), 'the binary secret, in base64');
    assert.ok(!exported.includes('000000000000'), 'no ARN names the account');
    const second = await startKura({ args: ['--seed', file] });
    try {
      const again = path.join(dir, 'again.yaml');
      await run(process.execPath, [kuraBin, 'seed', 'export', '--decrypt', '--out', again], { env: second.clientEnv });
      assert.equal(readFileSync(again, 'utf8'), exported);
    } finally {
      await second.stop();
    }
  });
});
