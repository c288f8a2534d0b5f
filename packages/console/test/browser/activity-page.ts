// Driving the Activity page (src/pages/activity/) from the browser tests: its rows, its filters, the
// tab's visibility, and waiting for the rows of the filters just applied.

import type { Page } from 'playwright-core';

export const rows = (page: Page) => page.locator('tbody.activity-event');

/**
 * Waits until the events shown are those of the filters just applied (the previous filters' rows may
 * stay a moment): some rows, each with `text` in column `n`. A function, not a string: the page's
 * CSP forbids evaluating strings, which waitForFunction's polling would do.
 */
export async function columnSettles(page: Page, n: number, text: string): Promise<void> {
  await page.waitForFunction(
    ([column, wanted]) => {
      const cells = Array.from(document.querySelectorAll(`tbody.activity-event > tr:first-child > td:nth-child(${column})`)).map((c) => (c as HTMLElement).innerText.trim());
      return cells.length > 0 && cells.every((c) => c === wanted);
    },
    [n, text] as const,
  );
}

export const eventRow = (page: Page, text: RegExp | string, decision?: string) => page.locator(`tbody.activity-event${decision ? `.activity-${decision}` : ''}`, { hasText: text });

export async function applyFilters(page: Page, fill: { principal?: string; action?: string; decision?: string }): Promise<void> {
  await page.getByLabel('Principal').fill(fill.principal ?? '');
  await page.getByLabel('Action', { exact: true }).fill(fill.action ?? '');
  await page.getByLabel('Decision').selectOption(fill.decision ?? '');
  await page.getByRole('button', { name: 'Apply filters' }).click();
}

/** What the Page Visibility API reports, as when the tab is switched away (a string: tsx would add helpers to a function). */
export const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' }); document.dispatchEvent(new Event('visibilitychange'));`);
