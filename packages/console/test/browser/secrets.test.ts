// The Secrets area, as the administrator: secrets made here with the SDK (one under the reference
// design's key, with tags and a rotation function run by the server), listed and filtered, opened
// (metadata, versions and stages, rotation), the value revealed only when asked (and audited), a
// new value with its validation, "Rotate now"; then, as a user who may describe secrets but not
// read them, the reveal refused with AWS's words. Each page photographed and run through axe.

import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand, RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Page } from 'playwright-core';
import { kuraBin, type RunningKura } from '../../../kura/test/e2e/harness.js';
import { quoteWord, ROTATION_TRUST, untilRotated } from '../../../kura/test/e2e/rotation-kit.js';
import { assertAccessible, assertNoProblems, openBrowser, screenshot, signIn, signInAsAdmin, startSeededKura, type BrowserRun } from './harness.js';

const NAME = 'console/app-db';
const FIRST_VALUE = '{"username":"app","password":"secret-canary-4b1d"}';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:console-rotate';
const repoNodeModules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../node_modules');

/** AWS's rotation template, reduced: the new value names the version that made it. */
const HANDLER = `
import { SecretsManagerClient, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
export const handler = async (event) => {
  const sm = new SecretsManagerClient({});
  const { SecretId: arn, ClientRequestToken: token, Step: step } = event;
  const meta = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
  if ((meta.VersionIdsToStages[token] ?? []).includes('AWSCURRENT')) return;
  if (step === 'createSecret') {
    try { await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: 'AWSPENDING' })); }
    catch (e) {
      if (e.name !== 'ResourceNotFoundException') throw e;
      await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: 'rotated-' + token, VersionStages: ['AWSPENDING'] }));
    }
  } else if (step === 'finishSecret') {
    const current = Object.entries(meta.VersionIdsToStages).find(([, s]) => s.includes('AWSCURRENT'))[0];
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
  }
};
`;

const ROTATOR_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'], Resource: '*' },
    { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' },
  ],
});

const dir = mkdtempSync(path.join(tmpdir(), 'kura-console-secrets-'));
let kura: RunningKura;
let run: BrowserRun;
let sm: SecretsManagerClient;
let arn: string;
let rotatedValue: string;

before(async () => {
  writeFileSync(path.join(dir, 'index.mjs'), HANDLER);
  symlinkSync(repoNodeModules, path.join(dir, 'node_modules'));
  const command = [process.execPath, kuraBin, 'lambda-bootstrap', 'node', 'index.handler', '--root', dir].map(quoteWord).join(' ');
  kura = await startSeededKura({ args: ['--rotation-function', `console-rotate=${command}`, '--rotation-role', 'console-rotate=console-rotator'] });
  const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  await iam.send(new CreateRoleCommand({ RoleName: 'console-rotator', AssumeRolePolicyDocument: ROTATION_TRUST }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'console-rotator', PolicyName: 'rotate', PolicyDocument: ROTATOR_POLICY }));
  iam.destroy();
  sm = new SecretsManagerClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  const created = await sm.send(
    new CreateSecretCommand({ Name: NAME, Description: 'the app database login', KmsKeyId: 'alias/go-ecs-sample', SecretString: FIRST_VALUE, Tags: [{ Key: 'team', Value: 'platform' }] }),
  );
  arn = created.ARN as string;
  await sm.send(new CreateSecretCommand({ Name: 'console/other', SecretString: 'other-value' }));
  const rotation = await sm.send(new RotateSecretCommand({ SecretId: NAME, RotationLambdaARN: FUNCTION_ARN, RotationRules: { ScheduleExpression: 'rate(10 days)' } }));
  await untilRotated(sm, arn, rotation.VersionId as string, () => kura.stdout());
  rotatedValue = `rotated-${rotation.VersionId}`;
  run = await openBrowser();
  await signInAsAdmin(run.page, kura);
});

