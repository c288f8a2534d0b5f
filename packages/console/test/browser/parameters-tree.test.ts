// The Parameters tree page on the reference design: the hierarchy walked with clicks and with the
// keyboard (the ARIA tree pattern), a deep link, search by name, filters by type, tag and label, and
// a user who may not list parameters reading AWS's own denial. Values never appear on this page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { AddTagsToResourceCommand, DescribeParametersCommand, LabelParameterVersionCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { RunningKura } from '../../../kura/test/e2e/harness.js';
import { DB_PASSWORD, PASSWORD_NAME, assertAccessible, assertNoProblems, openBrowser, screenshot, signIn, signInAsAdmin, startSeededKura, type BrowserRun } from './harness.js';
import { MASTER, MASTER_LEAVES, childLabels, focusedItem, levelLoaded, openRoute, resultNames, tree, treeitem, waitForFocus } from './tree-page.js';

let kura: RunningKura;
let run: BrowserRun;
/** A user allowed nothing in SSM: the tree shows AWS's denial. */
let outsider: { accessKeyId: string; secretAccessKey: string };

before(async () => {
  kura = await startSeededKura();
  const client = { endpoint: kura.url, region: kura.region, credentials: kura.credentials };
  const ssm = new SSMClient(client);
  const tag = (name: string, Tags: Array<{ Key: string; Value: string }>) => ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags }));
  await tag(PASSWORD_NAME, [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'db' }]);
  await tag(`${MASTER}/user`, [{ Key: 'env', Value: 'dev' }]);
  await ssm.send(new LabelParameterVersionCommand({ Name: `${MASTER}/host`, Labels: ['live'] }));
  ssm.destroy();
  const iam = new IAMClient(client);
  await iam.send(new CreateUserCommand({ UserName: 'outsider' }));
  // May read IAM (so the console's sign-in works the same) but nothing of SSM.
  await iam.send(new AttachUserPolicyCommand({ UserName: 'outsider', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'outsider' }))).AccessKey;
  outsider = { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
  iam.destroy();
  run = await openBrowser();
  await signInAsAdmin(run.page, kura);
});

after(async () => {
  await run?.close();
  await kura?.stop();
});

