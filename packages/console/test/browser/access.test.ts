// Access: the principals and their policies, "who can read this parameter?" and "what can this role
// read?", as the administrator (through the console-admin role: IAM refuses GetSessionToken
// credentials), and what a sign-in without a role is told. Every page is photographed and checked
// with axe-core.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AddUserToGroupCommand, AttachGroupPolicyCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Page } from 'playwright-core';
import type { RunningKura } from '../../../kura/test/e2e/harness.js';
import { PASSWORD_NAME, assertAccessible, assertNoProblems, openBrowser, screenshot, signIn, signInAsAdmin, startSeededKura, type BrowserRun } from './harness.js';

let kura: RunningKura;
let run: BrowserRun;

const go = (page: Page, hash: string) => page.evaluate((h) => (location.hash = h), hash);

before(async () => {
  kura = await startSeededKura();
  const clients = { endpoint: kura.url, region: kura.region, credentials: kura.credentials };
  const ssm = new SSMClient(clients);
  await ssm.send(new PutParameterCommand({ Name: '/other/x', Type: 'String', Value: 'not for the task' }));
  ssm.destroy();
  // A group that may read SSM (AmazonSSMReadOnlyAccess) but not decrypt, with a user of its own.
  const iam = new IAMClient(clients);
  await iam.send(new CreateGroupCommand({ GroupName: 'ssm-readers' }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'ssm-readers', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' }));
  await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'ssm-readers', UserName: 'auditor' }));
  iam.destroy();
  run = await openBrowser();
  await signInAsAdmin(run.page, kura);
});

after(async () => {
  await run?.close();
  await kura?.stop();
});

