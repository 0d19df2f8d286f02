/**
 * The detection engine end to end: SPA navigation and console tabs, calls that end, a second call,
 * admin-declared adapters (here through agent options in storage.local; the managed-policy variant is
 * adapters-policy.spec.ts), the disabledAdapters kill switch, selector health, and a hostile page that
 * monkey-patches DOM APIs in the MAIN world (the content script's isolated world is not affected).
 */
import type { Frame, Page, Worker } from '@playwright/test';
import { test, expect, panelFrame, SF_ORIGIN } from './fixtures.ts';

type Fixture = { fixture: { ring(o: object): string; answer(): void; hangup(): void; navigate(p: string): void; closeTab(): void; openTabs(): number } };
const fx = (page: Page) => ({
  ring: (o: Record<string, string>) => page.evaluate((x) => (window as unknown as Fixture).fixture.ring(x), o),
  answer: () => page.evaluate(() => (window as unknown as Fixture).fixture.answer()),
  hangup: () => page.evaluate(() => (window as unknown as Fixture).fixture.hangup()),
  navigate: (p: string) => page.evaluate((x) => (window as unknown as Fixture).fixture.navigate(x), p),
  closeTab: () => page.evaluate(() => (window as unknown as Fixture).fixture.closeTab()),
  openTabs: () => page.evaluate(() => (window as unknown as Fixture).fixture.openTabs()),
});
const sfId = (): string => `0LQ${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}AAA`;
const voiceCall = (id: string, ani: string): string => `/lightning/r/VoiceCall/${id}/view?ani=${encodeURIComponent(ani)}`;

type Area = 'local' | 'session';
/** One key of the extension's storage, read in the worker. */
const read = (worker: Worker, area: Area, key: string): Promise<unknown> =>
  worker.evaluate(async ([a, k]) => {
    const s = (globalThis as unknown as { chrome: { storage: Record<string, { get(k: string): Promise<Record<string, unknown>> }> } }).chrome.storage[a as string];
    return (await s!.get(k as string))[k as string];
  }, [area, key]);
const setOptions = (worker: Worker, options: object): Promise<void> =>
  worker.evaluate((o) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: o }), options);

/** The panel iframe showing `id`, once it is attached. */
async function panelFor(page: Page, extensionId: string, id: string): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => !f.isDetached() && f.url().includes(`ix=${id}`)), { message: `panel for ${id}` }).toBe(true);
  return panelFrame(page, extensionId);
}

test('SPA navigation: two calls in a row in console tabs; only the visible tab counts; each keeps its state', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  const [first, second] = [sfId(), sfId()];
  await fx(page).navigate(voiceCall(first, '+1 (415) 555-0100'));
  const firstPanel = await panelFor(page, extensionId, first);
  await expect(firstPanel.locator('.status .name')).toHaveText('Ada Lovelace');
  await page.getByRole('tab', { name: 'Voice Call' }).first().focus(); // the agent is back in the CRM
  await expect.poll(() => firstPanel.evaluate(() => document.hasFocus())).toBe(false);
  const entries = await page.evaluate(() => history.length);
  await fx(page).navigate(voiceCall(second, '+44 20 7946 0018')); // pushState: one entry
  const secondPanel = await panelFor(page, extensionId, second);
  await expect(secondPanel.locator('.status .name')).toHaveText('Grace Hopper');
  // One iframe serves the tab: the same frame moves to the new call by a fragment change that adds no
  // history entry (the CRM's Back must not take the panel to the last caller), and takes keyboard focus.
  expect(secondPanel).toBe(firstPanel);
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);
  await expect.poll(() => secondPanel.evaluate(() => document.hasFocus()), { message: 'panel has focus' }).toBe(true);
  // The first call's record is still open in a hidden console tab: it must not win.
  expect(await fx(page).openTabs()).toBe(3);
  await page.waitForTimeout(300);
  expect(page.frames().filter((f) => f.url().includes('/panel.html')).map((f) => f.url())).toEqual([expect.stringContaining(`ix=${second}`)]);
  // Back to the first tab: the panel shows the first interaction again, with its own state.
  await page.getByRole('tab', { name: 'Voice Call' }).first().click();
  await expect((await panelFor(page, extensionId, first)).locator('.status .name')).toHaveText('Ada Lovelace');
  expect(await read(worker, 'session', `ix:${second}`)).toMatchObject({ flow: { customer: { customerId: 'C-1002' } } });
});

