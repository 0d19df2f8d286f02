/**
 * A page's first closed shadow root, inside a call view. A new call is read in the view's open roots and
 * reported; its custom elements are asked for closed roots (chrome.dom.openOrClosedShadowRoot) right after,
 * and a call that changes with them is reported again. Once a page has shown a closed root, its calls are
 * read with every root before the report. Either way the panel ends on the number the adapter ranks first.
 */
import type { Page } from '@playwright/test';
import { test, expect, panelFrame, SF_ORIGIN } from './fixtures.ts';
import { contentWorld } from './content-world.ts';

const ADA = '+1 (415) 555-0100';
const GRACE = '+44 20 7946 0018';
const sfId = (): string => `0LQ${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}AAA`;
/** A Voice Call whose From field shows `ani` inside a closed root, and a legacy "From" item shows `decoy` in the light DOM. */
const closedCall = (id: string, ani: string, decoy: string): string =>
  `/lightning/r/VoiceCall/${id}/view?ani=${encodeURIComponent(ani)}&closedFrom=${encodeURIComponent(decoy)}`;

/** In the content script's world: every call.detected it sends, as `interactionId rawAni`. */
const RECORD_REPORTS = `(() => {
  const rt = chrome.runtime, send = rt.sendMessage;
  globalThis.__reports = [];
  rt.sendMessage = function (...a) {
    if (a[0] && a[0].type === 'call.detected') globalThis.__reports.push(a[0].interactionId + ' ' + a[0].rawAni);
    return send.apply(this, a);
  };
})()`;

const navigate = (page: Page, path: string) => page.evaluate((p) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(p), path);

test('a number in the page\'s first closed root wins over a label fallback in the light DOM, reported again; later calls read it first', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  const world = await contentWorld(page);
  await world(RECORD_REPORTS);
  const reports = async (id: string): Promise<string[]> => ((await world('globalThis.__reports')) as string[]).filter((r) => r.startsWith(`${id} `));
  const nameIn = async (id: string) => {
    await expect.poll(() => page.frames().some((f) => !f.isDetached() && f.url().includes(`ix=${id}`)), { message: `panel for ${id}` }).toBe(true);
    return (await panelFrame(page, extensionId)).locator('.status .name');
  };

  // First call: no closed root seen yet. The label fallback's number goes first, the closed root's right after.
  const first = sfId();
  await navigate(page, closedCall(first, ADA, GRACE));
  await expect(await nameIn(first)).toHaveText('Ada Lovelace');
  const firstReports = await reports(first);
  expect(firstReports).toHaveLength(2);
  expect(firstReports[0]).toContain(GRACE);
  expect(firstReports[1]).toContain(ADA);
  // The decoy's look-up, answered or not, does not come back.
  await page.waitForTimeout(500);
  await expect(await nameIn(first)).toHaveText('Ada Lovelace');

  // Second call on the same page: it has shown a closed root, so the call is read with every root before the report.
  const second = sfId();
  await navigate(page, closedCall(second, GRACE, ADA));
  await expect(await nameIn(second)).toHaveText('Grace Hopper');
  const secondReports = await reports(second);
  expect(secondReports).toHaveLength(1);
  expect(secondReports[0]).toContain(GRACE);
});
