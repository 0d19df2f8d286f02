/** Playwright fixtures: fixture CRM server and reference API per worker, a fresh browser per test. */
import { test as base, expect, type BrowserContext, type Frame, type Page, type Worker } from '@playwright/test';
import { startCrmServer, type CrmServer } from '../fixtures/crm-server.ts';
import { startApi, type ApiProcess } from './api-process.ts';
import { launchWithExtension } from './chromium.ts';

export const SF_ORIGIN = 'https://acme.lightning.force.com';

interface TestFixtures {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Point the extension at an API base URL (agent options; no policy is installed in these tests). */
  useApi: (url: string) => Promise<void>;
}
interface WorkerFixtures {
  crm: CrmServer;
  api: ApiProcess;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern for fixtures without dependencies
  crm: [async ({}, use) => { const s = await startCrmServer(); await use(s); await s.close(); }, { scope: 'worker' }],
  // eslint-disable-next-line no-empty-pattern -- as above
  api: [async ({}, use) => { const a = await startApi(); await use(a); await a.stop(); }, { scope: 'worker' }],
  context: async ({ crm }, use) => {
    const launched = await launchWithExtension({ extraArgs: crm.chromiumArgs });
    await use(launched.context);
    await launched.context.close();
  },
  worker: async ({ context }, use) => use(context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))),
  extensionId: async ({ worker }, use) => use(new URL(worker.url()).host),
  useApi: async ({ worker, api }, use) => {
    const set = async (url: string): Promise<void> =>
      worker.evaluate((apiBaseUrl) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: { apiBaseUrl } }), url);
    await set(api.url);
    await use(set);
  },
});

/** The panel iframe inside the page (its closed shadow host hides it from the page, not from the test). */
export async function panelFrame(page: Page, extensionId: string): Promise<Frame> {
  const prefix = `chrome-extension://${extensionId}/panel.html`;
  const find = (): Frame | undefined => page.frames().find((f) => !f.isDetached() && f.url().startsWith(prefix));
  await expect.poll(() => find() !== undefined, { message: 'panel iframe attached' }).toBe(true);
  const frame = find() as Frame;
  await frame.waitForLoadState('domcontentloaded');
  return frame;
}

/** A fresh Voice Call record URL (unique interaction id) whose From field shows `ani`. */
export function callUrl(ani: string): string {
  const id = `0LQ${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}AAA`;
  return `${SF_ORIGIN}/lightning/r/VoiceCall/${id}/view?ani=${encodeURIComponent(ani)}`;
}

export { expect };