test('walk the reference design with clicks: / → goecssample → database → sample → master → its five parameters', async () => {
  const { page } = run;
  await openRoute(page, '#/parameters');
  await levelLoaded(page, '/');
  assert.equal(await treeitem(page, '/').getAttribute('aria-expanded'), 'true', 'the root opens by itself');
  assert.deepEqual(await childLabels(page, '/'), ['goecssample']);
  let at = '';
  for (const segment of ['goecssample', 'database', 'sample', 'master']) {
    at = `${at}/${segment}`;
    const item = treeitem(page, segment);
    assert.equal(await item.getAttribute('aria-expanded'), 'false');
    await item.locator('> .tree-path-label').click();
    await levelLoaded(page, at);
    assert.equal(await item.getAttribute('aria-expanded'), 'true');
    assert.equal(await item.getAttribute('aria-level'), String(at.split('/').length));
    // The address follows the tree (replaceState), so a reload opens it here again.
    assert.equal(new URL(page.url()).hash, `#/parameters?path=${encodeURIComponent(at)}`);
  }
  assert.deepEqual(await childLabels(page, MASTER), MASTER_LEAVES);
  const password = treeitem(page, 'password');
  assert.equal(await password.getAttribute('aria-level'), '6');
  assert.match(await password.innerText(), /SecureString · version 1 · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  assert.ok(!(await page.content()).includes(DB_PASSWORD), 'no value on the tree page');
  await assertAccessible(page, 'the parameter tree');
  await screenshot(page, 'parameters-tree');
  // Collapsing hides the subtree; opening again shows it without fetching anew.
  await treeitem(page, 'sample').locator('> .tree-path-label').click();
  assert.equal(await treeitem(page, 'password').count(), 0);
  await treeitem(page, 'sample').locator('> .tree-path-label').click();
  assert.equal(await treeitem(page, 'password').count(), 1);
  await password.getByRole('link', { name: 'password' }).click();
  await page.waitForURL((url) => url.hash === `#/parameters/view?name=${encodeURIComponent(PASSWORD_NAME)}`);
  assertNoProblems(run);
});

test('walk it with the keyboard: one tab stop, arrows open and move, Home/End, type-ahead, Enter opens', async () => {
  const { page } = run;
  await openRoute(page, '#/parameters');
  await levelLoaded(page, '/');
  const stops = await tree(page).locator('[tabindex="0"]').count();
  assert.equal(stops, 1, 'roving tabindex: one item in the tab order');
  // From the form's last button, Tab enters the tree at its one tab stop: the root.
  await page.getByRole('button', { name: 'Clear' }).focus();
  await page.keyboard.press('Tab');
  await waitForFocus(page, 'p:/');
  await page.keyboard.press('ArrowDown');
  await waitForFocus(page, 'p:/goecssample');
  let at = '/goecssample';
  for (const next of ['database', 'sample', 'master']) {
    await page.keyboard.press('ArrowRight'); // opens
    await levelLoaded(page, at);
    assert.equal(await treeitem(page, at.slice(at.lastIndexOf('/') + 1)).getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowRight'); // steps in
    at = `${at}/${next}`;
    await waitForFocus(page, `p:${at}`);
  }
  await page.keyboard.press('ArrowRight');
  await levelLoaded(page, MASTER);
  await page.keyboard.press('ArrowRight');
  await waitForFocus(page, `n:${MASTER}/host`);
  await page.keyboard.press('ArrowDown');
  await waitForFocus(page, `n:${MASTER}/name`);
  await page.keyboard.press('End');
  await waitForFocus(page, `n:${MASTER}/user`);
  await page.keyboard.press('p');
  await waitForFocus(page, `n:${MASTER}/password`);
  await page.keyboard.press('p');
  await waitForFocus(page, `n:${MASTER}/port`);
  await page.keyboard.press('ArrowLeft'); // to the parent
  await waitForFocus(page, `p:${MASTER}`);
  await page.keyboard.press('ArrowLeft'); // closes it
  assert.equal(await treeitem(page, 'master').getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('Enter'); // opens it again
  assert.equal(await treeitem(page, 'master').getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Home');
  await waitForFocus(page, 'p:/');
  await page.keyboard.press('End');
  await waitForFocus(page, `n:${MASTER}/user`);
  assert.equal(await tree(page).locator('[tabindex="0"]').count(), 1);
  await screenshot(page, 'parameters-tree-keyboard');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await waitForFocus(page, `n:${MASTER}/password`);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.hash === `#/parameters/view?name=${encodeURIComponent(PASSWORD_NAME)}`);
  assertNoProblems(run);
});

test('a deep link opens the tree down to its path, with that path in the tab order', async () => {
  const { page } = run;
  await openRoute(page, `#/parameters?path=${encodeURIComponent(MASTER)}`);
  await levelLoaded(page, MASTER);
  assert.deepEqual(await childLabels(page, MASTER), MASTER_LEAVES);
  for (const path of ['/', '/goecssample', '/goecssample/database', '/goecssample/database/sample', MASTER]) {
    assert.equal(await page.locator(`[data-item="p:${path}"]`).getAttribute('aria-expanded'), 'true');
  }
  assert.equal(await tree(page).locator('[tabindex="0"]').getAttribute('data-item'), `p:${MASTER}`);
  assert.equal(await page.getByLabel('Under path').inputValue(), MASTER, 'a search starts where the tree is');
  // A path that holds nothing says so in its level.
  await openRoute(page, '#/parameters?path=/goecssample/nothing-here');
  await levelLoaded(page, '/goecssample/nothing-here');
  await tree(page).getByText('No sub-paths or parameters under /goecssample/nothing-here.').waitFor();
  assert.equal(await focusedItem(page), null, 'a deep link does not take the focus by itself');
  assertNoProblems(run);
});

test('the Parameters link, clicked on the tree, starts it over: first level, nothing open, no typed search; Back returns', async () => {
  const { page } = run;
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Parameters' });
  const open = async (label: string, path: string) => {
    await treeitem(page, label).locator('> .tree-path-label').click();
    await levelLoaded(page, path);
  };
  await openRoute(page, '#/parameters');
  await levelLoaded(page, '/');
  await open('goecssample', '/goecssample');
  await open('database', '/goecssample/database');
  await page.getByLabel('Name', { exact: true }).fill('typed, not searched');
  // A fresh tree has its one tab stop on the root (it was on database, the item last clicked).
  const startedOver = () => tree(page).locator('[tabindex="0"][data-item="p:/"]').waitFor();
  await link.click();
  await startedOver();
  await levelLoaded(page, '/');
  assert.equal(await treeitem(page, 'goecssample').getAttribute('aria-expanded'), 'false');
  assert.equal(await treeitem(page, 'database').count(), 0);
  assert.equal(new URL(page.url()).hash, '#/parameters');
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), '');
  // Focus as after any visit: on the link followed.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Parameters');
  await page.goBack();
  await levelLoaded(page, '/goecssample/database');
  assert.equal(await treeitem(page, 'database').getAttribute('aria-expanded'), 'true');
  // Already at the start's address (goecssample closed again), the link still starts over: what
  // was open below the closed path stays closed when it is opened again.
  await treeitem(page, 'goecssample').locator('> .tree-path-label').click();
  assert.equal(new URL(page.url()).hash, '#/parameters');
  await link.click();
  await startedOver();
  await levelLoaded(page, '/');
  await open('goecssample', '/goecssample');
  assert.equal(await treeitem(page, 'database').getAttribute('aria-expanded'), 'false');
  assertNoProblems(run);
});

test('search by name: Contains and Begins with, as a flat list linking each parameter', async () => {
  const { page } = run;
  await openRoute(page, '#/parameters');
  await page.getByLabel('Name', { exact: true }).fill('pass');
  await page.getByRole('button', { name: 'Search' }).click();
  assert.deepEqual(await resultNames(page), [PASSWORD_NAME]);
  assert.equal(await tree(page).count(), 0, 'a search shows a list, not the tree');
  assert.equal(new URL(page.url()).hash, '#/parameters?q=pass');
  await page.getByLabel('Name', { exact: true }).fill(`${MASTER}/p`);
  await page.getByLabel('Match').selectOption('BeginsWith');
  await page.getByRole('button', { name: 'Search' }).click();
  assert.deepEqual(await resultNames(page), [PASSWORD_NAME, `${MASTER}/port`]);
  assert.match(await page.getByRole('status').innerText(), /^2 parameters\.$/);
  await assertAccessible(page, 'the parameter search results');
  await screenshot(page, 'parameters-search');
  assert.ok(!(await page.content()).includes(DB_PASSWORD));
  await page.getByLabel('Name', { exact: true }).fill('no-such-thing');
  await page.getByLabel('Match').selectOption('Contains');
  await page.getByRole('button', { name: 'Search' }).click();
  assert.deepEqual(await resultNames(page), []);
  await page.getByText('No parameter matches.').waitFor();
  // Clear brings the tree back.
  await page.getByRole('button', { name: 'Clear' }).click();
  await levelLoaded(page, '/');
  assertNoProblems(run);
});

test('filter by type SecureString, by a tag (with and without a value) and by a label, alone and with a name or a path', async () => {
  const { page } = run;
  await openRoute(page, '#/parameters?type=SecureString');
  assert.deepEqual(await resultNames(page), [PASSWORD_NAME]);
  assert.equal(await page.getByLabel('Type').inputValue(), 'SecureString', 'the form shows what the route says');
  await screenshot(page, 'parameters-filter-type');
  await assertAccessible(page, 'the type filter');

  await openRoute(page, '#/parameters');
  await page.getByLabel('Tag key').fill('env');
  await page.getByRole('button', { name: 'Search' }).click();
  assert.deepEqual(await resultNames(page), [PASSWORD_NAME, `${MASTER}/user`]);
  await page.getByLabel('Tag value (optional)').fill('prod');
  await page.getByRole('button', { name: 'Search' }).click();
  assert.deepEqual(await resultNames(page), [PASSWORD_NAME]);
  await screenshot(page, 'parameters-filter-tag');
  await assertAccessible(page, 'the tag filter');
  await openRoute(page, `#/parameters?tag=env&type=String&path=${encodeURIComponent('/goecssample/database')}`);
  assert.deepEqual(await resultNames(page), [`${MASTER}/user`]);
  await openRoute(page, `#/parameters?tag=env&path=${encodeURIComponent('/elsewhere')}`);
  assert.deepEqual(await resultNames(page), []);

  await openRoute(page, '#/parameters?label=live');
  assert.deepEqual(await resultNames(page), [`${MASTER}/host`]);
  assert.ok(!(await page.content()).includes('>db<'), 'the label search drops values (host is "db")');
  await openRoute(page, '#/parameters?label=live&q=port');
  assert.deepEqual(await resultNames(page), []);
  // A label and a tag together are refused at the field, before anything is sent.
  await openRoute(page, '#/parameters');
  await page.getByLabel('Tag key').fill('env');
  await page.getByLabel('Label').fill('live');
  await page.getByRole('button', { name: 'Search' }).click();
  assert.equal(await page.getByLabel('Label').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#filter-label-problem').innerText(), /can’t be combined with a tag/);
  assert.equal(await tree(page).count(), 1, 'still the tree');
  assertNoProblems(run);
});

test('AWS errors verbatim: a filter SSM refuses, and a user who may not DescribeParameters', async () => {
  const { page } = run;
  await openRoute(page, '#/parameters?q=x&path=/aws/reserved');
  const refusal = page.getByRole('alert');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /ValidationException: Filters for common parameters can't be prefixed with "aws" or "ssm"/);

  const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: outsider });
  const expected = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: ['/'] }], MaxResults: 50 })).then(
    () => assert.fail('the outsider may not DescribeParameters'),
    (error: Error) => error,
  );
  ssm.destroy();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, kura, outsider);
  await openRoute(page, '#/parameters');
  await levelLoaded(page, '/');
  const denial = tree(page).locator('.notice-denied').filter({ hasText: 'listing the parameters' });
  await denial.waitFor();
  assert.equal(await denial.getAttribute('role'), 'alert');
  assert.ok((await denial.innerText()).includes(`${expected.name}: ${expected.message}`), `AWS's words: ${expected.message}`);
  await assertAccessible(page, 'the tree, denied');
  await screenshot(page, 'parameters-tree-denied');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInAsAdmin(page, kura);
  assertNoProblems(run);
});
