// Sign-in: the key pair is exchanged at once for temporary credentials, which stay in this tab's
// sessionStorage only (never a URL, a cookie or localStorage); bad input is shown at its field;
// AWS's refusal is shown verbatim; expiry brings sign-in back with a message; the page is served
// with a strict CSP and nothing but its own origin may call the server.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningKura } from '../../../kura/test/e2e/harness.js';
import {
  CI_USER,
  TASK_ROLE_ARN,
  assertAccessible,
  assertNoProblems,
  consoleAdminRoleArn,
  openBrowser,
  screenshot,
  signIn,
  startSeededKura,
  type BrowserRun,
} from './harness.js';

let kura: RunningKura;
let run: BrowserRun;

before(async () => {
  kura = await startSeededKura();
  run = await openBrowser();
});

after(async () => {
  await run?.close();
  await kura?.stop();
});

test('the console is served with a strict Content-Security-Policy', async () => {
  const response = await fetch(`${kura.url}/_kura/console/`);
  assert.equal(response.status, 200);
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(response.headers.get('access-control-allow-origin'), null);
});

test('the sign-in page: accessible, and bad input is shown at its field', async () => {
  const { page } = run;
  await page.goto(`${kura.url}/_kura/console/`);
  await page.getByRole('heading', { name: 'Kura console' }).waitFor();
  await assertAccessible(page, 'the sign-in page');
  await screenshot(page, 'sign-in');
  await page.getByLabel('Access key ID').fill('not a key');
  await page.getByLabel('Role to assume (optional)').fill('role/nope');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const keyField = page.getByLabel('Access key ID');
  assert.equal(await keyField.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#accessKeyId-problem').innerText(), /16 or more capital letters/);
  assert.match(await page.locator('#secretAccessKey-problem').innerText(), /Enter the secret access key/);
  assert.match(await page.locator('#roleArn-problem').innerText(), /role ARN looks like/);
  await assertAccessible(page, 'the sign-in page with errors');
  await screenshot(page, 'sign-in-errors');
  assertNoProblems(run);
});

test('a wrong secret is refused with AWS words, and the secret field is cleared', async () => {
  const { page } = run;
  await page.goto(`${kura.url}/_kura/console/`);
  await page.getByLabel('Access key ID').fill(kura.credentials.accessKeyId);
  await page.getByLabel('Secret access key').fill('wrong-secret-access-key-0000000000000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided/);
  assert.equal(await page.getByLabel('Secret access key').inputValue(), '');
  assertNoProblems(run);
});

test('sign in with GetSessionToken: only temporary credentials are kept, in sessionStorage', async () => {
  const { page, context } = run;
  await signIn(page, kura, kura.credentials);
  assert.match(await page.getByTestId('identity').innerText(), /^user\/admin · until /);
  const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('kura.console.session'), local: localStorage.length, url: location.href }));
  const session = JSON.parse(stored.session ?? '{}') as Record<string, string>;
  assert.match(session['accessKeyId'] ?? '', /^ASIA/);
  assert.ok(session['sessionToken']);
  assert.ok(!stored.session?.includes(kura.credentials.secretAccessKey), 'the long-term secret must not be stored');
  assert.equal(stored.local, 0);
  assert.ok(!stored.url.includes(kura.credentials.accessKeyId));
  assert.deepEqual(await context.cookies(), []);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You signed out.').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  assertNoProblems(run);
});

test('sign in with AssumeRole: the console acts as the role', async () => {
  const { page } = run;
  await signIn(page, kura, { ...CI_USER, roleArn: TASK_ROLE_ARN });
  assert.match(await page.getByTestId('identity').innerText(), /^assumed-role\/go-ecs-sample\/kura-console · until /);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, kura, { ...kura.credentials, roleArn: consoleAdminRoleArn() });
  assert.match(await page.getByTestId('identity').innerText(), /^assumed-role\/console-admin\/kura-console/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  assertNoProblems(run);
});

test('a role the user may not assume: AWS refusal shown verbatim', async () => {
  const { page } = run;
  await page.goto(`${kura.url}/_kura/console/`);
  await page.getByLabel('Access key ID').fill(CI_USER.accessKeyId);
  await page.getByLabel('Secret access key').fill(CI_USER.secretAccessKey);
  await page.getByLabel('Role to assume (optional)').fill(consoleAdminRoleArn());
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /AccessDenied: User: arn:aws:iam::000000000000:user\/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role\/console-admin/);
  await screenshot(page, 'sign-in-denied');
});

test('expiry brings sign-in back with a clear message', async () => {
  const context = await run.browser.newContext();
  const page = await context.newPage();
  try {
    await page.clock.install();
    await signIn(page, kura, kura.credentials);
    // GetSessionToken's 1 hour: the console's timer ends the session when the credentials do.
    await page.clock.fastForward('01:00:05');
    const notice = page.getByRole('status');
    await notice.filter({ hasText: 'Your session expired at' }).waitFor();
    assert.match(await notice.innerText(), /Your session expired at .+\. Sign in again\./);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await screenshot(page, 'sign-in-expired');
  } finally {
    await context.close();
  }
});
