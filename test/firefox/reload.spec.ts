/** The add-on reloaded (or updated) mid-call: Firefox runs the new content script in the open CRM tab. */
import { test, expect, callUrl, panelFrame, expectText } from './fixtures.ts';
import { poll } from './firefox.ts';

test('add-on reloaded mid-call: the new content script replaces the orphaned panel host, one panel shows the call', async ({ firefox, options, useApi: _ }) => {
  const { url } = callUrl('+1 (415) 555-0100');
  const page = await firefox.browser.newPage();
  await page.goto(url);
  await expectText(await panelFrame(page, firefox.origin), '.status .name', 'Ada Lovelace');
  const hosts = (): Promise<number> => page.evaluate(() => document.documentElement.querySelectorAll(':scope > div').length);
  expect(await hosts()).toBe(1);
  await page.evaluate(() => { (window as unknown as { oldHost: Element | null }).oldHost = document.documentElement.querySelector(':scope > div'); });

  await options.evaluate(() => { (globalThis as unknown as { browser: { runtime: { reload(): void } } }).browser.runtime.reload(); });
  // The new content script detects the call again and shows its own host.
  await poll('a new panel host', () => page.evaluate(() => {
    const old = (window as unknown as { oldHost: Element | null }).oldHost;
    return Array.from(document.documentElement.querySelectorAll(':scope > div')).some((d) => d !== old) ? true : undefined;
  }), 20_000);
  await expectText(await panelFrame(page, firefox.origin), '.status .name', 'Ada Lovelace');
  expect(await hosts()).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { oldHost: Element | null }).oldHost?.isConnected)).toBe(false);
});
