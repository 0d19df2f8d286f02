/**
 * Selector health: when an adapter's URL matched and its call view showed, but no caller-number element
 * appeared within 5 s (or a selector was refused by the browser), the content script reports it and the
 * background keeps it in `storage.local` key `selectorHealth`: a bounded list, newest first. The options
 * page reads it with `readSelectorHealth()` so admins see a CRM markup change before agents complain.
 */
import { browser } from 'wxt/browser';

export const SELECTOR_HEALTH_KEY = 'selectorHealth';
export const SELECTOR_HEALTH_MAX = 50;

export interface SelectorHealthEntry {
  adapterId: string;
  /** CRM host name (from the reporting frame's URL, as seen by the background). */
  host: string;
  reason: 'no-ani' | 'invalid-selector';
  /** The CRM's own version string when the adapter knows where the page shows it. */
  pageVersion?: string;
  /** Epoch ms. */
  at: number;
}

const isEntry = (v: unknown): v is SelectorHealthEntry => {
  const e = v as Partial<SelectorHealthEntry> | null;
  return !!e && typeof e.adapterId === 'string' && typeof e.host === 'string' && typeof e.at === 'number' && (e.reason === 'no-ani' || e.reason === 'invalid-selector');
};

/** `entry` in front of `list`, at most SELECTOR_HEALTH_MAX long; malformed stored entries are dropped. */
export function withEntry(list: unknown, entry: SelectorHealthEntry): SelectorHealthEntry[] {
  const old = Array.isArray(list) ? list.filter(isEntry) : [];
  return [entry, ...old].slice(0, SELECTOR_HEALTH_MAX);
}

/** The recorded selector-health problems, newest first (for the options page). */
export async function readSelectorHealth(): Promise<SelectorHealthEntry[]> {
  const got = await browser.storage.local.get(SELECTOR_HEALTH_KEY);
  const list = got[SELECTOR_HEALTH_KEY];
  return Array.isArray(list) ? list.filter(isEntry) : [];
}

let chain: Promise<unknown> = Promise.resolve();

/** Add one entry (background only); writes are serialised so concurrent reports are all kept. */
export function recordSelectorHealth(entry: SelectorHealthEntry): Promise<void> {
  const run = async (): Promise<void> => {
    const got = await browser.storage.local.get(SELECTOR_HEALTH_KEY);
    await browser.storage.local.set({ [SELECTOR_HEALTH_KEY]: withEntry(got[SELECTOR_HEALTH_KEY], entry) });
  };
  const next = chain.then(run, run);
  chain = next.catch(() => undefined);
  return next;
}