after(async () => {
  sm?.destroy();
  await run?.close();
  await kura?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const openSecret = async (page: Page) => {
  await page.goto(`${kura.url}/_kura/console/#/secrets/${encodeURIComponent(NAME)}`);
  await page.getByTestId('secret-details').waitFor();
};
const current = async () => (await sm.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString;

test('the list, and its filters by name, description and tag key', async () => {
  const { page } = run;
  await page.goto(`${kura.url}/_kura/console/#/secrets`);
  const table = page.getByTestId('secret-list');
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), 2);
  assert.match(await table.locator('tbody tr').first().innerText(), /console\/app-db\s+the app database login\s+alias\/go-ecs-sample\s+On\s+\d{4}-/);
  await assertAccessible(page, 'the secret list');
  await screenshot(page, 'secrets-list');
  for (const [filter, value] of [['Name begins with', 'console/app'], ['Description has the words', 'database'], ['Tag key begins with', 'team']]) {
    await page.getByLabel('Filter', { exact: true }).selectOption({ label: filter as string });
    await page.getByLabel('Filter value').fill(value as string);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="secret-list"] tbody tr').length === 1);
    assert.equal(await table.locator('tbody th').innerText(), NAME, `${filter} ${value}`);
  }
  assert.match(page.url(), /#\/secrets\?filter=tag-key&value=team$/);
  await page.getByLabel('Filter value').fill('nothing-like-this');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('No secret matches the filter.').waitFor();
  assertNoProblems(run);
});

test("a secret's page: metadata, rotation, versions and stages; the value masked", async () => {
  const { page } = run;
  await page.goto(`${kura.url}/_kura/console/#/secrets`);
  await page.getByRole('link', { name: NAME }).click();
  const details = page.getByTestId('secret-details');
  await details.waitFor();
  const text = await details.innerText();
  assert.match(text, new RegExp(`ARN\\s+${arn}\\s+Description\\s+the app database login\\s+KMS key\\s+alias/go-ecs-sample\\s+Created\\s+\\d{4}`));
  assert.equal(await details.getByRole('link', { name: 'alias/go-ecs-sample' }).getAttribute('href'), '#/keys/alias%2Fgo-ecs-sample');
  const rotation = await page.getByTestId('secret-rotation').innerText();
  assert.match(rotation, new RegExp(`Rotation\\s+On\\s+Rotation function\\s+${FUNCTION_ARN}\\s+Schedule\\s+rate\\(10 days\\)\\s+Last rotated\\s+\\d{4}-.*UTC\\s+Next rotation\\s+\\d{4}-.*UTC`));
  const versions = page.getByTestId('secret-versions').locator('tbody tr');
  assert.equal(await versions.count(), 2);
  assert.match(await versions.nth(0).innerText(), /AWSCURRENT/);
  assert.match(await versions.nth(1).innerText(), /AWSPREVIOUS/);
  await page.getByRole('rowheader', { name: 'team' }).waitFor();
  const body = await page.locator('body').innerText();
  assert.ok(!body.includes('secret-canary') && !body.includes(rotatedValue), 'no value is shown before Reveal');
  await assertAccessible(page, "a secret's page");
  await screenshot(page, 'secret-page');
  assertNoProblems(run);
});

test('reveal: the chosen stage or version, audited; another choice masks it again', async () => {
  const { page } = run;
  await openSecret(page);
  await page.getByRole('button', { name: 'Reveal the value of AWSCURRENT' }).click();
  const shown = page.getByTestId('revealed-value');
  await shown.waitFor();
  assert.equal(await shown.innerText(), rotatedValue);
  await screenshot(page, 'secret-revealed');
  await page.getByLabel('Version to reveal').selectOption({ label: (await page.locator('option', { hasText: 'AWSPREVIOUS' }).innerText()).trim() });
  assert.equal(await shown.count(), 0, 'choosing another version hides the value');
  await page.getByRole('button', { name: 'Reveal the value of AWSPREVIOUS' }).click();
  assert.equal(await shown.innerText(), FIRST_VALUE);
  await page.getByRole('button', { name: 'Hide the value of AWSPREVIOUS' }).click();
  assert.equal(await shown.count(), 0);

  const cloudtrail = new CloudTrailClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  const events = await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetSecretValue' }] }));
  cloudtrail.destroy();
  const byConsole = (events.Events ?? []).filter((e) => e.Username === 'kura-console' || /console-admin/.test(e.CloudTrailEvent ?? ''));
  assert.ok(byConsole.length >= 2, 'each reveal is an audited GetSecretValue');
  assert.ok(!JSON.stringify(events).includes('secret-canary'), 'the audit never holds the value');
  assertNoProblems(run);
});

test('a new value: empty refused at the field, then saved as AWSCURRENT', async () => {
  const { page } = run;
  await openSecret(page);
  const field = page.getByLabel('New value (becomes AWSCURRENT)');
  await page.getByRole('button', { name: 'Save new value' }).click();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('secret-new-value-help').innerText(), 'Enter the new value.');
  await assertAccessible(page, 'the new value form with an error');
  await field.fill('{"username":"app","password":"secret-canary-new"}');
  await page.getByRole('button', { name: 'Save new value' }).click();
  const saved = page.getByText(/^Saved: version [0-9a-f-]{36} is now AWSCURRENT\.$/);
  await saved.waitFor();
  assert.equal(await current(), '{"username":"app","password":"secret-canary-new"}');
  assert.equal(await field.inputValue(), '', 'the typed value is cleared');
  const versionId = /version (\S+) is/.exec(await saved.innerText())?.[1] as string;
  const row = page.locator(`[data-testid="secret-versions"] tr[data-version-id="${versionId}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /AWSCURRENT/);
  assert.match(await page.getByTestId('secret-versions').innerText(), /deprecated/);
  await screenshot(page, 'secret-new-value');
  assertNoProblems(run);
});

test('Rotate now: confirmed, then the function makes the new AWSCURRENT', async () => {
  const { page } = run;
  await openSecret(page);
  await page.getByRole('button', { name: 'Rotate now' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate this secret now?' });
  await dialog.waitFor();
  await assertAccessible(page, 'the rotate dialog');
  await dialog.getByRole('button', { name: 'Rotate now' }).click();
  const progress = page.getByTestId('rotation-progress');
  await page.waitForFunction(() => /^Rotated: version/.test(document.querySelector('[data-testid="rotation-progress"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
  const versionId = /version (\S+) is now AWSCURRENT/.exec(await progress.innerText())?.[1] as string;
  assert.equal(await current(), `rotated-${versionId}`);
  await screenshot(page, 'secret-rotated');
  assertNoProblems(run);
});

test("the key's page lists the secret encrypted under it", async () => {
  const { page } = run;
  await page.goto(`${kura.url}/_kura/console/#/keys/3f2504e0-4f89-41d3-9a0c-0305e82c3301`);
  const secrets = page.getByTestId('key-secrets');
  await secrets.waitFor();
  assert.equal(await secrets.getByRole('link', { name: NAME }).getAttribute('href'), `#/secrets/${encodeURIComponent(NAME)}`);
  assert.equal(await secrets.locator('li').count(), 1);
  assertNoProblems(run);
});

test('a user who may describe secrets but not read them: the reveal is refused in AWS words', async () => {
  const { page } = run;
  const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  await iam.send(new CreateUserCommand({ UserName: 'secret-viewer' }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:ListSecrets', 'secretsmanager:ListSecretVersionIds'], Resource: '*' }] };
  await iam.send(new PutUserPolicyCommand({ UserName: 'secret-viewer', PolicyName: 'describe', PolicyDocument: JSON.stringify(policy) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'secret-viewer' }))).AccessKey;
  iam.destroy();
  const credentials = { accessKeyId: key?.AccessKeyId as string, secretAccessKey: key?.SecretAccessKey as string };
  const viewer = new SecretsManagerClient({ endpoint: kura.url, region: kura.region, credentials });
  const refusal = await viewer.send(new GetSecretValueCommand({ SecretId: arn })).then(
    () => assert.fail('the viewer read the value'),
    (error: Error) => error,
  );
  viewer.destroy();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, kura, credentials);
  await openSecret(page);
  await page.getByRole('button', { name: 'Reveal the value of AWSCURRENT' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.locator('p').innerText(), `AccessDeniedException: ${refusal.message}`);
  assert.match(await alert.innerText(), /^Access denied — revealing the value of AWSCURRENT/);
  assert.equal(await page.getByTestId('revealed-value').count(), 0);
  await assertAccessible(page, 'a refused reveal');
  await screenshot(page, 'secret-reveal-denied');
  assertNoProblems(run);
});
