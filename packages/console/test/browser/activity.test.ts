// The Activity area against a real Kura: events made with the SDK appear live, without a reload and
// without taking the reader's focus; filters by decision and principal; a denial's AWS-worded reason
// and its full record; pause; a hidden tab stops polling; a caller without cloudtrail:LookupEvents
// reads AWS's denial verbatim. The canary (the seeded password, read with decryption by the
// administrator) never appears in the page's text nor in any LookupEvents answer the page received.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Page } from 'playwright-core';
import type { RunningKura } from '../../../kura/test/e2e/harness.js';
import { applyFilters, columnSettles, eventRow, rows, setVisibility } from './activity-page.js';
import { assertAccessible, assertNoProblems, CI_USER, DB_PASSWORD, openBrowser, PASSWORD_NAME, screenshot, signIn, signInAsAdmin, startSeededKura, type BrowserRun } from './harness.js';

const TASK_ROLE = 'arn:aws:iam::000000000000:role/go-ecs-sample';
const CI_ARN = 'arn:aws:iam::000000000000:user/ci';
/** The session name the console's sign-in gives an AssumeRole, so the SDK's denial names the same session. */
const CONSOLE_SESSION = 'kura-console';

let kura: RunningKura;
let run: BrowserRun;
const lookups: Array<Promise<string>> = [];

const ssmAs = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => new SSMClient({ endpoint: kura.url, region: kura.region, credentials });

async function readPassword(): Promise<void> {
  const ssm = ssmAs(kura.credentials);
  const out = await ssm.send(new GetParameterCommand({ Name: PASSWORD_NAME, WithDecryption: true }));
  assert.equal(out.Parameter?.Value, DB_PASSWORD);
  ssm.destroy();
}

/** The ci user may only assume the task role: its GetParameter is denied. Returns AWS's message. */
async function ciDenied(): Promise<string> {
  const ssm = ssmAs(CI_USER);
  try {
    await ssm.send(new GetParameterCommand({ Name: PASSWORD_NAME, WithDecryption: true }));
    assert.fail('the ci user read the password');
  } catch (error) {
    assert.equal((error as Error).name, 'AccessDeniedException');
    return (error as Error).message;
  } finally {
    ssm.destroy();
  }
}

/** The canary is nowhere: not in the page's text or markup, not in any LookupEvents answer it received. */
async function assertNoCanary(page: Page): Promise<void> {
  assert.ok(!(await page.evaluate(() => document.body.innerText)).includes(DB_PASSWORD), 'the page shows the password');
  assert.ok(!(await page.content()).includes(DB_PASSWORD), "the page's markup holds the password");
  const bodies = await Promise.all(lookups);
  assert.ok(bodies.length > 0);
  for (const body of bodies) assert.ok(!body.includes(DB_PASSWORD), 'a LookupEvents answer holds the password');
}

