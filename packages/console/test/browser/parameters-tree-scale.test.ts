// The tree with 100,000 parameters: opening the root fetches only its first level (one page of
// sub-paths, one page of parameters), so it is on screen in under a second from the moment sign-in
// is done, timed in the browser with performance.now(). The parameters are written through Kura's
// store port before the server starts (many-parameters.ts says why, with the measurements).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningKura } from '../../../kura/test/e2e/harness.js';
import { assertAccessible, assertNoProblems, consoleAdminRoleArn, openBrowser, screenshot, startSeededKura, type BrowserRun } from './harness.js';
import { fillParameters } from './many-parameters.js';
import { childLabels, levelLoaded, openRoute, treeitem, waitForFocus } from './tree-page.js';

const LAYOUT = { top: 100, middle: 100, leaves: 10, atRoot: 60 };
const BUDGET_MS = 1000;

let kura: RunningKura;
let run: BrowserRun;
let dataDir: string;

before(async () => {
  const started = performance.now();
  dataDir = mkdtempSync(path.join(tmpdir(), 'kura-console-scale-'));
  const filled = await fillParameters(dataDir, LAYOUT);
  kura = await startSeededKura({ dataDir });
  run = await openBrowser();
  console.log(`# scale: ${filled.count} parameters written in ${filled.seconds.toFixed(1)} s; set-up ${((performance.now() - started) / 1000).toFixed(1)} s`);
});

after(async () => {
  await run?.close();
  await kura?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves (in the page) with the time from `start` to the root's first level on screen, in ms. */
function rootRenderedAfter(mark: string): string {
  // Run in the page: polls each animation frame, so the time is when the level was painted-ready.
  return `new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('the root level did not render in 15 s')), 15000);
    const check = () => {
      const start = window[${JSON.stringify(mark)}];
      const group = document.querySelector('[data-item="p:/"] + ul[role="group"][data-loaded="true"]');
      if (start !== undefined && group && group.querySelector('[role="treeitem"]')) {
        clearTimeout(timeout);
        resolve(performance.now() - start);
      } else requestAnimationFrame(check);
    };
    check();
  })`;
}

test('100,000 parameters: the root level renders in under a second from sign-in done', async () => {
  const { page } = run;
  await page.goto(`${kura.url}/_kura/console/`);
  await page.getByLabel('Access key ID').fill(kura.credentials.accessKeyId);
  await page.getByLabel('Secret access key').fill(kura.credentials.secretAccessKey);
  await page.getByLabel('Role to assume (optional)').fill(consoleAdminRoleArn());
  // "Sign-in done": the moment the console's frame (its main navigation) is in the document.
  await page.evaluate(() => {
    const w = window as unknown as Record<string, number>;
    new MutationObserver((_, observer) => {
      if (document.querySelector('nav[aria-label="Main"]')) {
        w['__signedIn'] = performance.now();
        observer.disconnect();
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  const rendered = page.evaluate(rootRenderedAfter('__signedIn')) as Promise<number>;
  await page.getByRole('button', { name: 'Sign in' }).click();
  const afterSignIn = await rendered;

  // Again, warm: from another page back to the tree (a fresh mount, so a fresh fetch).
  await page.evaluate(() => {
    location.hash = '#/nowhere';
  });
  await page.getByRole('heading', { name: 'Not found' }).waitFor();
  const warm = (await page.evaluate(`(() => { window.__navigated = performance.now(); location.hash = '#/parameters'; return ${rootRenderedAfter('__navigated')}; })()`)) as number;

  console.log(`# scale: root level rendered ${afterSignIn.toFixed(0)} ms after sign-in done; ${warm.toFixed(0)} ms after navigating back`);
  assert.ok(afterSignIn < BUDGET_MS, `root level after sign-in: ${afterSignIn.toFixed(0)} ms (budget ${BUDGET_MS} ms)`);
  assert.ok(warm < BUDGET_MS, `root level on navigation: ${warm.toFixed(0)} ms (budget ${BUDGET_MS} ms)`);

  // Only the first level was fetched: 50 of the 101 sub-paths (goecssample sorts first) and 50 of the
  // 60 parameters, each half with "load more".
  const labels = await childLabels(page, '/');
  assert.deepEqual(labels.slice(0, 3), ['goecssample', 'load-00', 'load-01']);
  assert.equal(labels.filter((l) => l === 'goecssample' || l.startsWith('load-')).length, 50);
  assert.equal(labels.filter((l) => l.startsWith('root-')).length, 50);
  assert.ok(labels.includes('Load more sub-paths') && labels.includes('Load more parameters'));
  await assertAccessible(page, 'the tree with 100,000 parameters');
  await screenshot(page, 'parameters-tree-100k');
  assertNoProblems(run);
});

test('100,000 parameters: "load more" pages a level, and focus goes to the first item it brought', async () => {
  const { page } = run;
  await openRoute(page, '#/parameters');
  await levelLoaded(page, '/');
  await treeitem(page, 'Load more sub-paths').click();
  await waitForFocus(page, 'p:/load-49');
  assert.equal((await childLabels(page, '/')).filter((l) => l.startsWith('load-')).length, 99);
  await treeitem(page, 'Load more sub-paths').click();
  await waitForFocus(page, 'p:/load-99');
  let labels = await childLabels(page, '/');
  assert.equal(labels.filter((l) => l.startsWith('load-')).length, 100);
  assert.ok(!labels.includes('Load more sub-paths'), 'the last page carries no token');
  // From the keyboard: End reaches "load more parameters", Enter loads the rest.
  await page.keyboard.press('End');
  await waitForFocus(page, 'mn:/');
  await page.keyboard.press('Enter');
  await waitForFocus(page, 'n:/root-50');
  labels = await childLabels(page, '/');
  assert.equal(labels.filter((l) => l.startsWith('root-')).length, 60);
  assert.ok(!labels.includes('Load more parameters'));
  assertNoProblems(run);
});

test('100,000 parameters: a deep link opens its branch without listing the rest', async () => {
  const { page } = run;
  const started = performance.now();
  await openRoute(page, `#/parameters?path=${encodeURIComponent('/load-97/g42')}`);
  await levelLoaded(page, '/load-97/g42');
  const ms = performance.now() - started;
  assert.deepEqual(await childLabels(page, '/load-97/g42'), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
  // load-97 is past the root's first page of sub-paths: shown anyway, after the ones loaded.
  assert.equal(await page.locator('[data-item="p:/load-97"]').getAttribute('aria-expanded'), 'true');
  console.log(`# scale: deep link to /load-97/g42 rendered in ${ms.toFixed(0)} ms (measured from the test, navigation included)`);
  assertNoProblems(run);
});
