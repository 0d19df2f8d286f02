/**
 * The extension reloaded under an open console (an update does the same): Chromium leaves the old content script
 * running, orphaned. Its next send fails, and it must then notice it is orphaned and stop: observers off, its
 * panel host removed, nothing more sent. The check of WXT's context is asked after a send that got no answer,
 * not before each send (it cost ~15 µs of every call's detection), so this is what shows it is still asked.
 */
import { test, expect, callUrl, panelFrame } from './fixtures.ts';

type Fixture = { fixture: { navigate(p: string): void } };
const HOST = '[data-caller-verify-panel]';

test('reloaded extension: the orphaned content script stops at its next call and removes its panel', async ({ context, worker, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(callUrl('+1 (415) 555-0100'));
  await expect((await panelFrame(page, extensionId)).locator('.status .name')).toHaveText('Ada Lovelace');
  await expect(page.locator(HOST)).toHaveCount(1);

  // The call's worker goes with the old extension (evaluate may not get its answer back).
  const gone = new Promise((r) => worker.once('close', r));
  void worker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload()).catch(() => undefined);
  await gone;
  // Nothing tells the orphan yet: its panel host stays until it next tries to reach the worker.
  await page.waitForTimeout(500);
  await expect(page.locator(HOST)).toHaveCount(1);

  const path = new URL(callUrl('+44 20 7946 0018'));
  await page.evaluate((p) => (window as unknown as Fixture).fixture.navigate(p), path.pathname + path.search);
  await expect(page.locator(HOST), 'the orphan noticed at its next call and removed its host').toHaveCount(0);
});