test('panel layout (options panel.side, panel.startCollapsed): left edge, each call opens collapsed', async ({ context, extensionId, worker, api }) => {
  await setOptions(worker, { apiBaseUrl: api.url, panel: { side: 'left', startCollapsed: true } });
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  // The host is the page's only view of the panel: a fixed <div> on <html> (its shadow root is closed).
  const host = () => page.evaluate(() => {
    const el = [...document.documentElement.children].find((e) => e.tagName === 'DIV' && (e as HTMLElement).style.zIndex === '2147483647') as HTMLElement | undefined;
    return el && { left: el.style.left, right: el.style.right, width: el.getBoundingClientRect().width };
  });
  const [first, second] = [sfId(), sfId()];
  await fx(page).navigate(voiceCall(first, '+1 (415) 555-0100'));
  const panel = await panelFor(page, extensionId, first);
  const expand = panel.getByRole('button', { name: 'Expand panel' });
  await expect(expand).toHaveAttribute('aria-expanded', 'false');
  await expect(expand).toHaveText('»'); // on the left edge, "expand" points into the page
  await expect.poll(host).toEqual({ left: '0px', right: 'initial', width: 48 });
  await expand.click();
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  await expect(panel.getByRole('button', { name: 'Collapse panel' })).toHaveText('«');
  await expect.poll(host).toEqual({ left: '0px', right: 'initial', width: 360 });
  // The next call opens collapsed again, as the policy says, whatever the agent did on the last one.
  await fx(page).navigate(voiceCall(second, '+44 20 7946 0018'));
  await expect((await panelFor(page, extensionId, second)).getByRole('button', { name: 'Expand panel' })).toBeVisible();
  await expect.poll(host).toEqual({ left: '0px', right: 'initial', width: 48 });
});

test('call ended: the call view goes away, call.ended records callEndedAt, the panel stays for wrap-up', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto('https://apps.mypurecloud.com/directory/#/engage/agent');
  const id = await fx(page).ring({ ani: '+1 415-555-0100' });
  await expect((await panelFor(page, extensionId, id)).locator('.status .name')).toHaveText('Ada Lovelace');
  await fx(page).answer();
  await page.waitForTimeout(200);
  expect(await read(worker, 'session', `ix:${id}`)).not.toHaveProperty('callEndedAt');
  await fx(page).hangup();
  await expect.poll(async () => ((await read(worker, 'session', `ix:${id}`)) as { callEndedAt?: number } | undefined)?.callEndedAt).toBeGreaterThan(0);
  expect(page.frames().some((f) => f.url().includes(`ix=${id}`))).toBe(true);
});

test('admin-declared adapter (agent options): a custom Lightning app page on an already matched host', async ({ context, extensionId, worker, api }) => {
  await setOptions(worker, {
    apiBaseUrl: api.url,
    customAdapters: [{
      id: 'acme-call-console', label: 'Acme call console', matches: ['https://*.lightning.force.com/*'],
      callView: 'c-acme-call-banner[data-state="active"]', ani: { selector: '.caller-number' },
      interactionId: { selector: 'c-acme-call-banner', attribute: 'data-call-ref' },
    }],
  });
  const page = await context.newPage();
  const ref = `ACME-${Date.now()}`;
  await page.goto(`${SF_ORIGIN}/lightning/n/Acme_Call_Console?call=${ref}&ani=${encodeURIComponent('+44 20 7946 0018')}`);
  await expect((await panelFor(page, extensionId, ref)).locator('.status .name')).toHaveText('Grace Hopper');
  expect(await read(worker, 'session', `ix:${ref}`)).toMatchObject({ adapterId: 'acme-call-console' });
});

test('disabledAdapters is a kill switch: a disabled built-in adapter opens no panel', async ({ context, worker, api }) => {
  await setOptions(worker, { apiBaseUrl: api.url, disabledAdapters: ['zendesk-talk'] });
  const page = await context.newPage();
  await page.goto('https://acme.zendesk.com/agent/dashboard');
  await fx(page).ring({ ani: '+1 617-555-0188' });
  await page.evaluate(() => (window as unknown as { fixture: { accept(): void } }).fixture.accept());
  await page.waitForTimeout(2500);
  expect(page.frames().filter((f) => f.url().includes('/panel.html'))).toHaveLength(0);
});

