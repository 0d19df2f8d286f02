/**
 * Field tools end to end, on a console no adapter knows (Acme Desk, test/fixtures/crm/field-console.html at
 * https://crm.example.test): the admin names the console on the options page, picks the caller's number
 * (the browser's host-access prompt is answered in the same step), tries the proposed adapter in this
 * browser and the next call is identified; after a release renames the console's test ids the adapter no
 * longer matches, a second pick (by keyboard this time) gives a new entry that works. Capture: the summary
 * names the adapter that matches and holds none of the call's data, and the fixture page made from it lets
 * that adapter identify the call.
 *
 * The host-access prompt is browser UI, answered with xdotool on an Xvfb display (as in custom-hosts.spec.ts);
 * headless Chromium never resolves permissions.request.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Frame, Page, Worker } from '@playwright/test';
import { expect, panelFrame, test } from './fixtures.ts';
import { launchWithExtension } from './chromium.ts';
import { EXTENSION_ID } from '../../lib/manifest-data.ts';
import { captureToFixture } from '../../lib/capture/fixture.ts';
import type { Capture } from '../../lib/capture/summary.ts';

const CONSOLE_ORIGIN = 'https://crm.example.test';
const CONSOLE = `${CONSOLE_ORIGIN}/fixtures/field-console.html`;
const ANI = '+1 (415) 555-0100';
const POLICY_CLI = resolve(import.meta.dirname, '../../scripts/policy.ts');

type ChromeApi = {
  storage: { local: { set(v: object): Promise<void>; get(k: string): Promise<Record<string, unknown>> } };
  scripting: { getRegisteredContentScripts(f?: object): Promise<{ id: string; matches?: string[] }[]> };
};
declare const chrome: ChromeApi;

const callUrl = (ref: string, v2 = false): string => `${CONSOLE}?call=${ref}&ani=${encodeURIComponent(ANI)}${v2 ? '&v=2' : ''}`;

/** Start Xvfb on a free display; null when Xvfb or xdotool is not installed. */
async function startXvfb(): Promise<{ display: string; proc: ChildProcess } | null> {
  const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  if (!has('Xvfb') || !has('xdotool')) return null;
  let n = 300 + Math.floor(Math.random() * 100);
  while (existsSync(`/tmp/.X11-unix/X${n}`)) n++;
  const proc = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await expect.poll(() => existsSync(`/tmp/.X11-unix/X${n}`), { timeout: 10_000 }).toBe(true);
  return { display: `:${n}`, proc };
}

/** The panel frame of interaction `ref`, or undefined. */
const panelOf = (page: Page, ref: string): Frame | undefined => page.frames().find((f) => !f.isDetached() && f.url().includes(`ix=${ref}`));

/** Click "Pick" on the options page and wait until the overlay is up in the console tab. */
async function startPick(options: Page, page: Page, answerPrompt?: () => void): Promise<void> {
  await options.getByRole('button', { name: "Pick the caller's number" }).click();
  answerPrompt?.();
  const status = options.getByRole('region', { name: 'Field tools' }).getByRole('status').first();
  // On a timeout, say what the options page reported (no access, no tab, a script error).
  await expect(page.locator('[data-caller-verify="picker"]')).toHaveCount(1, { timeout: 15_000 }).catch(async (e: unknown) => {
    throw new Error(`${(e as Error).message}\noptions page status: ${await status.innerText()}`);
  });
}

/** The proposed entry shown on the options page, checked with the admin CLI (`npm run policy -- validate`). */
async function proposedEntry(options: Page): Promise<{ id: string; callView: string; ani: { selector: string }; interactionId?: { attribute?: string } }> {
  const text = await options.getByTestId('proposed-entry').inputValue({ timeout: 15_000 });
  const entry = JSON.parse(text) as { id: string; callView: string; ani: { selector: string } };
  const file = join(mkdtempSync(join(tmpdir(), 'cv-field-tools-')), 'policy.json');
  writeFileSync(file, JSON.stringify({ customAdapters: [entry] }));
  const r = spawnSync(process.execPath, [POLICY_CLI, 'validate', file], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return entry;
}

/** The number selector of the adapter tried in this browser, as stored (worker context). */
const triedAni = (worker: Worker): Promise<string | undefined> =>
  worker.evaluate(async () => ((await chrome.storage.local.get('fieldTrial')).fieldTrial as { ani?: { selector?: string } } | undefined)?.ani?.selector);

/** Our registered content script's matches (worker context). */
const registered = (worker: Worker): Promise<string[] | null> =>
  worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts({ ids: ['cv-custom-crm-hosts'] }))[0]?.matches ?? null);