describe('Activity', () => {
  before(async () => {
    kura = await startSeededKura();
    run = await openBrowser();
    run.page.on('response', (response) => {
      if (response.request().headers()['x-amz-target']?.endsWith('.LookupEvents')) lookups.push(response.text().catch(() => ''));
    });
    await signInAsAdmin(run.page, kura);
    await readPassword();
  });

  after(async () => {
    await run?.close();
    await kura?.stop();
  });

  test('new events appear live, without a reload, and are announced', async () => {
    const { page } = run;
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    await page.getByTestId('activity-live-state').filter({ hasText: 'Live' }).waitFor();
    // The administrator's read with decryption happened before: it is in the first page.
    await eventRow(page, 'ssm:GetParameter', 'allowed').first().waitFor();
    await page.evaluate(() => ((globalThis as unknown as { stillHere: boolean }).stillHere = true));

    const message = await ciDenied();
    await readPassword();
    const denial = eventRow(page, 'user/ci', 'denied');
    await denial.waitFor({ timeout: 10_000 });
    assert.match(await denial.innerText(), /Denied/);
    assert.ok((await denial.locator('tr.activity-reason').innerText()).includes(message), "the denial's reason is AWS's message, verbatim");
    await page.getByTestId('activity-announcement').filter({ hasText: /\d+ new events? at/ }).waitFor();
    assert.equal(await page.evaluate(() => (globalThis as unknown as { stillHere?: boolean }).stillHere), true, 'the page was reloaded');
    // The console's own polling is hidden by default.
    assert.equal(await eventRow(page, 'cloudtrail:LookupEvents').count(), 0);

    await screenshot(page, 'activity-live');
    await assertAccessible(page, 'Activity');
    await assertNoCanary(page);
    assertNoProblems(run);
  });

  test("prepending keeps the reader's focus and place", async () => {
    const { page } = run;
    const shown = await rows(page).count();
    for (let i = 0; i < 30; i++) await readPassword();
    await page.waitForFunction((n) => document.querySelectorAll('tbody.activity-event').length >= n + 30, shown, { timeout: 10_000 });
    const target = rows(page).nth(20);
    const id = await target.getAttribute('data-event-id');
    await target.getByRole('button', { name: /^Details/ }).focus();
    await target.scrollIntoViewIfNeeded();
    await page.evaluate(() => scrollBy(0, 200));
    const topBefore = (await target.boundingBox())?.y;
    const countBefore = await rows(page).count();

    await ciDenied();
    await page.waitForFunction((n) => document.querySelectorAll('tbody.activity-event').length > n, countBefore, { timeout: 10_000 });
    const focused = await page.evaluate(() => document.activeElement?.closest('tbody')?.getAttribute('data-event-id'));
    assert.equal(focused, id, 'the focus stayed on the same event');
    const topAfter = (await page.locator(`tbody[data-event-id="${id}"]`).boundingBox())?.y;
    assert.ok(topBefore !== undefined && topAfter !== undefined && Math.abs(topAfter - topBefore) <= 2, `the event moved from ${topBefore} to ${topAfter}`);
    await page.evaluate(() => scrollTo(0, 0));
    assertNoProblems(run);
  });

  test('filter by decision: only denials, each with its reason; a denial expands to its full record', async () => {
    const { page } = run;
    await applyFilters(page, { decision: 'denied' });
    await page.waitForURL(/#\/activity\?decision=denied$/);
    await page.getByTestId('activity-plan').filter({ hasText: 'the decision is denied' }).waitFor();
    const denial = eventRow(page, 'user/ci', 'denied').first();
    await denial.waitFor();
    assert.equal(await rows(page).count(), await page.locator('tbody.activity-denied').count(), 'a row that is not a denial is shown');

    const toggle = denial.getByRole('button', { name: /^Details/ });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const record = JSON.parse(await denial.locator('pre.activity-record').innerText()) as Record<string, unknown>;
    assert.equal(record.errorCode, 'AccessDenied');
    assert.equal(record.eventName, 'GetParameter');
    assert.match(String(record.errorMessage), /^User: arn:aws:iam::000000000000:user\/ci is not authorized to perform: ssm:GetParameter on resource: /);
    assert.equal((record.userIdentity as { arn: string }).arn, CI_ARN);
    assert.ok('requestParameters' in record);
    await screenshot(page, 'activity-denied-expanded');
    await assertAccessible(page, 'Activity, denials, a record expanded');
    await toggle.click();
    assert.equal(await denial.locator('pre.activity-record').count(), 0);
    await assertNoCanary(page);
    assertNoProblems(run);
  });

  test('filter by principal (an ARN: looked up by user name, matched exactly) and by action', async () => {
    const { page } = run;
    await applyFilters(page, { principal: CI_ARN });
    await page.getByTestId('activity-plan').filter({ hasText: `Username = ci; this page then keeps those where the principal is ${CI_ARN}` }).waitFor();
    // The rows of the previous filters may still be on the page a moment: wait for the new stream's.
    await columnSettles(page, 3, 'user/ci');
    const principals = await page.locator('tbody.activity-event > tr:first-child > td:nth-child(3)').allInnerTexts();
    assert.ok(principals.length > 0 && principals.every((p) => p === 'user/ci'), `other principals: ${principals.join(', ')}`);

    await applyFilters(page, { action: 'ssm:GetParameter', decision: 'allowed' });
    await page.getByTestId('activity-plan').filter({ hasText: 'EventName = GetParameter' }).waitFor();
    await eventRow(page, 'user/admin', 'allowed').first().waitFor();
    await columnSettles(page, 4, 'ssm:GetParameter');
    const actions = await page.locator('tbody.activity-event > tr:first-child > td:nth-child(4)').allInnerTexts();
    assert.ok(actions.every((a) => a === 'ssm:GetParameter'));
    assert.equal(await page.locator('tbody.activity-denied').count(), 0);
    await screenshot(page, 'activity-filtered');
    assert.match(await page.getByLabel('Action', { exact: true }).inputValue(), /^ssm:GetParameter$/);

    await page.getByLabel('Action', { exact: true }).fill('ssm get');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    assert.equal(await page.getByLabel('Action', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'activity-action');
    await assertAccessible(page, 'Activity, a field error');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL(/#\/activity$/);
    assertNoProblems(run);
  });

  test('a time range: LookupEvents gets StartTime and EndTime; with an end the stream is not live', async () => {
    const { page } = run;
    const local = (ms: number) => {
      const d = new Date(ms);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    };
    await page.getByText('Time range').click();
    await page.getByLabel('From (your local time)').fill(local(Date.now() + 3_600_000));
    await page.getByLabel(/^To \(your local time/).fill(local(Date.now() - 3_600_000));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    assert.equal(await page.getByLabel(/^To \(your local time/).getAttribute('aria-invalid'), 'true');
    await page.getByText('The end must not be before the start.').waitFor();

    // One reading of the clock for both ends: two could straddle a second and make the range 7,201 s.
    const now = Date.now();
    await page.getByLabel('From (your local time)').fill(local(now - 3_600_000));
    await page.getByLabel(/^To \(your local time/).fill(local(now + 3_600_000));
    const request = page.waitForRequest((r) => r.headers()['x-amz-target']?.endsWith('.LookupEvents') === true && (r.postData() ?? '').includes('EndTime'));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const body = JSON.parse((await request).postData() ?? '{}') as { StartTime?: number; EndTime?: number };
    assert.ok(typeof body.StartTime === 'number' && typeof body.EndTime === 'number' && body.EndTime - body.StartTime === 7200, JSON.stringify(body));
    await page.getByTestId('activity-live-state').filter({ hasText: 'Not live: the time range has an end.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /live updates/ }).count(), 0);
    await eventRow(page, 'user/ci', 'denied').first().waitFor();
    await screenshot(page, 'activity-time-range');
    await assertAccessible(page, 'Activity, a time range');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL(/#\/activity$/);
    assertNoProblems(run);
  });

  test('pause stops live updates until resumed; a hidden tab stops polling', async () => {
    const { page } = run;
    await page.getByTestId('activity-live-state').filter({ hasText: 'Live' }).waitFor();
    await page.getByRole('button', { name: 'Pause live updates' }).click();
    await page.getByTestId('activity-live-state').filter({ hasText: 'Paused' }).waitFor();
    const before = lookups.length;
    const denialsBefore = await page.locator('tbody.activity-denied').count();
    await ciDenied();
    await page.waitForTimeout(4000);
    assert.equal(lookups.length, before, 'paused, the page still looked events up');
    assert.equal(await page.locator('tbody.activity-denied').count(), denialsBefore);
    await page.getByRole('button', { name: 'Resume live updates' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('tbody.activity-denied').length > n, denialsBefore, { timeout: 5000 });

    await setVisibility(page, 'hidden');
    await page.getByTestId('activity-live-state').filter({ hasText: 'Paused while this tab is hidden' }).waitFor();
    const hiddenFrom = lookups.length;
    await page.waitForTimeout(4000);
    assert.equal(lookups.length, hiddenFrom, 'hidden, the page still looked events up');
    await setVisibility(page, 'visible');
    await page.getByTestId('activity-live-state').filter({ hasText: 'Live' }).waitFor();
    assertNoProblems(run);
  });

  test('Load older pages backwards with NextToken, keeping the focus on the button', async () => {
    const { page } = run;
    for (let i = 0; i < 60; i++) await readPassword();
    await page.reload();
    await page.getByTestId('activity-live-state').filter({ hasText: 'Live' }).waitFor();
    const first = await rows(page).count();
    const older = page.getByRole('button', { name: 'Load older events' });
    const request = page.waitForRequest((r) => r.headers()['x-amz-target']?.endsWith('.LookupEvents') === true && (r.postData() ?? '').includes('NextToken'));
    await older.click();
    await request;
    await page.getByTestId('activity-announcement').filter({ hasText: /older events? loaded/ }).waitFor();
    assert.ok((await rows(page).count()) > first);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Load older events');
    const times = await page.locator('tbody.activity-event time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime') ?? '')));
    assert.ok(times.every((t, i) => i === 0 || t <= (times[i - 1] ?? t)), 'the events are not newest first');
    const ids = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id')));
    assert.equal(new Set(ids).size, ids.length, 'an event is shown twice');
    assertNoProblems(run);
  });

  test('a caller who may not cloudtrail:LookupEvents reads AWS\'s AccessDenied, verbatim', async () => {
    const sts = new STSClient({ endpoint: kura.url, region: kura.region, credentials: CI_USER });
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: TASK_ROLE, RoleSessionName: CONSOLE_SESSION }));
    sts.destroy();
    const c = assumed.Credentials;
    assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
    const cloudtrail = new CloudTrailClient({ endpoint: kura.url, region: kura.region, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
    const expected = await cloudtrail.send(new LookupEventsCommand({})).then(
      () => assert.fail('the task role may look events up'),
      (error: Error) => error,
    );
    cloudtrail.destroy();

    const context = await run.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await signIn(page, kura, { ...CI_USER, roleArn: TASK_ROLE });
      await page.getByRole('link', { name: 'Activity' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.equal(await alert.getAttribute('data-error-code'), expected.name);
      assert.ok((await alert.innerText()).includes(`${expected.name}: ${expected.message}`), `${await alert.innerText()}\n≠ ${expected.message}`);
      assert.match(expected.message, /is not authorized to perform: cloudtrail:LookupEvents/);
      await screenshot(page, 'activity-denied-to-caller');
      await assertAccessible(page, 'Activity, denied');
    } finally {
      await context.close();
    }
  });

  test('the canary never reached the page', async () => {
    await assertNoCanary(run.page);
  });
});
