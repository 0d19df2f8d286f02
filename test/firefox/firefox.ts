/**
 * Launching Debian Firefox ESR with the built add-on over WebDriver BiDi (puppeteer-core, Firefox's
 * built-in remote protocol: no geckodriver, nothing downloaded), with fixture hosts mapped by a PAC file.
 */
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { GECKO_ID } from '../../lib/manifest-data.ts';

// CV_FIREFOX_EXT_DIR: a build made with CV_OUT_DIR, so a test run is not disturbed by another rebuild of .output.
export const FIREFOX_EXTENSION_DIR = process.env.CV_FIREFOX_EXT_DIR ? resolve(process.env.CV_FIREFOX_EXT_DIR) : resolve(import.meta.dirname, '../../.output/firefox-mv2');

/** Firefox to use: FIREFOX_PATH, else Debian's firefox-esr or firefox; throws with instructions otherwise. */
export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('No Firefox found. Install one (Debian/Ubuntu: `sudo apt-get install firefox-esr`) or set FIREFOX_PATH.');
  return found;
}

export interface LaunchedFirefox {
  browser: Browser;
  /** moz-extension://<uuid> of the add-on (the uuid is fixed per launch through a pref). */
  origin: string;
  close(): Promise<void>;
}

/** Launch a throwaway profile, install the add-on (temporary install) and return its origin. */
export async function launchFirefox(opts: { pacUrl: string; prefs?: Record<string, unknown>; extensionDir?: string }): Promise<LaunchedFirefox> {
  const dir = opts.extensionDir ?? FIREFOX_EXTENSION_DIR;
  if (!existsSync(resolve(dir, 'manifest.json'))) throw new Error(`No built add-on in ${dir}: run \`npx wxt build -b firefox\` first.`);
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    protocol: 'webDriverBiDi',
    // The fixture servers use fresh self-signed certificates.
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'network.proxy.type': 2,
      'network.proxy.autoconfig_url': opts.pacUrl,
      // A known moz-extension origin instead of a random one per install.
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      ...opts.prefs,
    },
    // Lets the remote agent reach moz-extension:// documents (the options page, the panel frame).
    args: ['--remote-allow-system-access'],
  });
  try {
    const id = await browser.installExtension(dir);
    if (id !== GECKO_ID) throw new Error(`installed add-on id ${id}, expected ${GECKO_ID}`);
  } catch (err) {
    await browser.close();
    throw err;
  }
  return { browser, origin: `moz-extension://${uuid}`, close: () => browser.close() };
}

/** Wait until `check` returns a value that is not undefined (polling), or throw after `timeout` ms. */
export async function poll<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeout = 10_000): Promise<T> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The document URL a frame really shows (Firefox reports about:blank for extension frames). */
export async function frameHref(frame: Frame): Promise<string | undefined> {
  return frame.evaluate(() => location.href).catch(() => undefined);
}

/**
 * Open an extension page in a new tab. `page.goto` to a moz-extension URL may never resolve, so the
 * navigation is started without waiting and the document is polled until it has loaded.
 */
export async function openExtensionPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  void page.goto(url).catch(() => undefined);
  await poll(`extension page ${url}`, async () => {
    const state = await page.evaluate(() => [location.href, document.readyState]).catch(() => undefined);
    return state && state[0] === url && state[1] === 'complete' ? true : undefined;
  });
  return page;
}
