// Driving the Parameters tree page (src/pages/parameters/tree*.tsx) from the browser tests: items by
// their accessible name, a level's "loaded" mark, where keyboard focus is, and hash navigation that
// remounts the page (so the tree starts from nothing, as after sign-in).

import type { Locator, Page } from 'playwright-core';

export const MASTER = '/goecssample/database/sample/master';
/** The reference design's five parameters, in the order the server lists them (byte order). */
export const MASTER_LEAVES = ['host', 'name', 'password', 'port', 'user'];

export const tree = (page: Page): Locator => page.getByRole('tree', { name: 'Parameter hierarchy' });
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An item by its label: a path's name is its label; a parameter's goes on with its type, version and date. */
export const treeitem = (page: Page, label: string): Locator => tree(page).getByRole('treeitem', { name: new RegExp(`^${escape(label)}( |$)`) });

/** Waits until both halves of a level (sub-paths and parameters) have come back. */
export async function levelLoaded(page: Page, path: string): Promise<void> {
  await page.locator(`[data-item="p:${path}"] + ul[role="group"][data-loaded="true"]`).waitFor();
}

export async function focusedItem(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-item') ?? null);
}

export async function waitForFocus(page: Page, id: string): Promise<void> {
  try {
    await page.waitForFunction((wanted) => document.activeElement?.getAttribute('data-item') === wanted, id, { timeout: 5000 });
  } catch (error) {
    throw new Error(`focus is on ${String(await focusedItem(page))}, not ${id}`, { cause: error });
  }
}

/** The labels of the items one level below `path`, in order (paths, then parameters). */
export async function childLabels(page: Page, path: string): Promise<string[]> {
  return page.locator(`[data-item="p:${path}"] + ul[role="group"] > li > [role="treeitem"]`).evaluateAll((items) =>
    items.map((item) => item.querySelector('.tree-label')?.textContent ?? ''),
  );
}

/** Opens a route; through a page that is not Parameters first, so the tree starts afresh. */
export async function openRoute(page: Page, hash: string): Promise<void> {
  await page.evaluate(() => {
    location.hash = '#/nowhere';
  });
  await page.getByRole('heading', { name: 'Not found' }).waitFor();
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.getByRole('heading', { name: 'Parameters', level: 1 }).waitFor();
}

/** The flat list's parameter names, once the search is done. */
export async function resultNames(page: Page): Promise<string[]> {
  await page.getByRole('heading', { name: 'Search results' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.list-summary [role="status"]')?.textContent?.startsWith('Searching'));
  return page.locator('table.param-list tbody tr td:first-child').allInnerTexts();
}
