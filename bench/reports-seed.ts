/**
 * Seeds synthetic result records (bench/seed-records.ts) into the extension's IndexedDB from an extension
 * page (the page shares the worker's database), in batches of one transaction each. Used by
 * bench/reports.ts and the Reports e2e test. The page side (bench/seed-page.ts) uses the store's own
 * rollup code, so it is bundled with Vite once per process and evaluated in the page (CDP evaluation is
 * not subject to the extension page's script CSP).
 */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'vite';
import type { PageSeedOptions } from './seed-page.ts';

export interface SeedOptions {
  count: number;
  batch?: number;
  /** Records end between now − days and now. */
  days?: number;
  seed?: number;
  /**
   * Write the version-1 layout (records only) into a profile that has no results database yet: the next
   * open of the database runs the upgrade that builds the rollups. Default: records and rollups.
   */
  legacy?: boolean;
}

let bundled: Promise<string> | undefined;

/** The IIFE bundle of bench/seed-page.ts (global `__cvSeed`). */
function pageScript(): Promise<string> {
  bundled ??= build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias: { '@': resolve(import.meta.dirname, '..') } },
    build: { write: false, minify: false, lib: { entry: resolve(import.meta.dirname, 'seed-page.ts'), formats: ['iife'], name: '__cvSeed' } },
  }).then((out) => {
    const first = Array.isArray(out) ? out[0] : out;
    const chunk = first && 'output' in first ? first.output.find((o) => o.type === 'chunk') : undefined;
    if (!chunk || chunk.type !== 'chunk') throw new Error('bench/reports-seed: bundling seed-page.ts gave no chunk');
    return chunk.code;
  });
  return bundled;
}

/** Put `count` records into 'caller-verify'; resolves with the time taken (ms, inside the page). */
export async function seedResults(page: Page, opts: SeedOptions): Promise<number> {
  await page.evaluate(`${await pageScript()}\n;globalThis.__cvSeed = __cvSeed;`);
  const o: PageSeedOptions = { count: opts.count, batch: opts.batch ?? 5000, days: opts.days ?? 28, seed: opts.seed ?? 42, legacy: opts.legacy ?? false };
  return page.evaluate((o) => (globalThis as unknown as { __cvSeed: { seed(o: PageSeedOptions): Promise<number> } }).__cvSeed.seed(o), o);
}
