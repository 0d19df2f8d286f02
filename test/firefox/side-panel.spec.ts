/**
 * Policy panel.surface "side-panel" in Firefox: the add-on's sidebar (sidebar_action) holds the verification.
 * Puppeteer cannot drive Firefox's sidebar, so its page is opened in a tab of the same window, before the CRM
 * tab, which stays the active tab the sidebar follows. The manifest's sidebar and its command are read from
 * the add-on itself.
 */
import type { Page } from 'puppeteer-core';
import { test, expect, callUrl, expectText, typeInto } from './fixtures.ts';
import { openExtensionPage, poll } from './firefox.ts';
import { sessionValue, setOptions } from './extension-state.ts';

type Manifest = { sidebar_action?: { default_panel?: string; open_at_install?: boolean }; commands?: Record<string, { suggested_key?: { default?: string } }> };

/** Everything of ours the CRM page holds: frames at our origin, marked elements, and the page's text and HTML. */
async function whatThePageSees(page: Page, origin: string): Promise<{ ourFrames: number; ours: string[]; html: string; cueReadable: boolean }> {
  let ourFrames = 0;
  for (const frame of page.frames()) if ((await frame.evaluate(() => location.href).catch(() => '')).startsWith(origin)) ourFrames++;
  const seen = await page.evaluate(() => ({
    ours: Array.from(document.querySelectorAll('*')).flatMap((el) => el.getAttributeNames().filter((a) => a.startsWith('data-caller-verify') && a !== 'data-caller-verify-guards')),
    html: document.documentElement.outerHTML + document.body.innerText,
    cueReadable: Array.from(document.querySelectorAll('[data-caller-verify-cue]')).some((c) => c.shadowRoot !== null),
  }));
  return { ourFrames, ...seen };
}

test('the sidebar is declared, not opened at install, with Alt+Shift+V', async ({ firefox, options }) => {
  const manifest = await options.evaluate(() => (globalThis as unknown as { browser: { runtime: { getManifest(): Manifest } } }).browser.runtime.getManifest());
  expect(manifest.sidebar_action).toMatchObject({ default_panel: `${firefox.origin}/sidepanel.html`, open_at_install: false });
  expect(manifest.commands?._execute_sidebar_action?.suggested_key?.default).toBe('Alt+Shift+V');
});

test('side-panel mode: ANI match → Verified in the sidebar; the page gets only the cue and learns nothing', async ({ firefox, options, api }) => {
  test.setTimeout(120_000);
  await setOptions(options, { apiBaseUrl: api.url, panel: { surface: 'side-panel' } });
  const side = await openExtensionPage(firefox.browser, `${firefox.origin}/sidepanel.html`);
  await poll('sidebar without a call', () => side.evaluate(() => document.querySelector('[data-side="no-call"]') !== null || undefined));
  const { url, interactionId } = callUrl('+1 (415) 555-0100');
  const page = await firefox.browser.newPage();
  await page.goto(url);
  const frame = side.mainFrame();
  await expectText(frame, '.status .name', 'Ada Lovelace');
  await expectText(frame, '[data-outcome]', 'Identified only');
  await typeInto(frame, 'Date of birth', '10/12/1985');
  await typeInto(frame, 'Postcode', '94107');
  await typeInto(frame, 'Last 4 digits of PIN', '1815');
  await side.keyboard.press('Enter');
  await expectText(frame, '[data-outcome]', 'Verified');
  await expect.poll(async () => (await sessionValue<{ flow: { step: { name: string } } }>(options, `ix:${interactionId}`))?.flow.step.name).toBe('verified');
  const seen = await whatThePageSees(page, firefox.origin);
  expect(seen.ourFrames).toBe(0);
  expect(seen.ours).toEqual(['data-caller-verify-cue']);
  expect(seen.cueReadable).toBe(false);
  for (const secret of ['C-1001', '1985', '94107', '1815', 'Verified', 'Identified']) expect(seen.html, secret).not.toContain(secret);
});

test('page mode (the default): the sidebar says the panel is in the page and acts on nothing', async ({ firefox, options, api }) => {
  test.setTimeout(120_000);
  await setOptions(options, { apiBaseUrl: api.url });
  const side = await openExtensionPage(firefox.browser, `${firefox.origin}/sidepanel.html`);
  const page = await firefox.browser.newPage();
  const { url, interactionId } = callUrl('+1 (415) 555-0100');
  await page.goto(url);
  await poll('the in-page panel', async () => (await sessionValue(options, `ix:${interactionId}`)) ? true : undefined);
  await poll('sidebar off notice', () => side.evaluate(() => document.querySelector('[data-side="off"]') !== null || undefined));
  const reply = await side.evaluate((ix) => (globalThis as unknown as { browser: { runtime: { sendMessage(m: object): Promise<unknown> } } }).browser.runtime.sendMessage({ type: 'panel.hello', interactionId: ix }), interactionId);
  expect(reply ?? null).toBeNull();
});
