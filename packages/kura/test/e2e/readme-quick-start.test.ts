// The front door, as a new user meets it with the AWS CLI v1: the README's quick start (between
// `<!-- quick-start` and `<!-- /quick-start -->`) run in bash, command by command, verbatim, against the
// built `kura serve`, comparing the output the README shows with what the CLI prints; and the client
// setup `kura serve` prints when it starts, run exactly as printed.
//
// Where the test departs from the README, and why (every other line runs verbatim, in README order):
// - `npm ci && npm start` starts the server. The test starts the built bin itself the way `npm start`
//   does (`kura serve`, its data in ./.kura of the working directory, administrator credentials
//   generated into .kura/admin.env) but on a free port, as 4566 may be taken on this machine; each
//   `http://127.0.0.1:4566` in the commands becomes that server's URL.
// - `npm cit` is not run: it is the repository's whole test suite, this test included.
// - bash gets PATH, a HOME of its own, and settings that keep this machine's AWS configuration
//   (~/.aws, instance metadata) out: nothing the README is meant to set.
// The README's JSON output is compared member by member, except LastModifiedDate, which is the time
// of the write: that must be a number of seconds within this test's run, as the AWS CLI v1 prints it.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { readAdminEnv, startKura, type RunningKura } from './harness.js';

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../README.md');
const README_URL = 'http://127.0.0.1:4566';

/** README commands the test does not hand to bash, matched on the command without its comment. */
const INSTEAD = new Map<string, string>([
  ['npm ci && npm start', 'the test has started the built bin as `kura serve` with ./.kura, on a free port'],
  ['npm cit', 'the whole test suite, this test included'],
]);

interface Step {
  /** The command as the README writes it (continuation lines joined). */
  readme: string;
  /** The output block the README shows right after this command, if any. */
  shows?: { lang: string; text: string };
}

/** The quick start's commands in order, each with the output the README shows for it. */
function quickStart(readme: string): Step[] {
  const start = readme.indexOf('<!-- quick-start');
  const end = readme.indexOf('<!-- /quick-start -->');
  assert.ok(start >= 0 && end > start, 'README.md marks its quick start with <!-- quick-start … --> and <!-- /quick-start -->');
  const steps: Step[] = [];
  for (const [, lang = '', text = ''] of readme.slice(start, end).matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    if (lang === 'sh' || lang === 'bash') {
      const lines = text.replace(/\\\n/g, ' ').split('\n');
      for (const line of lines) if (line.trim() !== '' && !line.trim().startsWith('#')) steps.push({ readme: line });
    } else {
      const last = steps.at(-1);
      assert.ok(last && !last.shows, `the ${lang} block in the quick start follows a command of its own`);
      last.shows = { lang, text };
    }
  }
  return steps;
}

