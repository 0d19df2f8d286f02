/**
 * Admin-declared adapters on a host the manifest does NOT list (https://crm.example.test, mapped to the
 * fixture server): a REAL managed policy file declares the adapter; the options page lists the host as
 * lacking access and offers one "Grant access" button; the browser's own permission prompt is accepted;
 * the worker registers the content script for that host; a call there opens the panel with the caller.
 *
 * The prompt is browser UI (no page, no CDP target): Playwright cannot click it, and in headless
 * Chromium the request never resolves. So the click-through test runs headful Chromium on its own Xvfb
 * display and answers the real prompt with the keyboard through xdotool (Tab moves from "Cancel" to
 * "Allow", Return presses it).
 * Where Xvfb/xdotool are missing the click-through test is skipped (reason in the skip); .ci/run installs
 * both. The headless test always runs and covers everything before the consent.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, panelFrame } from './fixtures.ts';
import { policyTest as test, useManagedPolicyFile } from './managed-policy.ts';
import { launchWithExtension } from './chromium.ts';
import { stopWorkers } from './worker.ts';
import { EXTENSION_ID } from '../../lib/manifest-data.ts';
import { CUSTOM_SCRIPT_ID } from '../../lib/policy/custom-hosts.ts';

const policyFile = useManagedPolicyFile('caller-verify-custom-hosts-test.json');

const EXAMPLE_CRM = {
  id: 'example-crm', label: 'Example CRM', matches: ['https://crm.example.test/*'],
  callView: '.call-banner[data-state="connected"]', ani: { selector: '.caller-number' },
  interactionId: { selector: '.call-banner', attribute: 'data-call-ref' },
};
const SECOND_HOST = { ...EXAMPLE_CRM, id: 'example-calls', label: 'Example calls', matches: ['https://*.calls.example.test/*'] };
const ORIGINS = ['https://*.calls.example.test/*', 'https://crm.example.test/*'];

function installPolicy(apiUrl: string, adapters: object[]): void {
  policyFile.install(policyFile.render({ apiBaseUrl: apiUrl, customAdapters: adapters }));
}

type ChromeApi = {
  scripting: { getRegisteredContentScripts(f?: object): Promise<{ id: string; matches?: string[] }[]> };
  permissions: { contains(p: object): Promise<boolean>; remove(p: object): Promise<boolean> };
};
// Inside evaluate() callbacks (they run in the browser, so nothing from this module is in scope).
declare const chrome: ChromeApi;

/** Our registered content scripts' matches (worker context). */
const registered = (worker: Worker): Promise<string[] | null> =>
  worker.evaluate(async (id) => (await chrome.scripting.getRegisteredContentScripts({ ids: [id] }))[0]?.matches ?? null, CUSTOM_SCRIPT_ID);

const callUrl = (ref: string): string => `https://crm.example.test/calls/${ref}?call=${ref}&ani=${encodeURIComponent('+1 (415) 555-0100')}`;

async function openOptions(context: BrowserContext): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
  return options;
}

test('custom host without access: listed as "No access yet", no content script, one request for every missing host', async ({ api, launch }) => {
  installPolicy(api.url, [EXAMPLE_CRM, SECOND_HOST]);
  const { context } = await launch();
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const options = await openOptions(context);
  const section = options.getByRole('region', { name: 'Custom CRM hosts' });
  await expect(section.locator('tr[data-host]')).toHaveText([/calls\.example\.test.*No access yet/, /crm\.example\.test.*No access yet/], { timeout: 15_000 });
  expect(await registered(worker)).toBeNull();

  const page = await context.newPage();
  await page.goto(callUrl(`EX-${Date.now()}`));
  await expect(page.locator('.call-banner')).toBeVisible();
  await page.waitForTimeout(2000);
  expect(page.frames().filter((f) => f.url().includes('/panel.html'))).toHaveLength(0);

  // Observe the button's permissions.request (the prompt itself never shows in headless Chromium).
  await options.evaluate(() => {
    const perms = chrome.permissions as unknown as { request(p: object): Promise<boolean> };
    const real = perms.request.bind(perms);
    (globalThis as unknown as { requests: object[] }).requests = [];
    perms.request = (p) => {
      (globalThis as unknown as { requests: object[] }).requests.push(p);
      return real(p);
    };
  });
  await section.getByRole('button', { name: 'Grant access' }).click();
  await expect.poll(() => options.evaluate(() => (globalThis as unknown as { requests: object[] }).requests)).toEqual([{ origins: ORIGINS }]);
  expect(await worker.evaluate(() => chrome.permissions.contains({ origins: ['https://crm.example.test/*'] }))).toBe(false);
});

