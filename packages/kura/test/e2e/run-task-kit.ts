// Shared by the run-task e2e files: the administrator's setup (a KMS key, parameters, a task role
// and an execution role trusting ecs-tasks.amazonaws.com, a role that does not) done with SDK v3,
// and `kura run-task --json` run as a child process with its events collected as they come.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { kuraBin, type RunningKura } from './harness.js';

export const ACCOUNT = '123456789012';
export const DB_PASSWORD = 'p4ss-w0rd!';
export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/run-task');

export type Event = Record<string, unknown> & { type: string; taskArn: string; time: string };

const ecsTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const userTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });

/** The reference design's setup: parameters under /app, the password a SecureString under a customer key. */
export async function setUpRoles(kura: RunningKura): Promise<{ keyId: string }> {
  const config = { endpoint: kura.url, region: kura.region, credentials: kura.credentials };
  const [iam, kms, ssm] = [new IAMClient(config), new KMSClient(config), new SSMClient(config)];
  try {
    const keyId = (await kms.send(new CreateKeyCommand({ Description: 'run-task' }))).KeyMetadata?.KeyId as string;
    await ssm.send(new PutParameterCommand({ Name: '/app/greeting', Type: 'String', Value: 'hello from kura' }));
    await ssm.send(new PutParameterCommand({ Name: '/app/db/password', Type: 'SecureString', KeyId: keyId, Value: DB_PASSWORD }));
    await ssm.send(new PutParameterCommand({ Name: '/other/secret', Type: 'String', Value: 'not yours' }));
    const policy = async (name: string, statements: unknown[]) =>
      (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }))).Policy?.Arn as string;
    const keyArn = `arn:aws:kms:${kura.region}:${ACCOUNT}:key/${keyId}`;
    const appParams = `arn:aws:ssm:${kura.region}:${ACCOUNT}:parameter/app/*`;
    const roles: Array<[string, string, string | undefined]> = [
      ['task-role', ecsTrust, await policy('task', [{ Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: appParams }, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }])],
      ['exec-role', ecsTrust, await policy('exec', [{ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: appParams }, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }])],
      ['not-for-ecs', userTrust, undefined],
    ];
    for (const [name, trust, policyArn] of roles) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
      if (policyArn) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
    }
    return { keyId };
  } finally {
    for (const client of [iam, kms, ssm]) client.destroy();
  }
}

export interface TaskRun {
  child: ChildProcess;
  events: Event[];
  stderr: () => string;
  stdout: () => string;
  /** Resolves with the first event matching, or rejects when run-task exits first. */
  waitFor(match: (e: Event) => boolean, timeoutMs?: number): Promise<Event>;
  exited: Promise<number | null>;
}

export interface RunOptions {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Files to write beside the task definition (environmentFiles, scripts). */
  files?: Record<string, string>;
  /** Run without --json (events as text on stderr). */
  text?: boolean;
}

/** Writes the task definition to a fresh folder and runs `kura run-task FILE --json ARGS` there. */
export function runTask(kura: RunningKura, definition: object, options: RunOptions = {}): TaskRun & { dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-run-task-'));
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(path.join(dir, name), text);
  // A developer's ~/.aws with a default profile: both SDKs rank it above the container provider,
  // so the programs must not see it.
  mkdirSync(path.join(dir, 'home/.aws'), { recursive: true });
  writeFileSync(path.join(dir, 'home/.aws/credentials'), '[default]\naws_access_key_id = AKIAWRONGPROFILE0001\naws_secret_access_key = wrong\n');
  const file = path.join(dir, 'task-definition.json');
  writeFileSync(file, JSON.stringify(definition, null, 2));
  const child = spawn(process.execPath, [kuraBin, 'run-task', file, ...(options.text ? [] : ['--json']), ...(options.args ?? [])], {
    cwd: dir,
    env: { ...kura.clientEnv, HOME: path.join(dir, 'home'), AWS_SHARED_CREDENTIALS_FILE: undefined, AWS_CONFIG_FILE: undefined, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Event[] = [];
  const waiters: Array<{ match: (e: Event) => boolean; resolve: (e: Event) => void }> = [];
  let partial = '';
  let err = '';
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (options.text) return;
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const event = JSON.parse(line) as Event; // every stdout line must be an event
      events.push(event);
      for (const w of waiters.filter((x) => x.match(event))) w.resolve(event);
    }
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    dir,
    child,
    events,
    stderr: () => err,
    stdout: () => out,
    exited,
    waitFor(match, timeoutMs = 30_000) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such event in ${timeoutMs} ms; events: ${JSON.stringify(events)}\nstderr: ${err}`)), timeoutMs);
        waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
        void exited.then(() => setTimeout(() => reject(new Error(`run-task exited first; events: ${JSON.stringify(events)}\nstderr: ${err}`)), 100));
      });
    },
  };
}

export const taskStatuses = (events: Event[]): unknown[] => events.filter((e) => e.type === 'task').map((e) => e.lastStatus);
export const stopped = (events: Event[]): Event | undefined => events.find((e) => e.type === 'task' && e.lastStatus === 'STOPPED');
/** The program's one `RESULT {json}` line on stderr (--json sends container output there). */
export const result = (stderr: string): Record<string, unknown> => JSON.parse(/^RESULT (.*)$/m.exec(stderr)?.[1] ?? 'null') as Record<string, unknown>;
