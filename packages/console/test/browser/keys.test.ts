// The Keys area, as the administrator: the list (customer keys first, AWS managed keys marked), the
// reference design's key with its alias, rotation turned on and off, the key policy shown and
// edited (a syntax error refused with its line and column, a grammar slip named, the server's
// MalformedPolicyDocumentException shown verbatim, a valid policy saved), aliases created and
// deleted, state changes through their dialogs, and the parameters using the key. Each state is
// checked with the SDK, photographed and run through axe.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateKeyCommand, DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Page } from 'playwright-core';
import type { RunningKura } from '../../../kura/test/e2e/harness.js';
import { PASSWORD_NAME, assertAccessible, assertNoProblems, openBrowser, screenshot, signInAsAdmin, startSeededKura, type BrowserRun } from './harness.js';

const KEY_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
let kura: RunningKura;
let run: BrowserRun;
let kms: KMSClient;

before(async () => {
  kura = await startSeededKura();
  kms = new KMSClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  // A SecureString under the default key makes AWS's aws/ssm key exist, for the list to mark.
  const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  await ssm.send(new PutParameterCommand({ Name: '/console-test/default-key', Type: 'SecureString', Value: 'not-shown' }));
  ssm.destroy();
  run = await openBrowser();
  await signInAsAdmin(run.page, kura);
});

after(async () => {
  kms?.destroy();
  await run?.close();
  await kura?.stop();
});

const openKey = async (page: Page, keyId = KEY_ID) => {
  await page.goto(`${kura.url}/_kura/console/#/keys/${keyId}`);
  await page.getByTestId('key-details').waitFor();
};

test('the list: the reference key with its alias first, the AWS managed key marked', async () => {
  const { page } = run;
  await page.goto(`${kura.url}/_kura/console/#/keys`);
  const table = page.getByTestId('key-list');
  await table.waitFor();
  const rows = table.locator('tbody tr');
  assert.equal(await rows.count(), 2);
  const first = rows.nth(0);
  assert.equal(await first.getAttribute('data-key-id'), KEY_ID);
  assert.match(await first.innerText(), /alias\/go-ecs-sample[\s\S]*Enabled[\s\S]*go-ecs-sample[\s\S]*SYMMETRIC_DEFAULT[\s\S]*ENCRYPT_DECRYPT[\s\S]*Customer/);
  assert.match(await rows.nth(1).innerText(), /alias\/aws\/ssm[\s\S]*AWS managed/);
  await assertAccessible(page, 'the key list');
  await screenshot(page, 'keys-list');
  await first.getByRole('link', { name: 'alias/go-ecs-sample' }).click();
  await page.getByRole('heading', { level: 1, name: 'Key alias/go-ecs-sample' }).waitFor();
  assert.match(await page.getByTestId('key-details').innerText(), new RegExp(`${KEY_ID}[\\s\\S]*arn:aws:kms:us-east-1:000000000000:key/${KEY_ID}[\\s\\S]*Enabled`));
  assertNoProblems(run);
});

test('the key page: accessible, and "used by" lists the password parameter', async () => {
  const { page } = run;
  await openKey(page);
  const used = page.getByTestId('key-parameters');
  await used.waitFor();
  const link = used.getByRole('link', { name: PASSWORD_NAME });
  assert.equal(await link.getAttribute('href'), `#/parameters/view?name=${encodeURIComponent(PASSWORD_NAME)}`);
  assert.match(await used.innerText(), /KeyId alias\/go-ecs-sample/);
  assert.equal(await used.locator('li').count(), 1);
  await page.getByText('No secret is encrypted under this key.').waitFor();
  await page.getByTestId('key-policy-view').waitFor();
  await assertAccessible(page, 'the key page');
  await screenshot(page, 'key-page');
  assertNoProblems(run);
});

test('rotation: turned on with a period, then off, as GetKeyRotationStatus says', async () => {
  const { page } = run;
  await openKey(page);
  const status = page.getByTestId('rotation-status');
  await status.waitFor();
  assert.equal(await status.innerText(), 'Automatic rotation is off.');
  const period = page.getByLabel('Rotation period (days)');
  await period.fill('30');
  assert.equal(await period.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#rotation-period-help').innerText(), 'The rotation period is from 90 to 2560 days.');
  assert.equal(await page.getByRole('button', { name: 'Enable automatic rotation' }).isDisabled(), true);
  await period.fill('180');
  await page.getByRole('button', { name: 'Enable automatic rotation' }).click();
  await page.getByText('Automatic rotation is on.', { exact: true }).waitFor();
  // The announcement comes first; the status follows once the key's rotation is read again.
  const rotationOn = /^Automatic rotation is on: every 180 days, next on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/;
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="rotation-status"]')?.textContent ?? ''), rotationOn.source);
  assert.match(await status.innerText(), rotationOn);
  const on = await kms.send(new GetKeyRotationStatusCommand({ KeyId: KEY_ID }));
  assert.deepEqual([on.KeyRotationEnabled, on.RotationPeriodInDays], [true, 180]);
  await screenshot(page, 'key-rotation-on');
  await page.getByRole('button', { name: 'Disable automatic rotation' }).click();
  await page.getByText('Automatic rotation is off.', { exact: true }).first().waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="rotation-status"]')?.textContent === 'Automatic rotation is off.');
  assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: KEY_ID }))).KeyRotationEnabled, false);
  assertNoProblems(run);
});