test('lists users, roles and groups, one tab each', async () => {
  const { page } = run;
  await go(page, '#/access');
  await page.getByRole('heading', { name: 'Access', level: 1 }).waitFor();
  const users = page.getByTestId('user-list');
  await users.getByRole('link', { name: 'ci', exact: true }).waitFor();
  for (const name of ['admin', 'auditor']) await users.getByRole('link', { name, exact: true }).waitFor();
  await assertAccessible(page, 'the users list');
  await screenshot(page, 'access-users');

  await page.getByRole('navigation', { name: 'Principal kinds' }).getByRole('link', { name: 'Roles' }).click();
  const roles = page.getByTestId('role-list');
  await roles.getByRole('link', { name: 'go-ecs-sample' }).waitFor();
  await roles.getByRole('link', { name: 'console-admin' }).waitFor();
  assert.match(await roles.innerText(), /the sample's ECS task role/);
  await assertAccessible(page, 'the roles list');
  await screenshot(page, 'access-roles');

  await page.getByRole('navigation', { name: 'Principal kinds' }).getByRole('link', { name: 'Groups' }).click();
  await page.getByTestId('group-list').getByRole('link', { name: 'ssm-readers' }).waitFor();
  await assertAccessible(page, 'the groups list');
  await screenshot(page, 'access-groups');
  assertNoProblems(run);
});

test("the task role's page: its trust policy and the go-ecs-sample managed policy", async () => {
  const { page } = run;
  await go(page, '#/access/role/go-ecs-sample');
  await page.getByRole('heading', { name: 'Role go-ecs-sample' }).waitFor();
  const trust = page.getByTestId('trust-policy-view');
  await trust.waitFor();
  const trustText = await trust.innerText();
  assert.match(trustText, /ecs-tasks\.amazonaws\.com/);
  assert.match(trustText, /arn:aws:iam::000000000000:user\/ci/);
  assert.match(trustText, /\n {2}"Statement"/, 'pretty-printed');
  const managed = page.getByTestId('managed-go-ecs-sample');
  await managed.getByRole('link', { name: 'go-ecs-sample' }).waitFor();
  const document = managed.getByTestId('managed-go-ecs-sample-view');
  await document.waitFor();
  assert.match(await document.innerText(), /ssm:GetParametersByPath/);
  assert.match(await document.innerText(), /kms:Decrypt/);
  await page.getByText('No inline policy.').waitFor();
  await page.getByText('No permissions boundary.').waitFor();
  await assertAccessible(page, 'the role page');
  await screenshot(page, 'access-role');
  assertNoProblems(run);
});

test("a user's page shows inline policies and groups; a group's page its members; a policy's page its versions", async () => {
  const { page } = run;
  await go(page, '#/access/user/ci');
  await page.getByRole('heading', { name: 'User ci' }).waitFor();
  const inline = page.getByTestId('inline-assume-task-role-view');
  await inline.waitFor();
  assert.match(await inline.innerText(), /sts:AssumeRole/);
  await page.getByText('The user is in no group.').waitFor();
  await assertAccessible(page, 'the user page');
  await screenshot(page, 'access-user');

  await go(page, '#/access/group/ssm-readers');
  await page.getByRole('heading', { name: 'Group ssm-readers' }).waitFor();
  await page.getByTestId('group-users').getByRole('link', { name: 'auditor' }).waitFor();
  await page.getByTestId('managed-AmazonSSMReadOnlyAccess-view').waitFor();
  await assertAccessible(page, 'the group page');
  await screenshot(page, 'access-group');

  await page.getByTestId('managed-AmazonSSMReadOnlyAccess').getByRole('link', { name: 'AmazonSSMReadOnlyAccess' }).click();
  await page.getByRole('heading', { name: 'Policy AmazonSSMReadOnlyAccess' }).waitFor();
  await page.getByTestId('policy-version-view').waitFor();
  assert.match(await page.getByTestId('policy-version-view').innerText(), /ssm:Describe\*/);
  await page.getByText('AWS managed', { exact: true }).waitFor();
  await assertAccessible(page, 'the policy page');
  await screenshot(page, 'access-policy');
  assertNoProblems(run);
});

const rowOf = (page: Page, principal: string) => page.locator(`tr[data-principal="${principal}"]`);

test('who can read the reference password: the task role and the administrator, not the ci user', async () => {
  const { page } = run;
  await go(page, `#/access/who-can-read?parameter=${encodeURIComponent(PASSWORD_NAME)}`);
  await page.getByRole('heading', { name: /Who can read/ }).waitFor();
  await page.getByTestId('simulation-status').getByText(/principals can read it\./).waitFor({ timeout: 20_000 });
  const verdict = (principal: string) => rowOf(page, principal).locator('[data-verdict]').getAttribute('data-verdict');
  assert.equal(await verdict('role/go-ecs-sample'), 'yes');
  assert.equal(await verdict('user/admin'), 'yes');
  assert.equal(await verdict('role/console-admin'), 'yes');
  assert.equal(await verdict('user/ci'), 'no');
  assert.equal(await verdict('user/auditor'), 'no', 'its group lets it read SSM, not decrypt');
  assert.equal(await verdict('group/ssm-readers'), 'no');

  const task = rowOf(page, 'role/go-ecs-sample');
  const taskText = await task.innerText();
  assert.match(taskText, /go-ecs-sample/, 'the matched statement names the policy');
  const cells = task.locator('[data-decision]');
  assert.deepEqual(await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-decision'))), ['implicitDeny', 'allowed', 'allowed', 'allowed']);
  assert.match(taskText, /from \/goecssample \(and 3 nearer\)/);
  assert.match(await rowOf(page, 'group/ssm-readers').innerText(), /kms:Decrypt on its key is not allowed/);
  assert.match(await rowOf(page, 'user/ci').innerText(), /no ssm read action is allowed/);
  assert.match(await page.getByTestId('simulation-limit').innerText(), /KMS key policy .* not part of the simulation/);
  assert.match(await page.getByTestId('parameter-facts').innerText(), /alias\/go-ecs-sample → arn:aws:kms:us-east-1:000000000000:key\/3f2504e0/);
  await assertAccessible(page, 'who can read');
  await screenshot(page, 'access-who-can-read');

  await task.getByRole('link', { name: 'go-ecs-sample' }).click();
  await page.getByRole('heading', { name: 'Role go-ecs-sample' }).waitFor();
  assertNoProblems(run);
});

test('what can the task role read: /goecssample is readable, /other is not, down to the password', async () => {
  const { page } = run;
  await go(page, '#/access/role/go-ecs-sample');
  await page.getByTestId('can-read-link').click();
  await page.getByRole('heading', { name: 'What can role go-ecs-sample read?' }).waitFor();
  const branch = (path: string) => page.locator(`li[data-path="${path}"]`);
  await branch('/goecssample').locator('.read-mark').waitFor();
  assert.equal(await branch('/goecssample').getAttribute('data-readable'), 'true');
  assert.equal(await branch('/other').getAttribute('data-readable'), 'false');
  assert.match(await branch('/other').locator(':scope > .read-mark').innerText(), /not readable by path/);
  assert.match(await page.getByTestId('root-mark').innerText(), /not readable by path/);

  // Down the tree with the keyboard: focus the toggle, Enter opens it.
  for (const path of ['/goecssample', '/goecssample/database', '/goecssample/database/sample', '/goecssample/database/sample/master']) {
    const toggle = branch(path).locator(':scope > button');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  }
  const password = page.locator(`li[data-parameter="${PASSWORD_NAME}"]`);
  await password.locator('.read-mark').waitFor();
  assert.equal(await password.getAttribute('data-readable'), 'true');
  assert.match(await password.innerText(), /kms:Decrypt allowed/);
  assert.equal(await branch('/goecssample/database').getAttribute('data-readable'), 'true');
  await assertAccessible(page, 'what can the task role read');
  await screenshot(page, 'access-can-read');

  await branch('/other').locator(':scope > button').click();
  const x = page.locator('li[data-parameter="/other/x"]');
  await x.locator('.read-mark').waitFor();
  assert.equal(await x.getAttribute('data-readable'), 'false');
  assertNoProblems(run);
});

test('a Deny of GetParametersByPath on the password keeps it out of an allowed path: the server leaves it out, the console says so', async () => {
  const { page } = run;
  const clients = { endpoint: kura.url, region: kura.region, credentials: kura.credentials };
  const iam = new IAMClient(clients);
  const arn = (p: string) => `arn:aws:ssm:${kura.region}:000000000000:parameter${p}`;
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: [arn('/goecssample'), arn('/goecssample/*')] },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' },
      { Effect: 'Deny', Action: 'ssm:GetParametersByPath', Resource: arn(PASSWORD_NAME) },
    ],
  };
  await iam.send(new CreateUserCommand({ UserName: 'path-lister' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'path-lister', PolicyName: 'list-but-the-password', PolicyDocument: JSON.stringify(policy) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'path-lister' }))).AccessKey;
  iam.destroy();

  // The server (default strict path mode) lists the password's siblings to this user, never the password.
  const ssm = new SSMClient({ ...clients, credentials: { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' } });
  for (const [path, recursive] of [['/goecssample/database/sample/master', false], ['/goecssample', true]] as const) {
    const listed = (await ssm.send(new GetParametersByPathCommand({ Path: path, Recursive: recursive }))).Parameters?.map((p) => p.Name) ?? [];
    assert.ok(listed.includes('/goecssample/database/sample/master/user'), `${path} lists the user name`);
    assert.ok(!listed.includes(PASSWORD_NAME), `${path} leaves the password out`);
  }
  ssm.destroy();

  await go(page, `#/access/who-can-read?parameter=${encodeURIComponent(PASSWORD_NAME)}`);
  await page.getByTestId('simulation-status').getByText(/principals can read it\./).waitFor({ timeout: 20_000 });
  const row = rowOf(page, 'user/path-lister');
  assert.equal(await row.locator('[data-verdict]').getAttribute('data-verdict'), 'no');
  assert.deepEqual(await row.locator('[data-decision]').evaluateAll((els) => els.map((e) => e.getAttribute('data-decision'))), ['implicitDeny', 'implicitDeny', 'explicitDeny', 'allowed']);
  const text = await row.innerText();
  assert.match(text, /ssm:GetParametersByPath on \/goecssample \(and 3 nearer\) is allowed, but an explicit Deny on this parameter keeps it out of the listing \(Kura's default strict path mode; a server started with --path-authorization aws would return it\)/);
  assert.match(text, /an explicit Deny on the parameter keeps it out of path listings/);
  assert.match(text, /list-but-the-password/, 'the Deny is the matched statement');
  assert.equal(await rowOf(page, 'role/go-ecs-sample').locator('[data-verdict]').getAttribute('data-verdict'), 'yes', 'a path Allow alone still reads');
  await assertAccessible(page, 'who can read, a parameter kept out of a path');
  await screenshot(page, 'access-who-can-read-kept-out');

  // What can it read: /goecssample is readable by path; in it, the password is not, and says why.
  await go(page, '#/access/can-read?user=path-lister');
  const branch = (path: string) => page.locator(`li[data-path="${path}"]`);
  await branch('/goecssample').locator('.read-mark').waitFor();
  for (const path of ['/goecssample', '/goecssample/database', '/goecssample/database/sample', '/goecssample/database/sample/master']) {
    await branch(path).locator(':scope > button').click();
  }
  const password = page.locator(`li[data-parameter="${PASSWORD_NAME}"]`);
  await password.locator('.read-mark').waitFor();
  assert.equal(await password.getAttribute('data-readable'), 'false');
  assert.match(await password.innerText(), /an explicit Deny on it keeps it out of the listing of \/goecssample/);
  assert.equal(await page.locator('li[data-parameter="/goecssample/database/sample/master/user"]').getAttribute('data-readable'), 'true');
  await assertAccessible(page, 'what can it read, a parameter kept out of a path');
  assertNoProblems(run);
});

test('signed in without a role, Access says that IAM refuses GetSessionToken credentials and what to do', async () => {
  const { page } = run;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, kura, kura.credentials);
  await go(page, '#/access');
  const help = page.getByTestId('iam-session-token-help');
  await help.waitFor();
  assert.match(await help.innerText(), /GetSessionToken.*sign in again with a role to assume/s);
  assert.match(await page.locator('[data-error-code="InvalidClientTokenId"]').innerText(), /The security token included in the request is invalid/);
  await assertAccessible(page, 'access without a role');
  await screenshot(page, 'access-no-role');
  // Who can read lists users, roles and groups: the three refusals are one notice.
  await go(page, `#/access/who-can-read?parameter=${encodeURIComponent(PASSWORD_NAME)}`);
  await page.getByTestId('iam-session-token-help').waitFor();
  assert.equal(await page.getByTestId('iam-session-token-help').count(), 1);
  assert.match(await page.locator('[data-error-code="InvalidClientTokenId"]').innerText(), /listing users, roles, groups/);
  assertNoProblems(run);
});