test('selector health: a call view without any caller-number element is recorded after 5 s', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto('https://apps.mypurecloud.com/directory/?markup=next#/engage/agent');
  const id = await fx(page).ring({ ani: '+1 415-555-0100' });
  // The call still opens the panel, without a number, at the search step.
  await expect((await panelFor(page, extensionId, id)).locator('[data-outcome]')).toHaveText('Not identified');
  await expect.poll(() => read(worker, 'local', 'selectorHealth'), { timeout: 10_000 }).toEqual([
    { adapterId: 'genesys-cloud', host: 'apps.mypurecloud.com', reason: 'no-ani', pageVersion: '2026.11.0-7421', at: expect.any(Number) },
  ]);
});

test('a hostile page patching attachShadow, MutationObserver, pushState, querySelectorAll, rAF in the MAIN world does not affect detection', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  const [first, second] = [sfId(), sfId()];
  await page.goto(`${SF_ORIGIN}${voiceCall(first, '+1 (415) 555-0100')}&hostile=1`);
  await expect((await panelFor(page, extensionId, first)).locator('.status .name')).toHaveText('Ada Lovelace');
  // The patches did run: the page's shadow roots are closed and its MutationObserver is inert.
  expect(await page.evaluate(() => ({
    hostile: document.documentElement.dataset.hostile,
    root: document.querySelector('lightning-formatted-phone')?.shadowRoot ?? null,
    qsa: document.querySelectorAll('div').length,
  }))).toEqual({ hostile: 'patched', root: null, qsa: 0 });
  // SPA navigation through the patched pushState still switches the call.
  await fx(page).navigate(voiceCall(second, '+44 20 7946 0018'));
  await expect((await panelFor(page, extensionId, second)).locator('.status .name')).toHaveText('Grace Hopper');
});

test('a call view inside an open shadow root on a plain <div> (no custom element) is detected', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto('https://acme.zendesk.com/agent/dashboard?plainShadow=1');
  const id = await fx(page).ring({ ani: '+1 617-555-0188' });
  await page.evaluate(() => (window as unknown as { fixture: { accept(): void } }).fixture.accept());
  // The fixture really hides the call view from document-level queries, behind a plain div's shadow root.
  expect(await page.evaluate(() => {
    const host = document.querySelector('.talk-host');
    const hangUp = '[data-test-id="ticket-call-controls-hang-up"]';
    return [host?.localName, !!document.querySelector(hangUp), !!host?.shadowRoot?.querySelector(hangUp)];
  })).toEqual(['div', false, true]);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Margaret Hamilton');
  expect(new URLSearchParams(new URL(panel.url()).hash.slice(1)).get('ix')).toBe(id);
});

test('a call view hidden by an attribute on an ancestor (no URL change, nothing inside it changes) ends the call', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  const id = sfId();
  await fx(page).navigate(voiceCall(id, '+1 (415) 555-0100'));
  await expect((await panelFor(page, extensionId, id)).locator('.status .name')).toHaveText('Ada Lovelace');
  // The detector reads no record of the page's own churn while a call shows: the view's ancestors are observed.
  await page.evaluate(() => { (document.querySelector('one-record-home-flexipage2')?.parentElement as HTMLElement).hidden = true; });
  await expect.poll(async () => ((await read(worker, 'session', `ix:${id}`)) as { callEndedAt?: number } | undefined)?.callEndedAt).toBeGreaterThan(0);
});

test('a call view inserted hidden by a style rule aimed at the view itself has its call ended after the frame', async ({ context, worker, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  const id = sfId();
  // The pass reads no style of a new view (that would recalculate the page's pending style mid-task): only
  // the rendering can tell this rule hides it, and the detector's IntersectionObserver ends the call then.
  await page.addStyleTag({ content: `one-record-home-flexipage2[data-record-id="${id}"] { display: none }` });
  await fx(page).navigate(voiceCall(id, '+1 (415) 555-0100'));
  await expect.poll(async () => ((await read(worker, 'session', `ix:${id}`)) as { callEndedAt?: number } | undefined)?.callEndedAt).toBeGreaterThan(0);
  expect(page.frames().some((f) => f.url().includes(`ix=${id}`))).toBe(false);
});
