#!/usr/bin/env node
// `npm run demo`: the reference design's whole story on one machine, step by step. Self-contained: it
// starts its own `kura serve` (free loopback port, temporary data directory, its own administrator),
// prepares its own database and user on the local MariaDB (DEMO_MYSQL_URL overrides root@127.0.0.1:3306),
// creates the KMS key, the five parameters, the task role and its least-privilege policy, runs the posts
// API with `kura run-task`, calls it, shows what the task role may not do, and cleans everything up.
// Exits non-zero if any step fails.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import mysql from 'mysql2/promise';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const kuraBin = path.join(root, 'packages/kura/bin/kura.js');
const app = path.join(root, 'examples/posts-api');
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const PREFIX = '/goecssample/database/sample/master';
const started = Date.now();
const cleanups = [];
let step = 0;

const say = (text) => process.stdout.write(`${text}\n`);
const heading = (text) => say(`\n[${++step}] ${text}`);
const detail = (text) => say(`    ${text}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last ? `: ${last.message}` : ''}`);
}

/** The process environment without anything AWS or Kura: the demo decides every credential itself. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|KURA_)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

async function startKura(dataDir, admin) {
  const port = await freePort();
  const child = spawn(process.execPath, [kuraBin, 'serve', '--port', String(port), '--data', dataDir, '--account-id', ACCOUNT, '--log-level', 'warn'], {
    env: cleanEnv({ KURA_ADMIN_ACCESS_KEY_ID: admin.accessKeyId, KURA_ADMIN_SECRET_ACCESS_KEY: admin.secretAccessKey }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  cleanups.push(() => stopProcess(child, 'kura serve'));
  const url = `http://127.0.0.1:${port}`;
  await waitFor('kura serve start', async () => (await fetch(`${url}/_kura/health`)).ok).catch((error) => {
    throw new Error(`${error.message}\n${stderr}`);
  });
  return url;
}

function stopProcess(child, name) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  }).then(() => detail(`${name} stopped`));
}

async function prepareDatabase(password) {
  const url = new URL(process.env.DEMO_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
  const admin = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  });
  const suffix = randomBytes(4).toString('hex');
  const db = { host: url.hostname, port: String(url.port || 3306), name: `kura_demo_${suffix}`, user: `kura_demo_${suffix}` };
  await admin.query(`CREATE DATABASE \`${db.name}\``);
  // Both host forms: a TCP connection from 127.0.0.1 may be matched as 'localhost' before '%'.
  for (const host of ['%', 'localhost']) {
    await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [db.user, host, password]);
    await admin.query(`GRANT SELECT, INSERT, UPDATE, CREATE, INDEX ON \`${db.name}\`.* TO ?@?`, [db.user, host]);
  }
  cleanups.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${db.name}\``);
    for (const host of ['%', 'localhost']) await admin.query('DROP USER IF EXISTS ?@?', [db.user, host]);
    await admin.end();
    detail(`database ${db.name} and user ${db.user} dropped`);
  });
  return db;
}

function run(command, args, env, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${label} exited with ${code}:\n${out}`))));
  });
}

async function main() {
  say('Kura demo: the reference design (ECS Fargate + Parameter Store + KMS + IAM) on one machine');
  const work = mkdtempSync(path.join(tmpdir(), 'kura-demo-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const admin = { accessKeyId: `AKIADEMO${randomBytes(6).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };

  heading('Start kura serve (own data directory, own administrator)');
  const endpoint = await startKura(path.join(work, 'data'), admin);
  detail(`serving on ${endpoint}, account ${ACCOUNT}`);
  const clientConfig = { endpoint, region: REGION, credentials: admin };
  const kms = new KMSClient(clientConfig);
  const ssm = new SSMClient(clientConfig);
  const iam = new IAMClient(clientConfig);
  const sts = new STSClient(clientConfig);

  heading('Prepare MariaDB: a database, a user and the posts table');
  const dbPassword = randomBytes(18).toString('base64url');
  const db = await prepareDatabase(dbPassword);
  await run(process.execPath, [path.join(app, 'dist/migrate.js')], cleanEnv({ DB_USER: db.user, DB_PASSWORD: dbPassword, DB_HOST: db.host, DB_NAME: db.name, DB_PORT: db.port }), 'migrate');
  detail(`database ${db.name}, user ${db.user}, table posts seeded`);

  heading('aws kms create-key --description go-ecs-sample');
  const key = (await kms.send(new CreateKeyCommand({ Description: 'go-ecs-sample' }))).KeyMetadata;
  detail(`KeyId ${key.KeyId} (${key.KeySpec}, ${key.KeyState})`);

  heading(`Put the five parameters under ${PREFIX} (the password as a SecureString under that key)`);
  const values = { user: db.user, password: dbPassword, host: db.host, name: db.name, port: db.port };
  for (const [leaf, value] of Object.entries(values)) {
    const secure = leaf === 'password';
    const out = await ssm.send(
      new PutParameterCommand({ Name: `${PREFIX}/${leaf}`, Value: value, Type: secure ? 'SecureString' : 'String', ...(secure ? { KeyId: key.KeyId } : {}) }),
    );
    detail(`${PREFIX}/${leaf}  ${secure ? 'SecureString' : 'String'}  version ${out.Version}`);
  }
  await ssm.send(new PutParameterCommand({ Name: '/other-app/api-token', Value: randomBytes(8).toString('hex'), Type: 'SecureString' }));
  detail('(and /other-app/api-token, which the task must not read)');

  heading('Create the task role (trusting ecs-tasks.amazonaws.com) with the least-privilege policy');
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
    ],
  };
  const role = (await iam.send(new CreateRoleCommand({ RoleName: 'go-ecs-sample', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role;
  const policyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: '*' },
      { Effect: 'Allow', Action: ['ssm:GetParameters', 'ssm:GetParametersByPath'], Resource: [`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/goecssample`, `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/goecssample/*`] },
      { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: key.Arn },
    ],
  };
  const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: 'go-ecs-sample', PolicyDocument: JSON.stringify(policyDocument) }))).Policy;
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'go-ecs-sample', PolicyArn: policy.Arn }));
  detail(`${role.Arn} with ${policy.Arn}`);
  const execution = (await iam.send(new CreateRoleCommand({ RoleName: 'ecsTaskExecutionRole', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [trust.Statement[0]] }) }))).Role;
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'ecsTaskExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }));
  detail(`${execution.Arn} (execution role)`);

  heading('kura run-task examples/posts-api/task-definition.json');
  const appPort = await freePort();
  const taskDefinition = JSON.parse(readFileSync(path.join(app, 'task-definition.json'), 'utf8'));
  taskDefinition.taskRoleArn = role.Arn;
  taskDefinition.executionRoleArn = execution.Arn;
  const container = taskDefinition.containerDefinitions[0];
  container.environment = [...(container.environment ?? []), { name: 'PORT', value: String(appPort) }];
  // A quicker health check than the production one, so the demo does not wait 30 s between checks.
  container.healthCheck = { ...container.healthCheck, interval: 5, startPeriod: 0 };
  const taskFile = path.join(work, 'task-definition.json');
  writeFileSync(taskFile, JSON.stringify(taskDefinition, null, 2));
  detail(`(a copy with this account's roles, PORT=${appPort} and a 5 s health-check interval; the container runs the image's entrypoint: kura exec, then the app)`);
  const binDir = path.join(root, 'node_modules/.bin');
  const task = spawn(
    process.execPath,
    [kuraBin, 'run-task', taskFile, '--container-command', `posts-api=sh ${path.join(app, 'docker-entrypoint.sh')} node ${path.join(app, 'dist/server.js')}`, '--endpoint', endpoint, '--region', REGION],
    { env: cleanEnv({ AWS_ACCESS_KEY_ID: admin.accessKeyId, AWS_SECRET_ACCESS_KEY: admin.secretAccessKey, PATH: `${binDir}:${process.env.PATH}` }), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let taskOutput = '';
  const echo = (d) => {
    taskOutput += d;
    for (const line of String(d).split('\n')) if (line.startsWith('kura run-task:')) detail(line.trim());
  };
  task.stdout.on('data', echo);
  task.stderr.on('data', echo);
  cleanups.push(() => stopProcess(task, 'kura run-task'));
  const base = `http://127.0.0.1:${appPort}`;
  await waitFor('the posts API answering', async () => (await fetch(`${base}/.healthcheck`)).status === 200, 60_000).catch((error) => {
    throw new Error(`${error.message}\n--- run-task output ---\n${taskOutput}`);
  });

  heading('GET /.healthcheck and GET /posts');
  const health = await fetch(`${base}/.healthcheck`);
  detail(`/.healthcheck → ${health.status} ${await health.text()}`);
  const posts = await fetch(`${base}/posts`);
  const body = await posts.json();
  const rows = Array.isArray(body?.posts) ? body.posts : [];
  detail(`/posts → ${posts.status}, ${rows.length} rows:`);
  for (const row of rows) detail(`  #${row.id} ${row.title}`);
  if (posts.status !== 200 || rows.length === 0) throw new Error('GET /posts did not return the seeded rows');

  heading('As the task role, reading outside /goecssample/ is denied');
  const session = (await sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'demo-check' }))).Credentials;
  const asRole = new SSMClient({ endpoint, region: REGION, credentials: { accessKeyId: session.AccessKeyId, secretAccessKey: session.SecretAccessKey, sessionToken: session.SessionToken } });
  const own = await asRole.send(new GetParametersCommand({ Names: [`${PREFIX}/host`] }));
  detail(`GetParameters ${PREFIX}/host → allowed (${own.Parameters?.length ?? 0} parameter)`);
  try {
    await asRole.send(new GetParametersCommand({ Names: ['/other-app/api-token'], WithDecryption: true }));
    throw new Error('the task role read /other-app/api-token');
  } catch (error) {
    if (error.name !== 'AccessDeniedException') throw error;
    detail(`GetParameters /other-app/api-token → ${error.name}: ${error.message}`);
  }

  heading('Stop the task');
  await stopProcess(task, 'kura run-task');
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  process.stderr.write(`\ndemo failed at step ${step}: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  heading('Clean up');
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      failed = true;
      process.stderr.write(`cleanup failed: ${error.message}\n`);
    }
  }
  say(`\n${failed ? 'FAILED' : 'done'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(failed ? 1 : 0);
}
