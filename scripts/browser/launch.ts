/**
 * Open a throwaway browser profile and load the unpacked build over the DevTools protocol
 * (CDP `Extensions.loadUnpacked`). Branded Chrome 137+ ignores --load-extension; the protocol command
 * works in Chrome, Edge and Chromium when the browser is driven over --remote-debugging-pipe (Playwright's
 * own connection) and started with --enable-unsafe-extension-debugging.
 */
import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Launched {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
}

/** Launch `executablePath` with the extension in `extensionDir` loaded; returns its service worker. */
export async function launchWithUnpacked(opts: { executablePath: string; extensionDir: string; headless: boolean; extraArgs?: string[] }): Promise<Launched> {
  if (!existsSync(resolve(opts.extensionDir, 'manifest.json'))) throw new Error(`No built extension in ${opts.extensionDir}: run \`npm run build\` first.`);
  const context = await chromium.launchPersistentContext('', {
    executablePath: opts.executablePath,
    headless: opts.headless,
    viewport: { width: 1280, height: 800 },
    // Playwright turns extensions off by default; the CDP command needs them on.
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      '--enable-unsafe-extension-debugging',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(opts.extraArgs ?? []),
    ],
  });
  try {
    const browser = context.browser();
    if (!browser) throw new Error('Playwright gave no browser handle for the persistent context.');
    const cdp = await browser.newBrowserCDPSession();
    // Extensions.* is not in Playwright's protocol typings.
    const send = cdp.send.bind(cdp) as unknown as (method: string, params: object) => Promise<{ id: string }>;
    const { id } = await send('Extensions.loadUnpacked', { path: resolve(opts.extensionDir) });
    const isOurs = (w: Worker): boolean => w.url().startsWith(`chrome-extension://${id}/`);
    const worker = context.serviceWorkers().find(isOurs) ?? (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 10_000 }));
    return { context, worker, extensionId: id };
  } catch (err) {
    await context.close().catch(() => {});
    throw new Error(`Could not load the extension into ${opts.executablePath} over the DevTools protocol: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
