/**
 * Playwright Test fixtures for the Firefox specs: per worker, the fixture CRM server, the reference API, an
 * HTTPS front for that API at a non-loopback name and the PAC proxy that maps every fixture host; per test,
 * a fresh Firefox ESR profile with the add-on installed.
 */
import { test as base, expect } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { CRM_FIXTURE_HOSTS, startCrmServer, type CrmServer } from '../fixtures/crm-server.ts';
import { startApi, type ApiProcess } from '../e2e/api-process.ts';
import { startHostProxy, type HostProxy } from './host-proxy.ts';
import { startTlsFront, type TlsFront } from './tls-front.ts';
import { frameHref, launchFirefox, openExtensionPage, poll, type LaunchedFirefox } from './firefox.ts';

/** The reference API over HTTPS under a name that is not loopback (self-signed certificate, bearer token). */
export const REMOTE_API_HOST = 'api.callverify.example';

interface TestFixtures {
  /** Extra Firefox prefs for this test (`test.use({ prefs })`). */
  prefs: Record<string, unknown>;
  firefox: LaunchedFirefox;
  /** The add-on's options page, open in its own tab. */
  options: Page;
  /** Point the add-on at an API base URL (agent options, written from the options page). */
  useApi: (url: string, apiAuth?: { type: 'bearer'; token: string }) => Promise<void>;
}
interface WorkerFixtures {
  crm: CrmServer;
  api: ApiProcess;
  /** https://api.callverify.example → the reference API. */
  remoteApi: { url: string; token: string; front: TlsFront };
  hostProxy: HostProxy;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern for fixtures without dependencies
  crm: [async ({}, use) => { const s = await startCrmServer(); await use(s); await s.close(); }, { scope: 'worker' }],
  // eslint-disable-next-line no-empty-pattern -- as above
  api: [async ({}, use) => { const a = await startApi(); await use(a); await a.stop(); }, { scope: 'worker' }],
  // A second API with a token, as a remote one must have (an open API answers loopback Host names only).
  // eslint-disable-next-line no-empty-pattern -- as above
  remoteApi: [async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-remote-api-'));
    const token = randomBytes(24).toString('hex');
    writeFileSync(join(dir, 'tokens.txt'), `${token}\n`);
    const api = await startApi(['--token-file', join(dir, 'tokens.txt')]);
    const front = await startTlsFront(REMOTE_API_HOST, Number(new URL(api.url).port));
    await use({ url: `https://${REMOTE_API_HOST}`, token, front });
    await front.close();
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }, { scope: 'worker' }],
  hostProxy: [async ({ crm, remoteApi }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-firefox-'));
    const routes = [...CRM_FIXTURE_HOSTS.map((h) => [h, crm.port] as const), [REMOTE_API_HOST, remoteApi.front.port] as const];
    const proxy = await startHostProxy(routes, dir);
    await use(proxy);
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  }, { scope: 'worker' }],
  prefs: [{}, { option: true }],
  firefox: async ({ hostProxy, prefs }, use) => {
    const ff = await launchFirefox({ pacUrl: hostProxy.pacUrl, prefs });
    await use(ff);
    await ff.close();
  },
  options: async ({ firefox }, use) => use(await openExtensionPage(firefox.browser, `${firefox.origin}/options.html`)),
  useApi: async ({ options, api }, use) => {
    const set = async (apiBaseUrl: string, apiAuth?: { type: 'bearer'; token: string }): Promise<void> =>
      options.evaluate((o) => (globalThis as unknown as ExtensionGlobal).browser.storage.local.set({ options: o }), apiAuth ? { apiBaseUrl, apiAuth } : { apiBaseUrl });
    await set(api.url);
    await use(set);
  },
});

/** The part of the extension API the tests call inside extension pages. */
export type ExtensionGlobal = { browser: { storage: { local: { set(v: object): Promise<void> } } } };

