// `kura serve --seed` declaring a secret's rotation, with a rotation function registered as a
// command (it records each step it is invoked for): rotation configured at the first start without
// rotating (testSecret only, once the server listens; AWSCURRENT unchanged, no AWSPENDING left), a
// restart that writes and reports nothing, a changed schedule corrected, a function the server
// does not run refused before anything is written, and `kura seed export` writing the rotation
// back: exported, applied to an empty server, exported again, the same file.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { kuraBin, startKura, type RunningKura } from './harness.js';
import { seedLines } from './seed-lines.js';
import { quoteWord } from './rotation-kit.js';

const run = promisify(execFile);
const FN = 'arn:aws:lambda:us-east-1:000000000000:function:rotator';
const seedFile = (schedule: string, fn = 'rotator') => `region: us-east-1
iam:
  roles:
    - name: seed-rotator
      assumeRolePolicy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]}
secretsmanager:
  secrets:
    - name: app/api-key
      valueFromEnv: API_KEY
      rotation:
        function: "arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${fn}"
        ${schedule}
`;
const ENV = { API_KEY: 'api-key-1' };

describe('kura serve --seed with a secret rotation', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-e2e-seed-rotation-'));
  const dataDir = path.join(dir, 'data');
  const seed = path.join(dir, 'seed.yaml');
  const steps = path.join(dir, 'steps.log');
  const script = path.join(dir, 'rotator.mjs');
  // A function that records the step it is invoked for and whether it reached the server (never a value), and succeeds.
  const registered = ['--rotation-function', `rotator=${[process.execPath, script].map(quoteWord).join(' ')}`, '--rotation-role', 'rotator=seed-rotator'];
  let kura: RunningKura;
  const start = (keep = true) => startKura({ dataDir, keepDataDir: keep, args: ['--seed', seed, ...registered], env: ENV });
  const client = () => new SecretsManagerClient({ endpoint: kura.url, region: 'us-east-1', credentials: kura.credentials });
  const recorded = () => (existsSync(steps) ? readFileSync(steps, 'utf8').split('\n').filter(Boolean) : []);

  /** Waits until the function has run testSecret `count` times and no AWSPENDING is left; the secret as it then is. */
  async function tested(count: number) {
    const sm = client();
    try {
      for (let i = 0; ; i += 1) {
        const described = await sm.send(new DescribeSecretCommand({ SecretId: 'app/api-key' }));
        const pending = Object.values(described.VersionIdsToStages ?? {}).some((s) => s.includes('AWSPENDING'));
        if (recorded().filter((line) => line.startsWith('testSecret ')).length >= count && !pending) {
          const value = (await sm.send(new GetSecretValueCommand({ SecretId: 'app/api-key' }))).SecretString;
          return { described, value };
        }
        if (i > 300) throw new Error(`the rotation test did not end:\n${kura.stdout().slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      sm.destroy();
    }
  }

  before(async () => {
    // Whether the server answers at the endpoint the function is given: the seed's rotations wait until it listens.
    const reach = "await fetch(process.env.AWS_ENDPOINT_URL + '/_kura/health').then(() => 'reached', () => 'unreachable')";
    writeFileSync(script, `import { appendFileSync } from 'node:fs';\nconst event = JSON.parse(process.env.KURA_ROTATION_EVENT);\nconst server = ${reach};\nappendFileSync(${JSON.stringify(steps)}, event.Step + ' ' + server + '\\n');\n`);
    writeFileSync(seed, seedFile('automaticallyAfterDays: 30'));
    kura = await start(false);
  });
  after(async () => {
    await kura.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('configured at the first start without rotating: testSecret only, AWSCURRENT unchanged, no AWSPENDING left', async () => {
    assert.deepEqual(await seedLines(kura), ['seed: role seed-rotator: created', 'seed: secret app/api-key: created', 'seed: secret app/api-key: rotation turned on']);
    const { described, value } = await tested(1);
    assert.deepEqual([described.RotationEnabled, described.RotationLambdaARN, described.RotationRules], [true, FN, { AutomaticallyAfterDays: 30 }]);
    assert.deepEqual(Object.values(described.VersionIdsToStages ?? {}), [['AWSCURRENT']]);
    assert.equal(described.LastRotatedDate, undefined, 'never rotated');
    assert.equal(value, ENV.API_KEY);
    assert.deepEqual(recorded(), ['testSecret reached'], 'run once the server listened');
  });

  test('a restart writes and reports nothing, and invokes nothing', async () => {
    await kura.stop();
    kura = await start();
    assert.deepEqual(await seedLines(kura), []);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(recorded(), ['testSecret reached']);
  });

  test('a changed schedule is corrected by name, still without rotating', async () => {
    await kura.stop();
    writeFileSync(seed, seedFile('scheduleExpression: rate(7 days)\n        duration: 3h'));
    kura = await start();
    assert.deepEqual(await seedLines(kura), ['seed: secret app/api-key: rotation differs, updated']);
    const { described, value } = await tested(2);
    assert.deepEqual(described.RotationRules, { ScheduleExpression: 'rate(7 days)', Duration: '3h' });
    assert.deepEqual(Object.values(described.VersionIdsToStages ?? {}), [['AWSCURRENT']]);
    assert.equal(value, ENV.API_KEY);
    assert.deepEqual(recorded(), ['testSecret reached', 'testSecret reached']);
  });

  test('a function the server does not run is refused with exit 2, naming the secret, the function and how to register it; nothing is written', () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, seedFile('automaticallyAfterDays: 30', 'rotate-db'));
    const data = path.join(dir, 'bad-data');
    const result = spawnSync(process.execPath, [kuraBin, 'serve', '--port', '0', '--data', data, '--seed', bad, ...registered], {
      cwd: dir,
      env: { PATH: process.env.PATH, ...ENV },
      encoding: 'utf8',
      timeout: 15_000,
    });
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      'kura serve: the seed is invalid, nothing was written:\n  bad.yaml: secretsmanager.secrets[0].rotation.function: secret app/api-key: rotation function rotate-db is not registered on this server: ' +
        'register it with kura serve --rotation-function rotate-db=COMMAND --rotation-role rotate-db=ROLE, or KURA_ROTATION_FUNCTION and KURA_ROTATION_ROLE (docs/operations.md)\n',
    );
    assert.equal(existsSync(data), false, 'not even the data directory');
  });

  test('kura seed export writes the rotation; applied to an empty server and exported again, the same file', async () => {
    const file = path.join(dir, 'exported.yaml');
    await run(process.execPath, [kuraBin, 'seed', 'export', '--decrypt', '--out', file], { env: kura.clientEnv });
    const exported = readFileSync(file, 'utf8');
    assert.match(exported, /rotation:\n\s+function: arn:\$\{AWS::Partition\}:lambda:\$\{AWS::Region\}:\$\{AWS::AccountId\}:function:rotator\n\s+scheduleExpression: rate\(7 days\)\n\s+duration: 3h\n/);
    const second = await startKura({ args: ['--seed', file, ...registered] });
    try {
      assert.ok((await seedLines(second)).includes('seed: secret app/api-key: rotation turned on'));
      const again = path.join(dir, 'again.yaml');
      await run(process.execPath, [kuraBin, 'seed', 'export', '--decrypt', '--out', again], { env: second.clientEnv });
      assert.equal(readFileSync(again, 'utf8'), exported);
    } finally {
      await second.stop();
    }
  });
});
