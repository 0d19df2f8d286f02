/** Fault-test helpers: stop the MV3 worker, and read the extension's storage from an extension page. */
import type { BrowserContext, Page } from '@playwright/test';

/** Stop every service worker (CDP ServiceWorker.stopAllWorkers); the next event restarts ours. */
export async function stopWorkers(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** Everything the extension stores: storage.local, storage.session and every IndexedDB store, as JSON. */
export async function dumpExtensionStorage(context: BrowserContext, extensionId: string): Promise<{ local: unknown; session: unknown; idb: Record<string, unknown[]> }> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/panel.html`);
  const dump = await page.evaluate(async () => {
    const chromeApi = (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<unknown> }; session: { get(k: null): Promise<unknown> } } } }).chrome;
    const idb: Record<string, unknown[]> = {};
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const req = indexedDB.open(info.name as string);
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        idb[`${info.name}/${store}`] = await new Promise<unknown[]>((ok) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => ok(req.result);
        });
      }
      db.close();
    }
    return { local: await chromeApi.storage.local.get(null), session: await chromeApi.storage.session.get(null), idb };
  });
  await page.close();
  return dump;
}
