// The console's browser tests: a real `kura serve` (the built package's bin, seeded with the
// reference design) and Debian's Chromium driven by playwright-core. Every page the tests visit is
// checked with axe-core, watched for Content-Security-Policy violations and script errors, and
// photographed into test-artifacts/ (CI keeps them).

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { startKura, type RunningKura, type StartOptions } from '../../../kura/test/e2e/harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repository = path.resolve(here, '../../../..');
export const ARTIFACTS = path.resolve(here, '../../test-artifacts');
const require = createRequire(import.meta.url);

export const REFERENCE_SEED = path.join(repository, 'docs/seed-reference-design.yaml');
/** The reference design's values: the password is the canary no page may show unasked. */
export const DB_PASSWORD = 'console-canary-password-7f3a9c';
export const CI_USER = { accessKeyId: 'AKIAKURASEEDCI000001', secretAccessKey: 'console-test-ci-secret-key-0123456789abc' };
export const TASK_ROLE_ARN = 'arn:aws:iam::000000000000:role/go-ecs-sample';
export const PASSWORD_NAME = '/goecssample/database/sample/master/password';
/** A role the administrator may assume, with AdministratorAccess: IAM refuses GetSessionToken credentials. */
export const CONSOLE_ADMIN_ROLE = 'console-admin';

/** Starts Kura seeded with the reference design (and more `args`), plus the console-admin role. */
export async function startSeededKura(options: StartOptions = {}): Promise<RunningKura> {
  const kura = await startKura({
    ...options,
    args: ['--seed', REFERENCE_SEED, ...(options.args ?? [])],
    env: { DB_PASSWORD, CI_SECRET_ACCESS_KEY: CI_USER.secretAccessKey, ...options.env },
  });
  const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/admin' }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: CONSOLE_ADMIN_ROLE, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: CONSOLE_ADMIN_ROLE, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  iam.destroy();
  return kura;
}

export const consoleAdminRoleArn = () => `arn:aws:iam::000000000000:role/${CONSOLE_ADMIN_ROLE}`;

export interface BrowserRun {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** CSP violations and uncaught script errors seen so far: a test ends by asserting none. */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserRun> {
  const browser = await chromium.launch({
    executablePath: process.env.KURA_CHROMIUM ?? '/usr/bin/chromium',
    // This machine's network is closed: without these, Chromium's background connections fail by the dozen.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  return { browser, context, page, problems, close: () => browser.close() };
}

export interface SignInAs {
  accessKeyId: string;
  secretAccessKey: string;
  roleArn?: string;
}

export async function signIn(page: Page, kura: RunningKura, as: SignInAs): Promise<void> {
  await page.goto(`${kura.url}/_kura/console/`);
  await page.getByLabel('Access key ID').fill(as.accessKeyId);
  await page.getByLabel('Secret access key').fill(as.secretAccessKey);
  if (as.roleArn) await page.getByLabel('Role to assume (optional)').fill(as.roleArn);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Signs in as the administrator, through the console-admin role (so IAM pages work). */
export const signInAsAdmin = (page: Page, kura: RunningKura) => signIn(page, kura, { ...kura.credentials, roleArn: consoleAdminRoleArn() });

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core on the page as it is now: no serious or critical violation. Injected through the
 * DevTools protocol (page.evaluate), which the page's CSP does not govern, so the CSP stays strict.
 */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `axe-core found serious or critical violations on ${label}:\n${JSON.stringify(serious, null, 2)}`);
}

/** A full-page screenshot in test-artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** What every test ends with: the page ran without a CSP violation or an uncaught error. */
export function assertNoProblems(run: BrowserRun): void {
  assert.deepEqual(run.problems, [], 'the console hit CSP violations or script errors');
}