/** Start Xvfb on a free display; null when Xvfb or xdotool is not installed. */
async function startXvfb(): Promise<{ display: string; proc: ChildProcess } | null> {
  const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  if (!has('Xvfb') || !has('xdotool')) return null;
  let n = 90 + Math.floor(Math.random() * 100);
  while (existsSync(`/tmp/.X11-unix/X${n}`)) n++;
  const proc = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await expect.poll(() => existsSync(`/tmp/.X11-unix/X${n}`), { timeout: 10_000 }).toBe(true);
  return { display: `:${n}`, proc };
}

test('grant through the real browser prompt (headful, Xvfb): script registered, call opens the panel; revoked: gone', async ({ api, crm }) => {
  const x = await startXvfb();
  // Dated reason (2026-11-23): the prompt is native browser UI; answering it needs an X display + xdotool.
  // In CI (.ci/run installs both) a missing display is a failure, never a silent skip.
  if (!x && process.env.CI) throw new Error('Xvfb/xdotool missing in CI: .ci/run should have installed them');
  test.skip(!x, 'skipped since 2026-11-23 where Xvfb/xdotool are missing (apt-get install xvfb xdotool; .ci/run installs them)');
  const { display, proc } = x as NonNullable<typeof x>;
  const savedDisplay = process.env.DISPLAY;
  process.env.DISPLAY = display; // Playwright passes the environment on to Chromium
  let context: BrowserContext | undefined;
  try {
    installPolicy(api.url, [EXAMPLE_CRM]);
    const launched = await launchWithExtension({ extraArgs: crm.chromiumArgs, headless: false });
    context = launched.context;
    const worker = launched.worker;
    const options = await openOptions(context);
    const section = options.getByRole('region', { name: 'Custom CRM hosts' });
    await expect(section.locator('tr[data-host="https://crm.example.test/*"]')).toContainText('No access yet', { timeout: 15_000 });
    await section.getByRole('button', { name: 'Grant access' }).click();
    // The prompt opens with "Cancel" focused: Tab, Return = "Allow" (Return alone would cancel).
    await options.waitForTimeout(1500);
    expect(spawnSync('xdotool', ['key', '--delay', '250', 'Tab', 'Return'], { env: { ...process.env, DISPLAY: display } }).status).toBe(0);
    await expect(section.locator('tr[data-host="https://crm.example.test/*"]')).toContainText('Granted', { timeout: 10_000 });
    await expect(section).toContainText('The extension can read every custom CRM host.');
    await expect.poll(() => registered(worker), { timeout: 10_000 }).toEqual(['https://crm.example.test/*']);
    // The registration lives in the browser, not in the worker: a stopped worker changes nothing.
    await stopWorkers(context, options);

    const page = await context.newPage();
    const ref = `EX-${Date.now()}`;
    await page.goto(callUrl(ref));
    await expect.poll(() => page.frames().some((f) => f.url().includes(`ix=${ref}`)), { timeout: 15_000 }).toBe(true);
    const panel = await panelFrame(page, EXTENSION_ID);
    await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');

    // Access withdrawn (as from the browser's extension settings): the worker unregisters the script.
    const revived = context.serviceWorkers().find((w) => w.url().includes(EXTENSION_ID)) ?? worker;
    expect(await revived.evaluate(() => chrome.permissions.remove({ origins: ['https://crm.example.test/*'] }))).toBe(true);
    await expect.poll(() => registered(revived), { timeout: 10_000 }).toBeNull();
    const again = await context.newPage();
    await again.goto(callUrl(`EX2-${Date.now()}`));
    await expect(again.locator('.call-banner')).toBeVisible();
    await again.waitForTimeout(2000);
    expect(again.frames().filter((f) => f.url().includes('/panel.html'))).toHaveLength(0);
  } finally {
    await context?.close();
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
    proc.kill();
  }
});
