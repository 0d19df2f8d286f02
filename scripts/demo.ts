/**
 * `npm start`: the local demo. Builds the extension, starts the reference API (SQLite file under .data/,
 * seeded with demo customers on first start) and the demo CRM console, then opens a browser (CHROME_PATH,
 * Chromium, Chrome or Edge; scripts/browser/) with the extension. With a display you click "Simulate
 * incoming call" yourself; without one (or with --headless) the same call is scripted, the outcome printed
 * and a screenshot written, and the demo exits 0. No browser: the install command, exit 1.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startCrmServer } from '../test/fixtures/crm-server.ts';
import { startApi } from '../test/e2e/api-process.ts';
import { findBrowser, processSearchEnv, type FoundBrowser } from './browser/find.ts';
import { currentHost, noBrowserMessage, offerInstall } from './browser/install.ts';
import { launchWithUnpacked } from './browser/launch.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CONSOLE_URL = 'https://demo.lightning.force.com/lightning/page/home';
const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

function step(text: string): void {
  process.stdout.write(`• ${text}\n`);
}

/** The browser to use; on Debian as root one is installed when missing. Null: none, message printed. */
async function browser(): Promise<FoundBrowser | null> {
  const host = currentHost();
  const found = findBrowser(processSearchEnv()) ?? ((await offerInstall(host, step)) ? findBrowser(processSearchEnv()) : null);
  if (!found) process.stderr.write(`${noBrowserMessage(host)}\n`);
  return found;
}

async function main(): Promise<void> {
  const found = await browser();
  if (!found) {
    process.exitCode = 1;
    return;
  }
  step(`Browser: ${found.path} (${found.kind}, from ${found.via})`);
  step('Building the extension (.output/chrome-mv3)…');
  execFileSync(resolve(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  mkdirSync(resolve(ROOT, '.data'), { recursive: true });
  const api = await startApi([], { dbFile: resolve(ROOT, '.data/demo.sqlite') });
  step(`Reference API: ${api.url} (data: .data/demo.sqlite)`);
  const crm = await startCrmServer();
  step(`Demo console: ${CONSOLE_URL} (served on 127.0.0.1:${crm.port})`);
  const { context, worker } = await launchWithUnpacked({ executablePath: found.path, extensionDir: resolve(ROOT, '.output/chrome-mv3'), extraArgs: crm.chromiumArgs, headless });
  await worker.evaluate((url) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: { apiBaseUrl: url } }), api.url);
  const stop = async (): Promise<void> => {
    await context.close().catch(() => {});
    await crm.close();
    await api.stop();
  };
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(CONSOLE_URL);
  if (!headless) {
    step('The browser is open: click "Simulate incoming call". Close the browser window to stop.');
    await new Promise<void>((done) => context.once('close', () => done()));
    await crm.close();
    await api.stop();
    return;
  }
  step('No display: running the scripted call headless.');
  // A fresh profile's first storage.managed.get() takes seconds; agents' browsers have long done it.
  await worker.evaluate(async () => {
    const session = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.session;
    for (let i = 0; i < 100 && !(await session.get('policy:managed'))['policy:managed']; i++) await new Promise((r) => setTimeout(r, 100));
  });
  const started = Date.now();
  await page.click('#simulate-call');
  const prefix = `chrome-extension://${new URL(worker.url()).host}/panel.html`;
  const deadline = Date.now() + 15_000;
  let summary = '';
  while (Date.now() < deadline && !summary) {
    const frame = page.frames().find((f) => !f.isDetached() && f.url().startsWith(prefix));
    summary = frame ? await frame.evaluate(() => document.querySelector('.status .name') ? (document.querySelector('.status') as HTMLElement).innerText.replace(/\s+/g, ' ') + ' | ' + (document.querySelector('[data-testid=caller-number]') as HTMLElement).innerText : '').catch(() => '') : '';
    if (!summary) await page.waitForTimeout(50);
  }
  const shot = resolve(ROOT, '.output/demo-screenshot.png');
  await page.screenshot({ path: shot });
  await stop();
  if (!summary) throw new Error('The panel did not show an identified caller within 15 s.');
  step(`Panel after ${Date.now() - started} ms: ${summary}`);
  step(`Screenshot: ${shot}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`\nDemo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
