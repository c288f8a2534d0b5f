// The story in one run, two people at once: the administrator walks the reference design's
// tree and reveals the password; the task role (the ci user assuming go-ecs-sample, in a second
// browser context) opens the same page and its reveal is refused; the administrator sees that
// denial arrive in Activity, live, in AWS's words, and "who can read" names the task role. The
// password never appears in the task role's page, nor in any event.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudTrailClient, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import type { Page } from 'playwright-core';
import type { RunningKura } from '../../../kura/test/e2e/harness.js';
import { CI_USER, DB_PASSWORD, PASSWORD_NAME, TASK_ROLE_ARN, assertAccessible, assertNoProblems, openBrowser, screenshot, signIn, signInAsAdmin, startSeededKura, type BrowserRun } from './harness.js';
import { treeitem } from './tree-page.js';

let kura: RunningKura;
let admin: BrowserRun;
let task: Page;
const lookupBodies: string[] = [];

before(async () => {
  kura = await startSeededKura();
  admin = await openBrowser();
  task = await (await admin.browser.newContext()).newPage();
  admin.page.on('response', async (response) => {
    if (response.request().headers()['x-amz-target']?.endsWith('.LookupEvents')) lookupBodies.push(await response.text());
  });
  await signInAsAdmin(admin.page, kura);
});

after(async () => {
  await admin?.close();
  await kura?.stop();
});

test('the administrator walks the tree to the password and reveals it', async () => {
  const { page } = admin;
  await page.getByRole('link', { name: 'Parameters' }).click();
  for (const segment of ['goecssample', 'database', 'sample', 'master']) {
    const item = treeitem(page, segment);
    await item.waitFor();
    if ((await item.getAttribute('aria-expanded')) !== 'true') await item.locator('> .tree-path-label').click();
  }
  const password = treeitem(page, 'password');
  await password.waitFor();
  await password.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: PASSWORD_NAME }).waitFor();
  await page.getByRole('button', { name: 'Reveal the value', exact: true }).click();
  assert.equal(await page.getByTestId('revealed-value').innerText(), DB_PASSWORD);
  await page.getByRole('button', { name: 'Hide the value', exact: true }).click();
  assertNoProblems(admin);
});

test('the task role opens the same page: its reveal is refused in AWS’s words, and nothing leaks', async () => {
  await signIn(task, kura, { ...CI_USER, roleArn: TASK_ROLE_ARN });
  await task.evaluate((name) => (location.hash = `#/parameters/view?name=${encodeURIComponent(name)}`), PASSWORD_NAME);
  await task.getByRole('heading', { level: 1, name: PASSWORD_NAME }).waitFor();
  await task.getByRole('button', { name: 'Reveal the value', exact: true }).click();
  const denied = task.locator('.masked-value[data-state="failed"] .notice-denied[role="alert"]');
  await denied.waitFor();
  assert.match(
    await denied.innerText(),
    /AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role\/go-ecs-sample\/kura-console is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:000000000000:parameter\/goecssample\/database\/sample\/master\/password/,
  );
  assert.ok(!(await task.content()).includes(DB_PASSWORD));
  await assertAccessible(task, 'the task role’s refused reveal');
  await screenshot(task, 'scenario-task-role-denied');
});

test('the denial arrives in the administrator’s Activity, live, with its reason', async () => {
  const { page } = admin;
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByTestId('activity-live-state').filter({ hasText: 'Live' }).waitFor();
  await page.getByLabel('Decision').selectOption('denied');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/#\/activity\?decision=denied$/);
  await page.getByTestId('activity-plan').filter({ hasText: 'the decision is denied' }).waitFor();
  const denial = page.locator('tbody.activity-event.activity-denied', { hasText: 'assumed-role/go-ecs-sample/kura-console' }).first();
  await denial.waitFor({ timeout: 15_000 });
  const text = await denial.innerText();
  assert.match(text, /Denied/);
  assert.match(text, /GetParameter/);
  assert.match(text, /is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:000000000000:parameter\/goecssample\/database\/sample\/master\/password/);
  await assertAccessible(page, 'Activity with the task role’s denial');
  await screenshot(page, 'scenario-activity-denial');
  assert.ok(!(await page.content()).includes(DB_PASSWORD));
  // Only denials are listed.
  assert.equal(await page.locator('tbody.activity-event').count(), await page.locator('tbody.activity-event.activity-denied').count());
  assert.ok(lookupBodies.length > 0 && lookupBodies.every((body) => !body.includes(DB_PASSWORD)), 'the password is in an audit event');
  assertNoProblems(admin);
});

test('the browser sent no unsigned request of its own (a favicon): the log holds only signed calls', async () => {
  const trail = new CloudTrailClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  const unsigned: string[] = [];
  for await (const page of paginateLookupEvents({ client: trail }, {})) {
    for (const event of page.Events ?? []) if (/MissingAuthenticationToken/.test(event.CloudTrailEvent ?? '')) unsigned.push(event.CloudTrailEvent ?? '');
  }
  trail.destroy();
  assert.deepEqual(unsigned, []);
});

test('"who can read" names the task role', async () => {
  const { page } = admin;
  await page.evaluate((name) => (location.hash = `#/access/who-can-read?parameter=${encodeURIComponent(name)}`), PASSWORD_NAME);
  await page.getByTestId('simulation-status').getByText(/principals can read it\./).waitFor({ timeout: 20_000 });
  const row = page.locator('tr[data-principal="role/go-ecs-sample"]');
  assert.equal(await row.locator('[data-verdict]').getAttribute('data-verdict'), 'yes');
  assertNoProblems(admin);
});