/** The panel frame inside `page` (found by its real location: Firefox reports about:blank for it). */
export async function panelFrame(page: Page, origin: string, timeout = 10_000): Promise<Frame> {
  return poll('panel frame', async () => {
    for (const frame of page.frames()) if ((await frameHref(frame))?.startsWith(`${origin}/panel.html`)) return frame;
    return undefined;
  }, timeout);
}

/** Text of the first element matching `selector` in `frame` ('' when there is none). */
export function textOf(frame: Frame, selector: string): Promise<string> {
  return frame.evaluate((s) => document.querySelector(s)?.textContent?.trim() ?? '', selector);
}

/** Wait until the element's text is `expected` (polling). */
export async function expectText(frame: Frame, selector: string, expected: string | RegExp, timeout = 10_000): Promise<void> {
  let last = '';
  await poll(`${selector} to read ${String(expected)}`, async () => {
    last = await textOf(frame, selector);
    return (typeof expected === 'string' ? last === expected : expected.test(last)) ? true : undefined;
  }, timeout).catch((err: unknown) => { throw new Error(`${(err as Error).message} (last: "${last}")`); });
}

/** Type `value` into the input labelled `label` (exact text) in `frame`. */
export async function typeInto(frame: Frame, label: string, value: string): Promise<void> {
  const id = await poll(`field "${label}"`, () =>
    frame.evaluate((text) => Array.from(document.querySelectorAll('label')).find((l) => l.textContent?.trim() === text)?.htmlFor || undefined, label));
  await frame.type(`#${id}`, value);
}

/**
 * Answer Ada Lovelace's three seeded questions as the caller would and submit; expects Verified. Enter, not
 * Tab: a headless Firefox window never has focus, and Enter submits the form all the same.
 */
export async function answerAsAda(page: Page, panel: Frame): Promise<void> {
  await typeInto(panel, 'Date of birth', '10/12/1985');
  await typeInto(panel, 'Postcode', '94107');
  await typeInto(panel, 'Last 4 digits of PIN', '1815');
  await page.keyboard.press('Enter');
  await expectText(panel, '[data-outcome]', 'Verified');
}

/** A fresh Voice Call record URL (unique interaction id) whose From field shows `ani`; returns the id too. */
export function callUrl(ani: string): { url: string; interactionId: string } {
  const interactionId = `0LQ${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}AAA`;
  return { url: `https://acme.lightning.force.com/lightning/r/VoiceCall/${interactionId}/view?ani=${encodeURIComponent(ani)}`, interactionId };
}


/** Prefs that answer the optional-permission prompt (browser UI) with "allow". */
export const AUTO_GRANT_PREFS = { 'extensions.webextOptionalPermissionPrompts': false } as const;

/** Whether the add-on's event page is running now (asked from an extension page, which does not wake it). */
export function backgroundRunning(options: Page): Promise<boolean> {
  return options.evaluate(() => {
    const ext = (globalThis as unknown as { browser: { extension: { getViews(): Window[] } } }).browser.extension;
    return ext.getViews().some((w) => w.location.pathname === '/_generated_background_page.html');
  });
}

/** Wait until Firefox has suspended the event page (needs a low `extensions.background.idle.timeout`). */
export async function backgroundStopped(options: Page, timeout = 15_000): Promise<void> {
  await poll('event page suspended', async () => ((await backgroundRunning(options)) ? undefined : true), timeout);
}

/** Prefs that suspend the event page after one idle second (Firefox's default is 30 s). */
export const QUICK_IDLE_PREFS = { 'extensions.background.idle.timeout': 1000 } as const;

/** The interaction as the API stores it (404 → null). */
export async function apiInteraction(apiUrl: string, interactionId: string): Promise<{ status?: string; customerId?: string } | null> {
  const res = await fetch(`${apiUrl}/v1/interactions/${interactionId}`);
  return res.status === 404 ? null : ((await res.json()) as { status?: string; customerId?: string });
}

export { expect };