const withoutComment = (command: string) => command.replace(/\s+#.*$/, '').trim();

interface Ran {
  command: string;
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs commands in one bash, as typed into one terminal (so `export` and `.` carry over), and returns
 * each one's exit status and output; it stops after the first that fails.
 */
async function inBash(commands: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran[]> {
  const mark = `@@kura-step-${process.pid}@@`;
  const script = commands
    .map((command, i) => `${command}\n__status=$?\nprintf '\\n${mark} ${i} %d\\n' "$__status"\nprintf '\\n${mark}\\n' >&2\n[ "$__status" -eq 0 ] || exit 0\n`)
    .join('');
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
    execFile('bash', ['--noprofile', '--norc', '-c', script], { cwd, env, timeout: 120_000 }, (error, out, err) =>
      error ? reject(Object.assign(error, { stdout: out, stderr: err })) : resolve({ stdout: out, stderr: err }),
    ),
  );
  const outs = stdout.split(new RegExp(`\\n${mark} \\d+ (\\d+)\\n`));
  const errs = stderr.split(`\n${mark}\n`);
  const ran: Ran[] = [];
  for (let i = 0; 2 * i + 1 < outs.length; i += 1) {
    ran.push({ command: commands[i] ?? '', status: Number(outs[2 * i + 1]), stdout: outs[2 * i] ?? '', stderr: errs[i] ?? '' });
  }
  return ran;
}

function assertSucceeded(ran: Ran[], expected: number) {
  for (const step of ran) assert.equal(step.status, 0, `\`${step.command}\` exited with ${step.status}:\n${step.stderr}`);
  assert.equal(ran.length, expected, 'every command ran');
}

/** An environment with no AWS settings of this machine's: only what the commands themselves set. */
const bare = (home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: home,
  AWS_CONFIG_FILE: path.join(home, 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  ...extra,
});

/** The shell lines of the banner's client setup, as printed (its notes in parentheses left out). */
function bannerSetup(stderr: string): string[] {
  const banner = stderr.slice(0, stderr.indexOf('\n\n', stderr.indexOf('Point the AWS CLI')));
  const lines = banner.split('\n');
  const from = lines.indexOf('Point the AWS CLI or an SDK at it:');
  assert.ok(from > 0, `the banner says how to point a client at the server:\n${stderr}`);
  return lines.slice(from + 1).map((line) => line.trim()).filter((line) => !line.startsWith('('));
}

describe('the README quick start, with the AWS CLI v1', () => {
  let work: string;
  let kura: RunningKura;
  let steps: Step[];
  let startedAt: number;
  before(async () => {
    steps = quickStart(readFileSync(README, 'utf8'));
    work = mkdtempSync(path.join(tmpdir(), 'kura-readme-'));
    startedAt = Date.now() / 1000;
    kura = await startKura({ credentials: 'generated', dataDir: path.join(work, '.kura') });
  });
  after(async () => {
    await kura?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const commandsToRun = () => {
    for (const readme of INSTEAD.keys()) assert.ok(steps.some((s) => withoutComment(s.readme) === readme), `the quick start still has \`${readme}\``);
    return steps.filter((s) => !INSTEAD.has(withoutComment(s.readme))).map((s) => ({ ...s, run: s.readme.replaceAll(README_URL, kura.url) }));
  };

  test('every command succeeds, and prints what the README shows', async () => {
    const commands = commandsToRun();
    assert.ok(commands.some((c) => c.shows), 'the quick start shows some output to compare');
    const ran = await inBash(commands.map((c) => c.run), work, bare(work));
    assertSucceeded(ran, commands.length);
    commands.forEach((command, i) => {
      if (!command.shows) return;
      const printed = ran[i]?.stdout ?? '';
      if (command.shows.lang !== 'json') return assert.equal(printed.trimEnd(), command.shows.text.trimEnd(), `\`${command.readme}\` prints`);
      const written = (key: string, value: unknown, check?: (v: unknown) => void) => (key === 'LastModifiedDate' ? (check?.(value), 'the time of the write') : value);
      const inRun = (value: unknown) => assert.ok(typeof value === 'number' && value >= startedAt - 5 && value <= Date.now() / 1000 + 5, `LastModifiedDate ${String(value)} is a time within this run`);
      const shown: unknown = JSON.parse(command.shows.text, (k, v: unknown) => written(k, v, (x) => assert.equal(typeof x, 'number', 'the README shows LastModifiedDate as the CLI v1 prints it')));
      assert.deepEqual(JSON.parse(printed, (k, v: unknown) => written(k, v, inRun)), shown, `\`${command.readme}\` prints what the README shows`);
    });
  });

  test('the same commands without AWS_DEFAULT_REGION fail in the AWS CLI v1: the README must set it', async () => {
    const commands = commandsToRun().map((c) => c.run);
    const withoutDefault = commands.map((c) => c.replace(/ AWS_DEFAULT_REGION=\S+/, ''));
    assert.notDeepEqual(withoutDefault, commands, 'the quick start exports AWS_DEFAULT_REGION');
    const ran = await inBash(withoutDefault, work, bare(work));
    const failed = ran.at(-1);
    assert.ok(failed && failed.status !== 0 && failed.command.startsWith('aws '), 'the first AWS CLI command fails');
    assert.match(failed.stderr, /You must specify a region/);
  });
});

describe('the client setup `kura serve` prints, with the AWS CLI v1', () => {
  const identityAndRead = ['aws sts get-caller-identity', 'aws ssm get-parameter --name /app/greeting'];

  test('names the four services and, with generated credentials, works as printed (a data path that needs quoting)', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'kura-banner-'));
    const dataDir = path.join(work, "it's data", '.kura');
    mkdirSync(path.dirname(dataDir));
    const kura = await startKura({ credentials: 'generated', dataDir });
    try {
      const banner = kura.stderr();
      assert.equal(banner.split('\n')[0], `Kura is serving SSM Parameter Store, Secrets Manager, KMS, IAM and STS on ${kura.url} (account 000000000000; data in ${kura.storeUrl ?? dataDir})`);
      const setup = bannerSetup(banner);
      assert.ok(!banner.includes(readAdminEnv(path.join(dataDir, 'admin.env')).secretAccessKey), 'the banner never prints the secret');
      const ran = await inBash([...setup, ...identityAndRead], work, bare(work));
      assertSucceeded(ran, setup.length + 2);
      assert.equal(JSON.parse(ran.at(-2)?.stdout ?? '').Arn, 'arn:aws:iam::000000000000:user/admin');
      assert.equal(JSON.parse(ran.at(-1)?.stdout ?? '').Parameter.Value, 'hello');
    } finally {
      await kura.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('with credentials from KURA_ADMIN_*, works in the shell that holds them, as printed', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'kura-banner-'));
    const admin = { KURA_ADMIN_ACCESS_KEY_ID: 'AKIABANNERADMIN00001', KURA_ADMIN_SECRET_ACCESS_KEY: 'banner-secret-0123456789abcdefghijklmn' };
    const kura = await startKura({ credentials: { accessKeyId: admin.KURA_ADMIN_ACCESS_KEY_ID, secretAccessKey: admin.KURA_ADMIN_SECRET_ACCESS_KEY }, dataDir: path.join(work, '.kura') });
    try {
      const banner = kura.stderr();
      assert.ok(!banner.includes(admin.KURA_ADMIN_SECRET_ACCESS_KEY), 'the banner never prints the secret');
      const setup = bannerSetup(banner);
      // The operator's shell: the one that exported KURA_ADMIN_* to start the server.
      const ran = await inBash([...setup, ...identityAndRead], work, bare(work, admin));
      assertSucceeded(ran, setup.length + 2);
      assert.equal(JSON.parse(ran.at(-2)?.stdout ?? '').Arn, 'arn:aws:iam::000000000000:user/admin');
      assert.equal(JSON.parse(ran.at(-1)?.stdout ?? '').Parameter.Value, 'hello');
    } finally {
      await kura.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
