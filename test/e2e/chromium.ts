/** Launching Debian Chromium with the built extension, for the e2e tests, the demo and the benchmarks. */
import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// CV_EXT_DIR: a build made with CV_OUT_DIR, so a test run is not disturbed by another rebuild of .output.
export const EXTENSION_DIR = process.env.CV_EXT_DIR ? resolve(process.env.CV_EXT_DIR) : resolve(import.meta.dirname, '../../.output/chrome-mv3');

/** Chromium to use: CHROME_PATH, else Debian's /usr/bin/chromium; throws with instructions otherwise. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROME_PATH. ' +
        'Branded Google Chrome 137+ ignores --load-extension, so it cannot load this unpacked extension.',
    );
  }
  return found;
}

/** Launch a throwaway profile with the extension loaded; returns the context and its service worker. */
export async function launchWithExtension(opts: { extraArgs?: string[]; headless?: boolean; extensionDir?: string } = {}): Promise<{
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
}> {
  const dir = opts.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(resolve(dir, 'manifest.json'))) throw new Error(`No built extension in ${dir}: run \`npm run build\` first.`);
  const context = await chromium.launchPersistentContext('', {
    executablePath: chromiumPath(),
    headless: opts.headless ?? true,
    viewport: { width: 1280, height: 800 },
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...(opts.extraArgs ?? []),
    ],
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 10_000 }).catch(async () => {
      await context.close();
      throw new Error(`The extension in ${dir} did not start (no service worker within 10 s): run Chromium with --enable-logging=stderr to see why.`);
    }));
  const extensionId = new URL(worker.url()).host;
  return { context, worker, extensionId };
}
