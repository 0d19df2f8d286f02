/**
 * `node bench/panel.ts`: what the agent waits for. From the moment a call view appears in the CRM page
 * to the caller's number, then the identified customer's name, in the panel. Built extension, reference
 * API on loopback, Salesforce fixture console at its real host name. The first call of a tab loads the
 * panel iframe (cold); later calls in that tab reuse it (warm). Options: --tabs N, --calls N (per tab),
 * --no-build.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Frame, Page } from '@playwright/test';
import { launchWithExtension } from '../test/e2e/chromium.ts';
import { startApi } from '../test/e2e/api-process.ts';
import { startCrmServer } from '../test/fixtures/crm-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TABS = arg('--tabs', 4);
const CALLS = arg('--calls', 6);
const SF_ORIGIN = 'https://acme.lightning.force.com';
// Alternating callers, so each call changes what the panel shows.
const CALLERS = [
  { ani: '+1 (415) 555-0100', number: '+1 415 555 0100', name: 'Ada Lovelace' },
  { ani: '+44 20 7946 0018', number: '+44 20 7946 0018', name: 'Grace Hopper' },
];

interface Seen { t: number; ix: string; number: string; name: string }
interface Times { panel: number[]; number: number[]; name: number[] }

/** Runs in every frame; in the panel it records (absolute time, interaction, number, name) on each change. */
function recordPanel(): void {
  if (location.protocol !== 'chrome-extension:' || !location.pathname.endsWith('/panel.html')) return;
  const w = window as unknown as { __seen: Seen[] };
  w.__seen = [];
  let last = '';
  const check = (): void => {
    const ix = new URLSearchParams(location.hash.slice(1)).get('ix') ?? '';
    const number = document.querySelector('[data-testid="caller-number"]')?.textContent ?? '';
    const name = document.querySelector('.status .name')?.textContent ?? '';
    const key = `${ix}|${number}|${name}`;
    if (key !== last) w.__seen.push({ t: performance.timeOrigin + performance.now(), ix, number, name });
    last = key;
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** The panel frames of `page` (one with a reused iframe; a fresh host per call briefly has two). */
const panels = (page: Page, extensionId: string): Frame[] =>
  page.frames().filter((x) => !x.isDetached() && x.url().startsWith(`chrome-extension://${extensionId}/panel.html`));

/** Wait until a panel has shown `want` for interaction `ix`; returns when it showed the interaction, the number and the name. */
async function shown(page: Page, extensionId: string, ix: string, want: (typeof CALLERS)[number]): Promise<{ panel: number; number: number; name: number }> {
  for (let i = 0; i < 1000; i++) {
    for (const frame of panels(page, extensionId)) {
      // The frame may still be navigating to panel.html (its context replaced): read again on the next turn.
      const seen = await frame.evaluate(() => (window as unknown as { __seen?: Seen[] }).__seen ?? []).catch(() => [] as Seen[]);
      const mine = seen.filter((s) => s.ix === ix);
      const number = mine.find((s) => s.number === want.number)?.t;
      const name = mine.find((s) => s.name === want.name)?.t;
      if (number !== undefined && name !== undefined) return { panel: mine[0]?.t ?? NaN, number, name };
    }
    await sleep(10);
  }
  throw new Error(`panel did not show ${want.name} for ${ix} within 10 s`);
}

const f = (n: number): string => n.toFixed(0);

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) execFileSync(resolve(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const crm = await startCrmServer();
  const api = await startApi();
  const { context, worker, extensionId } = await launchWithExtension({ extraArgs: crm.chromiumArgs });
  const cold: Times = { panel: [], number: [], name: [] };
  const warm: Times = { panel: [], number: [], name: [] };
  try {
    await context.addInitScript(recordPanel);
    await worker.evaluate((apiBaseUrl) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: { apiBaseUrl } }), api.url);
    // An agent's browser is open before the first call: give the worker the time to read the policy once
    // (the first storage.managed read takes about 3 s in Chromium) before the clock runs.
    await sleep(5000);
    for (let tab = 0; tab < TABS; tab++) {
      const page = await context.newPage();
      await page.goto(`${SF_ORIGIN}/lightning/page/home`);
      for (let call = 0; call < CALLS; call++) {
        const who = CALLERS[(tab + call) % CALLERS.length] as (typeof CALLERS)[number];
        const ix = `0LQ${String(tab).padStart(2, '0')}${String(call).padStart(3, '0')}${Math.random().toString(36).slice(2, 9).padEnd(7, '0')}AAA`;
        // The fixture console renders the record a little later, as Lightning does: the clock starts when
        // the record page (the call view) is in the DOM.
        const t0 = await page.evaluate(([path, id]) => new Promise<number>((done) => {
          const mo = new MutationObserver(() => {
            if (!document.querySelector(`[data-record-id="${id}"]`)) return;
            mo.disconnect();
            done(performance.timeOrigin + performance.now());
          });
          mo.observe(document, { childList: true, subtree: true });
          (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(path as string);
        }), [`/lightning/r/VoiceCall/${ix}/view?ani=${encodeURIComponent(who.ani)}`, ix]);
        const at = await shown(page, extensionId, ix, who);
        const into = call === 0 ? cold : warm;
        into.panel.push(at.panel - t0);
        into.number.push(at.number - t0);
        into.name.push(at.name - t0);
        await sleep(400);
      }
      await page.close();
    }
  } finally {
    await context.close();
    await api.stop();
    await crm.close();
  }
  console.log(`\nCall view in the CRM page → panel, ${TABS} tabs × ${CALLS} calls, ms (DOM committed in the panel; paint follows within a frame)\n`);
  const rows: [string, Times][] = [['cold: first call of a tab (iframe loads)', cold], ['warm: later calls (iframe reused)', warm]];
  console.table(rows.map(([label, x]) => ({
    calls: label, n: x.name.length,
    'panel on the call p50': f(pct(x.panel, 50)), 'number p50': f(pct(x.number, 50)), 'number p95': f(pct(x.number, 95)),
    'name p50': f(pct(x.name, 50)), 'name p95': f(pct(x.name, 95)),
  })));
  console.log('panel on the call = the panel page shows the new interaction (loading); number = the caller\'s number; name = the customer identified by that number (API on loopback).');
}

await main();
