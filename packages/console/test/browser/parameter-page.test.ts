// A parameter's page, on the reference design's password: masked until revealed; new versions, a
// side-by-side diff, a rollback, labels and tags, and AWS's validation errors at their fields, as the
// administrator. Then as the task role (no ssm:GetParameter) and as a user who may read SSM but not
// kms:Decrypt: the reveal is refused, in AWS's own words, where the value would be. Every state is
// photographed and checked with axe-core; the SDK checks what the console wrote.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetParameterCommand, GetParameterHistoryCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Page } from 'playwright-core';
import type { RunningKura } from '../../../kura/test/e2e/harness.js';
import { CI_USER, DB_PASSWORD, PASSWORD_NAME, TASK_ROLE_ARN, assertAccessible, assertNoProblems, openBrowser, screenshot, signIn, signInAsAdmin, startSeededKura, type BrowserRun } from './harness.js';

let kura: RunningKura;
let run: BrowserRun;
let ssm: SSMClient;
let noDecrypt: { accessKeyId: string; secretAccessKey: string };

const PAGE = `#/parameters/view?name=${encodeURIComponent(PASSWORD_NAME)}`;
const go = (page: Page, hash: string) => page.evaluate((h) => (location.hash = h), hash);

async function openPasswordPage(page: Page): Promise<void> {
  await go(page, '#/parameters');
  await go(page, PAGE);
  await page.getByRole('heading', { level: 1, name: PASSWORD_NAME }).waitFor();
  await page.getByTestId('parameter-metadata').waitFor();
}

const pageText = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);
const value = async () => (await ssm.send(new GetParameterCommand({ Name: PASSWORD_NAME, WithDecryption: true }))).Parameter;

async function writeVersion(page: Page, text: string): Promise<void> {
  await page.locator('summary', { hasText: 'Write a new version' }).click();
  await page.getByRole('textbox', { name: 'Value', exact: true }).fill(text);
  await page.getByRole('button', { name: 'Write new version' }).click();
}