test('pick the number on an unknown console, try the adapter here, the next call is identified; again after a markup change', async ({ api, crm }, testInfo) => {
  const x = await startXvfb();
  // Dated reason (2026-12-06): the host-access prompt is native browser UI; answering it needs an X display + xdotool.
  if (!x && process.env.CI) throw new Error('Xvfb/xdotool missing in CI: .ci/run should have installed them');
  test.skip(!x, 'skipped since 2026-12-06 where Xvfb/xdotool are missing (apt-get install xvfb xdotool; .ci/run installs them)');
  test.setTimeout(120_000);
  const { display, proc } = x as NonNullable<typeof x>;
  const savedDisplay = process.env.DISPLAY;
  process.env.DISPLAY = display;
  let context: BrowserContext | undefined;
  try {
    const launched = await launchWithExtension({ extraArgs: crm.chromiumArgs, headless: false });
    context = launched.context;
    await launched.worker.evaluate((apiBaseUrl) => chrome.storage.local.set({ options: { apiBaseUrl } }), api.url);

    // The console rings; no adapter knows it, so no panel.
    let page = await context.newPage();
    await page.goto(callUrl('FT-1'));
    await expect(page.locator('[data-testid="caller-phone"]')).toHaveText(ANI);
    await page.waitForTimeout(1500);
    expect(panelOf(page, 'FT-1')).toBeUndefined();

    const options = await context.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    const tools = options.getByRole('region', { name: 'Field tools' });
    await tools.getByLabel('CRM console address').fill('https://crm.example.test/*');

    // Pick with the mouse; the prompt opens with "Cancel" focused: Tab, Return = "Allow".
    await startPick(options, page, () => {
      spawnSync('sleep', ['1.5']);
      expect(spawnSync('xdotool', ['key', '--delay', '250', 'Tab', 'Return'], { env: { ...process.env, DISPLAY: display } }).status).toBe(0);
    });
    await page.locator('[data-testid="caller-phone"]').hover();
    await page.screenshot({ path: testInfo.outputPath('field-tools-overlay.png') });
    await page.locator('[data-testid="caller-phone"]').click();
    const first = await proposedEntry(options);
    expect(first).toMatchObject({
      id: 'picked-crm-example-test', matches: ['https://crm.example.test/*'],
      callView: '[data-testid="active-call"][data-call-state="connected"]', ani: { selector: '[data-testid="caller-phone"]' },
      interactionId: { attribute: 'data-call-id' },
    });
    for (const line of ['Call view: 1 element(s)', 'Caller number: 1 element(s), reading a number that ends in 00', 'Call id: 1 element(s)']) await expect(tools.getByTestId('matches-now')).toContainText(line);
    await tools.screenshot({ path: testInfo.outputPath('field-tools-proposal.png') });

    // Try it in this browser: the custom-host script is registered; the next call opens the panel with the caller.
    await tools.getByRole('button', { name: 'Try in this browser' }).click();
    await expect(tools.getByTestId('field-trial')).toContainText('picked-crm-example-test');
    await expect.poll(() => registered(launched.worker), { timeout: 10_000 }).toEqual(['https://crm.example.test/*']);
    await page.goto(callUrl('FT-2'));
    await expect.poll(() => panelOf(page, 'FT-2') !== undefined, { timeout: 15_000 }).toBe(true);
    await expect((await panelFrame(page, EXTENSION_ID)).locator('.status .name')).toHaveText('Ada Lovelace');

    // A release renames the test ids: the tried adapter no longer finds the call. A new tab: in this one the
    // first call is still open, so a second call would wait as an incoming call.
    await page.close();
    page = await context.newPage();
    await page.goto(callUrl('FT-3', true));
    await expect(page.locator('[data-qa="from-number"]')).toHaveText(ANI);
    await page.waitForTimeout(2500);
    expect(panelOf(page, 'FT-3')).toBeUndefined();

    // Esc cancels a pick; then pick again with the keyboard only (Tab to the second number, Enter).
    await startPick(options, page);
    await page.keyboard.press('Escape');
    await expect(tools.getByRole('status').first()).toHaveText('Picking cancelled.');
    await expect(page.locator('[data-caller-verify="picker"]')).toHaveCount(0);
    await startPick(options, page);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const second = await proposedEntry(options);
    expect(second.ani.selector).toBe('[data-qa="from-number"]');
    expect(second.callView).toBe('[data-qa="live-call"][data-call-state="connected"]');
    await tools.getByRole('button', { name: 'Try in this browser' }).click();
    await expect.poll(() => triedAni(launched.worker)).toBe('[data-qa="from-number"]');
    await page.goto(callUrl('FT-4', true));
    await expect.poll(() => panelOf(page, 'FT-4') !== undefined, { timeout: 15_000 }).toBe(true);
    await expect((await panelFrame(page, EXTENSION_ID)).locator('.status .name')).toHaveText('Ada Lovelace');

    // Capture: the tried adapter matches; nothing of the call is in the summary or the JSON.
    await tools.getByRole('button', { name: 'Capture this console' }).click();
    const summary = tools.getByTestId('capture-summary');
    await expect(summary).toContainText('adapter picked-crm-example-test (crm.example.test (picked)): matches');
    await expect(summary).toContainText('shadow roots: 1 open, 0 closed');
    const href = await tools.getByRole('link', { name: 'Download the capture (JSON)' }).getAttribute('href');
    expect(href).toMatch(/^blob:chrome-extension:/);
    const json = await options.evaluate((u) => fetch(u).then((r) => r.text()), href as string);
    for (const text of [json, await summary.innerText()]) expect(text).not.toMatch(/415|555|0100|0199|FT-4|Ada|Lovelace/);

    // The capture as a fixture page (scripts/capture-to-fixture.ts), served at the console's host: the tried
    // adapter finds the call there too (declarative shadow roots, stand-in number and call id).
    const generated = await context.newPage();
    await generated.route(`${CONSOLE_ORIGIN}/generated.html`, (route) => route.fulfill({ contentType: 'text/html', body: captureToFixture(JSON.parse(json) as Capture) }));
    await generated.goto(`${CONSOLE_ORIGIN}/generated.html`);
    await expect.poll(() => panelOf(generated, 'FT-1') !== undefined, { timeout: 15_000 }).toBe(true);
    await expect((await panelFrame(generated, EXTENSION_ID)).locator('.status .name')).toHaveText('Ada Lovelace');
  } finally {
    await context?.close();
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
    proc.kill();
  }
});
