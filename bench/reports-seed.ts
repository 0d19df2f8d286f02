/**
 * Seeds synthetic result records into the extension's IndexedDB from an extension page (the page shares
 * the worker's database), in batches of one transaction each. Used by bench/reports.ts and the Reports
 * e2e test. Records are valid InteractionResult rows, deterministic (seeded LCG), already 'synced' (the
 * outbox ignores them) and end within the last `days` days (the retention purge keeps them).
 */
import type { Page } from '@playwright/test';

export interface SeedOptions {
  count: number;
  batch?: number;
  /** Records end between now − days and now. */
  days?: number;
  seed?: number;
}

/** Put `count` records into 'caller-verify'/'results'; resolves with the time taken (ms, inside the page). */
export async function seedResults(page: Page, opts: SeedOptions): Promise<number> {
  return page.evaluate(async ({ count, batch, days, seed }) => {
    const t0 = performance.now();
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('caller-verify', 1);
      req.onupgradeneeded = () => {
        // Same shape as openResultsDb (lib/results/store.ts) when the worker has not created it yet.
        const store = req.result.createObjectStore('results', { keyPath: 'interactionId' });
        store.createIndex('endedAt', 'endedAtMs');
        store.createIndex('sync', ['sync.state', 'sync.nextAttemptAt']);
      };
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    let state = seed >>> 0;
    const rand = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
    const now = Date.now();
    const hosts = [['salesforce', 'acme.lightning.force.com'], ['salesforce', 'demo.lightning.force.com'], ['genesys', 'apps.mypurecloud.com']] as const;
    const make = (i: number) => {
      const endedAtMs = now - Math.floor(rand() * days * 86_400_000);
      const r = rand();
      const outcome = r < 0.6 ? 'verified' : r < 0.8 ? 'identified' : 'not_identified';
      const m = rand();
      const methods = outcome === 'not_identified' && rand() < 0.5 ? [] : m < 0.7 ? ['ani'] : m < 0.85 ? ['ani', 'lastName'] : m < 0.95 ? ['customerId'] : [];
      const ivr = outcome === 'verified' && rand() < 0.12;
      const verifyFailures = outcome === 'verified' ? (rand() < 0.1 ? 1 : 0) : outcome === 'identified' ? Math.floor(rand() * 4) : 0;
      const verify = ivr ? 0 : verifyFailures + (outcome === 'verified' ? 1 : 0);
      const seconds = outcome === 'verified' && !ivr ? 15 + Math.floor(-Math.log(1 - rand()) * 60) : 5 + Math.floor(rand() * 240);
      const [adapterId, crmHost] = pick(hosts);
      const customerId = outcome === 'not_identified' ? undefined : `C-${1000 + Math.floor(rand() * 5000)}`;
      const id = `SEED-${String(i).padStart(7, '0')}`;
      const record = {
        interactionId: id, adapterId, crmHost,
        startedAt: new Date(endedAtMs - seconds * 1000).toISOString(), endedAt: new Date(endedAtMs).toISOString(),
        outcome, methods, factorsPassed: outcome === 'verified' && !ivr ? ['dob', 'postcode'] : [],
        attempts: { identify: methods.length > 1 ? 1 : 0, verify }, verifiedBy: ivr ? 'ivr' : 'agent',
        ...(customerId ? { customerId, displayName: `Customer ${customerId.slice(2)}` } : {}),
        ...(outcome === 'not_identified' && methods.length === 0 ? { optOutReason: pick(['caller_declined', 'no_details', 'urgent', 'other']) } : {}),
      };
      return { interactionId: id, endedAtMs, record, sync: { state: 'synced', attempts: 0, nextAttemptAt: endedAtMs, revision: 1, savedAt: endedAtMs, syncedAt: endedAtMs } };
    };
    for (let start = 0; start < count; start += batch) {
      const tx = db.transaction('results', 'readwrite');
      const store = tx.objectStore('results');
      for (let i = start; i < Math.min(count, start + batch); i++) store.put(make(i));
      await new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
    }
    db.close();
    return performance.now() - t0;
  }, { count: opts.count, batch: opts.batch ?? 5000, days: opts.days ?? 28, seed: opts.seed ?? 42 });
}