before(async () => {
  kura = await startSeededKura();
  const clients = { endpoint: kura.url, region: kura.region, credentials: kura.credentials };
  ssm = new SSMClient(clients);
  // A user who may read parameters (and their history) but has no kms:Decrypt.
  const iam = new IAMClient(clients);
  await iam.send(new CreateUserCommand({ UserName: 'reader-no-kms' }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ssm:GetParameter*', 'ssm:DescribeParameters'], Resource: '*' }] };
  await iam.send(new PutUserPolicyCommand({ UserName: 'reader-no-kms', PolicyName: 'read-ssm', PolicyDocument: JSON.stringify(policy) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader-no-kms' }))).AccessKey;
  noDecrypt = { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
  iam.destroy();
  run = await openBrowser();
  await signInAsAdmin(run.page, kura);
});

after(async () => {
  ssm?.destroy();
  await run?.close();
  await kura?.stop();
});

test('the password is masked until revealed, and masked again by Hide', async () => {
  const { page } = run;
  await openPasswordPage(page);
  const metadata = await page.getByTestId('parameter-metadata').innerText();
  assert.match(metadata, /SecureString/);
  assert.match(metadata, /alias\/go-ecs-sample/);
  assert.equal(await page.getByRole('link', { name: 'Who can read this?' }).getAttribute('href'), `#/access/who-can-read?parameter=${encodeURIComponent(PASSWORD_NAME)}`);
  await page.getByTestId('history').waitFor();
  assert.ok(!(await pageText(page)).includes(DB_PASSWORD), 'the value is on the page before Reveal');
  await assertAccessible(page, 'the parameter page, masked');
  await screenshot(page, 'parameter-masked');

  await page.getByRole('button', { name: 'Reveal the value', exact: true }).click();
  assert.equal(await page.getByTestId('revealed-value').innerText(), DB_PASSWORD);
  await assertAccessible(page, 'the parameter page, revealed');
  await screenshot(page, 'parameter-revealed');

  await page.getByRole('button', { name: 'Hide the value', exact: true }).click();
  await page.getByRole('button', { name: 'Reveal the value', exact: true }).waitFor();
  assert.ok(!(await pageText(page)).includes(DB_PASSWORD), 'Hide left the value on the page');
  assertNoProblems(run);
});

test("a String's value is shown at once, as AWS's console shows it; a missing parameter says so", async () => {
  const { page } = run;
  const host = '/goecssample/database/sample/master/host';
  await go(page, `#/parameters/view?name=${encodeURIComponent(host)}`);
  await page.getByRole('heading', { level: 1, name: host }).waitFor();
  assert.equal(await page.getByTestId('current-value').innerText(), 'db');
  assert.equal(await page.getByRole('button', { name: 'Reveal the value', exact: true }).count(), 0);
  await page.getByTestId('history').getByText('db', { exact: true }).waitFor();
  // The form starts from a String's current value (never from a SecureString's).
  await page.locator('summary', { hasText: 'Write a new version' }).click();
  assert.equal(await page.getByRole('textbox', { name: 'Value', exact: true }).inputValue(), 'db');
  await assertAccessible(page, "a String parameter's page");
  await screenshot(page, 'parameter-string');

  await go(page, `#/parameters/view?name=${encodeURIComponent('/no/such/parameter')}`);
  await page.getByTestId('not-found').waitFor();
  assert.match(await page.getByTestId('not-found').innerText(), /No parameter named \/no\/such\/parameter in us-east-1\./);
  assertNoProblems(run);
});

test('two new versions, then a side-by-side diff of them', async () => {
  const { page } = run;
  await openPasswordPage(page);
  await writeVersion(page, 'line one\nline two\nline three');
  await page.getByTestId('history-status').getByText('Version 2 written.').waitFor();
  await writeVersion(page, 'line one\nline 2\nline three\nline four');
  await page.getByTestId('history-status').getByText('Version 3 written.').waitFor();
  assert.equal((await value())?.Version, 3);
  assert.equal((await value())?.Value, 'line one\nline 2\nline three\nline four');
  // The history reloads after the write: wait for its third row rather than count a stale table.
  await page.getByTestId('history').locator('tbody tr').nth(2).waitFor();
  assert.equal(await page.getByTestId('history').locator('tbody tr').count(), 3);
  // Focus goes to the History heading after a write.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'history-heading');

  await page.getByRole('checkbox', { name: 'Compare version 2' }).check();
  await page.getByRole('checkbox', { name: 'Compare version 3' }).check();
  await page.getByRole('button', { name: 'Compare selected versions' }).click();
  await page.getByRole('heading', { name: 'Version 2 compared with version 3' }).waitFor();
  const summary = await page.getByTestId('diff-summary').innerText();
  assert.match(summary, /1 line removed from Version 2, 2 lines added in Version 3\./);
  const diff = page.locator('.diff-table');
  // Not colour alone: symbols and words mark the changed lines.
  const changed = diff.locator('tr.diff-row-changed');
  assert.equal(await changed.count(), 1);
  assert.match((await changed.textContent()) ?? '', /−removed: line two.*\+added: line 2/);
  assert.match((await diff.locator('tr.diff-row-added').textContent()) ?? '', /\+added: line four/);
  await assertAccessible(page, 'the diff of versions 2 and 3');
  await screenshot(page, 'parameter-diff');
  await page.getByRole('button', { name: 'Close the comparison' }).click();
  assertNoProblems(run);
});

test('restoring version 1 writes it as version 4, after a confirmation', async () => {
  const { page } = run;
  await openPasswordPage(page);
  await page.getByRole('button', { name: 'Restore this version (1)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore version 1?' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /as a SecureString under alias\/go-ecs-sample/);
  await assertAccessible(page, 'the restore confirmation');
  await screenshot(page, 'parameter-restore-confirm');
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await page.getByTestId('history-status').getByText('Version 1 restored as version 4.').waitFor();
  const restored = await value();
  assert.equal(restored?.Version, 4);
  assert.ok(restored?.Value === DB_PASSWORD, 'version 4 does not hold version 1’s value');
  await page.getByTestId('history').locator('tbody tr[data-version="4"]').waitFor();
  const top = page.getByTestId('history').locator('tbody tr').first();
  assert.equal(await top.getAttribute('data-version'), '4');
  assert.ok(!(await pageText(page)).includes(DB_PASSWORD), 'restoring showed the value');
  await screenshot(page, 'parameter-restored');
  assertNoProblems(run);
});

test('labels: attach, refused labels reported, remove', async () => {
  const { page } = run;
  await openPasswordPage(page);
  await page.getByLabel('Labels', { exact: true }).fill('prod');
  await page.getByRole('button', { name: 'Attach labels' }).click();
  await page.getByRole('button', { name: 'Remove label prod from version 4' }).waitFor();
  const history = async () => (await ssm.send(new GetParameterHistoryCommand({ Name: PASSWORD_NAME }))).Parameters ?? [];
  assert.deepEqual((await history()).find((p) => p.Version === 4)?.Labels, ['prod']);

  await page.getByLabel('Labels', { exact: true }).fill('1bad');
  await page.getByRole('button', { name: 'Attach labels' }).click();
  const refused = page.getByTestId('invalid-labels');
  await refused.waitFor();
  assert.match(await refused.innerText(), /^InvalidLabels: 1bad\./);
  assert.equal(await page.getByLabel('Labels', { exact: true }).getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, 'a refused label');
  await screenshot(page, 'parameter-labels');

  await page.getByRole('button', { name: 'Remove label prod from version 4' }).click();
  await page.getByTestId('history-status').getByText('Label prod removed from version 4.').waitFor();
  await page.getByRole('button', { name: 'Remove label prod from version 4' }).waitFor({ state: 'detached' });
  assert.deepEqual((await history()).find((p) => p.Version === 4)?.Labels, []);
  assertNoProblems(run);
});

test('tags: add one, then remove it', async () => {
  const { page } = run;
  await openPasswordPage(page);
  await page.getByText('No tags on this parameter.').waitFor();
  await page.getByLabel('Tag key').fill('team');
  await page.getByLabel('Tag value').fill('payments');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await page.getByRole('button', { name: 'Remove tag team' }).waitFor();
  const tags = async () => (await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: PASSWORD_NAME }))).TagList ?? [];
  assert.deepEqual(await tags(), [{ Key: 'team', Value: 'payments' }]);
  await assertAccessible(page, 'a tagged parameter');
  await screenshot(page, 'parameter-tags');
  await page.getByRole('button', { name: 'Remove tag team' }).click();
  await page.getByText('No tags on this parameter.').waitFor();
  assert.deepEqual(await tags(), []);
  assertNoProblems(run);
});

test("validation errors are shown at their field, in AWS's words", async () => {
  const { page } = run;
  await openPasswordPage(page);
  await page.locator('summary', { hasText: 'Write a new version' }).click();
  await page.getByRole('textbox', { name: 'Value', exact: true }).fill('not digits');
  await page.getByLabel('Allowed pattern').fill('^[0-9]+$');
  await page.getByRole('button', { name: 'Write new version' }).click();
  const valueField = page.locator('#version-value[aria-invalid="true"]');
  await valueField.waitFor();
  assert.equal(await page.locator('#version-value-problem').innerText(), 'Parameter value, cannot be validated against allowedPattern: ^[0-9]+$');
  assert.equal(await valueField.getAttribute('aria-describedby'), 'version-value-problem');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'version-value');
  await assertAccessible(page, 'a value refused by its allowed pattern');
  await screenshot(page, 'parameter-validation-pattern');

  await page.getByRole('textbox', { name: 'Value', exact: true }).fill('');
  await page.getByRole('button', { name: 'Write new version' }).click();
  await page.locator('#version-value-problem', { hasText: "Value at 'value'" }).waitFor();
  assert.equal(
    await page.locator('#version-value-problem').innerText(),
    "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
  );

  await page.getByRole('textbox', { name: 'Value', exact: true }).fill('42');
  await page.getByLabel('Allowed pattern').fill('');
  await page.getByLabel('KMS key').fill('alias/no-such-key');
  await page.getByRole('button', { name: 'Write new version' }).click();
  await page.locator('#version-keyId[aria-invalid="true"]').waitFor();
  assert.match(await page.locator('#version-keyId-problem').innerText(), /alias\/no-such-key is not found/);
  assert.equal(await page.locator('#version-value').getAttribute('aria-invalid'), null);
  await screenshot(page, 'parameter-validation-key');
  assert.equal((await value())?.Version, 4, 'a refused version was written');
  assertNoProblems(run);
});

test('as the task role (no ssm:GetParameter): the reveal is refused with AWS’s AccessDenied text', async () => {
  const { page } = run;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, kura, { ...CI_USER, roleArn: TASK_ROLE_ARN });
  await openPasswordPage(page);
  await page.getByRole('button', { name: 'Reveal the value', exact: true }).click();
  const denied = page.locator('.masked-value[data-state="failed"] .notice-denied[role="alert"]');
  await denied.waitFor();

  // What the SDK is told for the same call, by the same role, under the console's session name.
  const sts = new STSClient({ endpoint: kura.url, region: kura.region, credentials: CI_USER });
  const assumed = (await sts.send(new AssumeRoleCommand({ RoleArn: TASK_ROLE_ARN, RoleSessionName: 'kura-console' }))).Credentials;
  sts.destroy();
  const asTask = new SSMClient({
    endpoint: kura.url,
    region: kura.region,
    credentials: { accessKeyId: assumed?.AccessKeyId ?? '', secretAccessKey: assumed?.SecretAccessKey ?? '', sessionToken: assumed?.SessionToken ?? '' },
  });
  const refusal = await asTask.send(new GetParameterCommand({ Name: PASSWORD_NAME, WithDecryption: true })).then(
    () => assert.fail('the task role may GetParameter'),
    (error: Error) => error,
  );
  asTask.destroy();
  assert.equal(refusal.name, 'AccessDeniedException');
  assert.match(refusal.message, /ssm:GetParameter/);
  assert.equal(await denied.getAttribute('data-error-code'), 'AccessDeniedException');
  assert.ok((await denied.innerText()).includes(`AccessDeniedException: ${refusal.message}`), `not verbatim: ${await denied.innerText()}`);
  assert.ok(!(await pageText(page)).includes(DB_PASSWORD));
  // The metadata still shows (DescribeParameters is allowed); the history says why it is not.
  assert.match(await page.getByTestId('parameter-metadata').innerText(), /SecureString/);
  await page.getByText('Access denied — reading the history').waitFor();
  await assertAccessible(page, 'a refused reveal (task role)');
  await screenshot(page, 'parameter-denied-task-role');

  await page.getByRole('button', { name: 'Hide the value', exact: true }).click();
  await page.getByRole('button', { name: 'Reveal the value', exact: true }).waitFor();
  assert.equal(await denied.count(), 0);
  assertNoProblems(run);
});

test('as a user who may read SSM but not kms:Decrypt: the reveal is refused with the KMS AccessDenied text', async () => {
  const { page } = run;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, kura, noDecrypt);
  await openPasswordPage(page);
  await page.getByRole('button', { name: 'Reveal the value', exact: true }).click();
  const denied = page.locator('.masked-value[data-state="failed"] .notice-denied');
  await denied.waitFor();
  const text = await denied.innerText();
  assert.match(
    text,
    /AccessDeniedException: User: arn:aws:iam::000000000000:user\/reader-no-kms is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:000000000000:key\/3f2504e0-4f89-41d3-9a0c-0305e82c3301 .*\(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: [^;]+; Proxy: null\)/,
  );
  // The history is readable (ssm:GetParameterHistory), and a version's own reveal is refused the same way.
  await page.getByRole('button', { name: 'Reveal the value of version 1' }).click();
  await page.locator('.history-table .masked-value[data-state="failed"] .notice-denied', { hasText: 'kms:Decrypt' }).waitFor();
  assert.ok(!(await pageText(page)).includes(DB_PASSWORD));
  await assertAccessible(page, 'a refused reveal (no kms:Decrypt)');
  await screenshot(page, 'parameter-denied-no-decrypt');
  assertNoProblems(run);
});
