/**
 * Closed shadow roots in Firefox (its `openOrClosedShadowRoot` getter): a Voice Call whose From number is in
 * the page's first closed root, while a legacy "From" item shows another number in the light DOM. The call is
 * reported from the open roots first and again once the closed root is read; the panel must end on the closed
 * root's caller. The page's next call is read with every root first: one report. The reports are seen from the
 * options page (an extension page gets the content script's messages as the background does).
 */
import type { Page } from 'puppeteer-core';
import { test, expect, callUrl, panelFrame, expectText } from './fixtures.ts';

type Reports = { __reports: string[]; browser: { runtime: { onMessage: { addListener(f: (m: { type?: string; interactionId?: string; rawAni?: string }) => void): void } } } };
/** In an extension page: note every call.detected as `interactionId rawAni` (the listener answers nothing). */
const recordReports = (options: Page) => options.evaluate(() => {
  const g = globalThis as unknown as Reports;
  g.__reports = [];
  g.browser.runtime.onMessage.addListener((m) => { if (m?.type === 'call.detected') g.__reports.push(`${m.interactionId} ${m.rawAni}`); });
});
const reportsOf = async (options: Page, id: string): Promise<string[]> =>
  (await options.evaluate(() => (globalThis as unknown as Reports).__reports)).filter((r) => r.startsWith(`${id} `));

const ADA = '+1 (415) 555-0100';
const GRACE = '+44 20 7946 0018';

test('a number in a closed shadow root wins over a label fallback in the light DOM, on the first call and the next', async ({ firefox, options, useApi: _ }) => {
  await recordReports(options);
  const { url, interactionId } = callUrl(ADA);
  const page = await firefox.browser.newPage();
  await page.goto(`${url}&closedFrom=${encodeURIComponent(GRACE)}`);
  const panel = await panelFrame(page, firefox.origin);
  await expectText(panel, '.status .name', 'Ada Lovelace');
  // The decoy's look-up, answered or not, does not come back.
  await new Promise((r) => setTimeout(r, 500));
  await expectText(panel, '.status .name', 'Ada Lovelace');
  const first = await reportsOf(options, interactionId);
  expect(first).toHaveLength(2);
  expect(first[0]).toContain(GRACE);
  expect(first[1]).toContain(ADA);

  const next = callUrl(GRACE);
  const path = `${new URL(next.url).pathname}?ani=${encodeURIComponent(GRACE)}&closedFrom=${encodeURIComponent(ADA)}`;
  await page.evaluate((p) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(p), path);
  await expectText(await panelFrame(page, firefox.origin), '.status .name', 'Grace Hopper');
  const second = await reportsOf(options, next.interactionId);
  expect(second).toHaveLength(1);
  expect(second[0]).toContain(GRACE);
});