test('the key policy: formatted, an invalid edit refused with its position, the server refusal verbatim, a valid edit saved', async () => {
  const { page } = run;
  await openKey(page);
  const stored = (await kms.send(new GetKeyPolicyCommand({ KeyId: KEY_ID, PolicyName: 'default' }))).Policy as string;
  const view = page.getByTestId('key-policy-view');
  await view.waitFor();
  assert.equal(await view.innerText(), JSON.stringify(JSON.parse(stored), null, 2));

  await page.getByRole('button', { name: 'Edit key policy' }).click();
  const editor = page.getByLabel('Key policy (JSON)');
  assert.equal(await editor.evaluate((e) => e === document.activeElement), true, 'the editor takes the focus');
  // A missing comma between two members.
  await editor.fill('{\n  "Version": "2012-10-17"\n  "Statement": []\n}');
  const problems = page.getByTestId('key-policy-problems');
  assert.equal(await problems.innerText(), "Error: Line 3, column 3: Expected ',' or '}' but found '\"'");
  assert.equal(await editor.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByRole('button', { name: 'Save key policy' }).isDisabled(), true);
  await assertAccessible(page, 'the key policy editor with a syntax error');
  await screenshot(page, 'key-policy-syntax-error');

  // Valid JSON, but a slip in the grammar.
  const policy = JSON.parse(stored) as { Statement: Array<Record<string, unknown>> };
  const slip = { ...policy, Statement: [...policy.Statement, { Sid: 'Console', Effect: 'Alow', Principal: { AWS: 'arn:aws:iam::000000000000:role/go-ecs-sample' }, Action: 'kms:Decrypt', Resource: '*' }] };
  await editor.fill(JSON.stringify(slip, null, 2));
  assert.match(await problems.innerText(), /^Error: Line \d+, column \d+ \(Statement\[\d\]\.Effect\): Effect must be "Allow" or "Deny", not "Alow"$/);
  assert.equal(await page.getByRole('button', { name: 'Save key policy' }).isDisabled(), true);

  // Passes the editor's grammar, refused by KMS: its words, verbatim.
  const vendorless = { ...policy, Statement: [...policy.Statement, { Sid: 'Console', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:role/go-ecs-sample' }, Action: 'Decrypt', Resource: '*' }] };
  const refusal = await kms.send(new PutKeyPolicyCommand({ KeyId: KEY_ID, PolicyName: 'default', Policy: JSON.stringify(vendorless) })).then(
    () => assert.fail('KMS accepted an action without a vendor'),
    (error: Error) => error,
  );
  assert.equal(refusal.name, 'MalformedPolicyDocumentException');
  await editor.fill(JSON.stringify(vendorless, null, 2));
  assert.equal(await page.locator('.policy-ok').innerText(), 'Valid JSON and policy grammar.');
  await page.getByRole('button', { name: 'Save key policy' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.locator('p').innerText(), `MalformedPolicyDocumentException: ${refusal.message}`);
  await screenshot(page, 'key-policy-refused');

  // A valid edit: let the task role decrypt through SSM only.
  const valid = { ...policy, Statement: [...policy.Statement, { Sid: 'TaskRoleViaSsm', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:role/go-ecs-sample' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } } }] };
  const text = JSON.stringify(valid, null, 2);
  await editor.fill(text);
  await page.getByRole('button', { name: 'Save key policy' }).click();
  await page.getByText('Key policy saved.').waitFor();
  assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: KEY_ID, PolicyName: 'default' }))).Policy, text);
  await page.waitForFunction((t) => document.querySelector('[data-testid="key-policy-view"]')?.textContent === t, text);
  assert.equal(await page.getByRole('button', { name: 'Edit key policy' }).evaluate((e) => e === document.activeElement), true, 'focus back on Edit');
  await assertAccessible(page, 'the key page after saving the policy');
  await screenshot(page, 'key-policy-saved');
  assertNoProblems(run);
});

test('aliases: a bad name is shown at the field, a new alias is created, then deleted after a confirmation', async () => {
  const { page } = run;
  await openKey(page);
  const field = page.getByLabel('New alias');
  await field.fill('alias/aws/mine');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#alias-help').innerText(), 'Names under "alias/aws/" are reserved for AWS managed keys.');
  await field.fill('alias/console-test');
  await page.getByRole('button', { name: 'Create alias' }).click();
  await page.getByText('alias/console-test now names this key.').waitFor();
  await page.getByTestId('key-aliases').getByRole('rowheader', { name: 'alias/console-test' }).waitFor();
  const names = async () => ((await kms.send(new ListAliasesCommand({ KeyId: KEY_ID }))).Aliases ?? []).map((a) => a.AliasName).sort();
  assert.deepEqual(await names(), ['alias/console-test', 'alias/go-ecs-sample']);

  // The same name again: AWS's refusal at the field.
  await field.fill('alias/console-test');
  await page.getByRole('button', { name: 'Create alias' }).click();
  await page.waitForFunction(() => /AlreadyExistsException/.test(document.querySelector('#alias-help')?.textContent ?? ''));
  assert.equal(await field.getAttribute('aria-invalid'), 'true');

  await page.getByRole('button', { name: 'Delete alias alias/console-test' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this alias?' });
  await dialog.waitFor();
  await assertAccessible(page, 'the delete-alias dialog');
  await screenshot(page, 'key-alias-delete');
  await dialog.getByRole('button', { name: 'Delete alias' }).click();
  await page.getByText('alias/console-test is deleted.').waitFor();
  assert.deepEqual(await names(), ['alias/go-ecs-sample']);
  assertNoProblems(run);
});

test('state: disable and enable with confirmations; schedule a deletion and cancel it', async () => {
  const { page } = run;
  const created = await kms.send(new CreateKeyCommand({ Description: 'console state test' }));
  const keyId = created.KeyMetadata?.KeyId as string;
  const state = async () => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState;
  await openKey(page, keyId);

  await page.getByRole('button', { name: 'Disable key' }).click();
  const disable = page.getByRole('dialog', { name: 'Disable this key?' });
  await disable.waitFor();
  assert.equal(await disable.getByRole('button', { name: 'Cancel' }).evaluate((e) => e === document.activeElement), true, 'Cancel has the focus');
  await page.keyboard.press('Escape');
  await disable.waitFor({ state: 'hidden' });
  assert.equal(await state(), 'Enabled');
  await page.getByRole('button', { name: 'Disable key' }).click();
  await disable.getByRole('button', { name: 'Disable key' }).click();
  await page.getByText('The key is disabled.').waitFor();
  assert.equal(await state(), 'Disabled');
  await page.getByRole('button', { name: 'Enable key' }).click();
  await page.getByRole('dialog', { name: 'Enable this key?' }).getByRole('button', { name: 'Enable key' }).click();
  await page.getByText('The key is enabled.').waitFor();
  assert.equal(await state(), 'Enabled');

  await page.getByRole('button', { name: 'Schedule key deletion' }).click();
  const schedule = page.getByRole('dialog', { name: 'Schedule the deletion of this key?' });
  const days = schedule.getByLabel('Waiting period (days)');
  await days.fill('3');
  assert.equal(await schedule.locator('#waiting-period-help').innerText(), 'The waiting period is from 7 to 30 days.');
  await days.fill('7');
  await assertAccessible(page, 'the schedule-deletion dialog');
  await screenshot(page, 'key-schedule-deletion');
  await schedule.getByRole('button', { name: 'Schedule key deletion' }).click();
  const notice = page.getByTestId('deletion-notice');
  await notice.waitFor();
  const described = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
  assert.equal(described?.KeyState, 'PendingDeletion');
  const when = described?.DeletionDate?.toISOString().slice(0, 19).replace('T', ' ');
  assert.equal(await notice.innerText(), `This key is scheduled for deletion on ${when} UTC. Until then it cannot be used, and the deletion can be cancelled.`);
  await screenshot(page, 'key-pending-deletion');
  await page.getByRole('button', { name: 'Cancel key deletion' }).click();
  await page.getByRole('dialog', { name: 'Cancel the deletion?' }).getByRole('button', { name: 'Cancel key deletion' }).click();
  await page.getByText('The deletion is cancelled; the key is disabled until you enable it.').waitFor();
  assert.equal(await state(), 'Disabled');
  assertNoProblems(run);
});

test('an AWS managed key is shown read-only', async () => {
  const { page } = run;
  await page.goto(`${kura.url}/_kura/console/#/keys/${encodeURIComponent('alias/aws/ssm')}`);
  await page.getByRole('heading', { level: 1, name: 'Key alias/aws/ssm' }).waitFor();
  await page.getByText('This is an AWS managed key').waitFor();
  await page.getByTestId('key-policy-view').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Edit key policy' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Disable key' }).count(), 0);
  await page.getByTestId('key-parameters').getByRole('link', { name: '/console-test/default-key' }).waitFor();
  await assertAccessible(page, 'an AWS managed key');
  await screenshot(page, 'key-aws-managed');
  assertNoProblems(run);
});
