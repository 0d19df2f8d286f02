/**
 * Reports page benchmark: `node bench/reports.ts [--count 100000] [--layout legacy|current]
 * [--screenshot FILE] [--extension DIR]` (build first: `npx wxt build`; DIR defaults to .output/chrome-mv3).
 * Seeds the records into the extension's IndexedDB from an extension page: by default in the version-1
 * layout (records only), so the first open of reports.html runs the one-off upgrade that builds the
 * rollups (measured apart); `--layout current` seeds records and rollups together. Then opens
 * reports.html again and measures, inside the page: KPI tiles over every record (performance mark
 * `reports:kpis`, target < 1 s), charts drawn (`reports:charts`), every record read for the table
 * (`reports:complete`, read by the page's history worker), long tasks (PerformanceObserver 'longtask',
 * ≥ 50 ms) while loading and while scrolling the table from top to bottom, rendered rows, frames that
 * showed rows still on their way from the worker, and the cost of a filter and a sort.
 * Prints a table; bounded to 3 minutes.
 */
import { parseArgs } from 'node:util';
import { launchWithExtension } from '../test/e2e/chromium.ts';
import { seedResults } from './reports-seed.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, layout: { type: 'string', default: 'legacy' }, screenshot: { type: 'string' }, extension: { type: 'string' } } });
const COUNT = Number(values.count);
const LEGACY = values.layout !== 'current';
const deadline = setTimeout(() => { console.error('bench/reports: over 3 minutes, giving up'); process.exit(2); }, 180_000);
deadline.unref();

type Win = { __longtasks: { start: number; duration: number }[] };
const LONGTASK_OBSERVER = `window.__longtasks = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });`;

const { context, extensionId } = await launchWithExtension(values.extension ? { extensionDir: values.extension } : {});
const results: [string, string][] = [];
const add = (what: string, value: string): void => void results.push([what, value]);
try {
  const url = `chrome-extension://${extensionId}/reports.html`;
  const seeder = await context.newPage();
  // Seeded from the options page, which does not open the results database (reports.html would upgrade it first).
  await seeder.goto(`chrome-extension://${extensionId}/options.html`);
  const seedMs = await seedResults(seeder, { count: COUNT, legacy: LEGACY });
  add(`seed ${COUNT.toLocaleString('en')} records (batches of 5,000, ${LEGACY ? 'version-1 layout: records only' : 'records + rollups'})`, `${seedMs.toFixed(0)} ms`);
  await seeder.close();
  if (LEGACY) {
    // First open after the update: the database upgrade builds the rollups from every record, once.
    const first = await context.newPage();
    await first.goto(url);
    await first.waitForFunction(() => performance.getEntriesByName('reports:kpis').length > 0, undefined, { timeout: 120_000 });
    const at = await first.evaluate(() => performance.getEntriesByName('reports:kpis')[0]?.startTime ?? NaN);
    add('one-off upgrade (first open after the update): KPIs shown at', `${at.toFixed(0)} ms, "Calls" tile: ${await first.locator('[data-kpi="total"] .value').textContent()}`);
    // Closed once it has read every record, so its reads do not overlap the measured page's.
    await first.waitForFunction(() => performance.getEntriesByName('reports:complete').length > 0, undefined, { timeout: 60_000 });
    await first.close();
  }

  const page = await context.newPage();
  await page.addInitScript(LONGTASK_OBSERVER);
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('reports:kpis').length > 0, undefined, { timeout: 60_000 });
  const kpiMark = await page.evaluate(() => {
    const mark = performance.getEntriesByName('reports:kpis')[0] as PerformanceMark | undefined;
    return { at: mark?.startTime ?? NaN, calls: (mark?.detail as { calls?: number } | undefined)?.calls ?? NaN };
  });
  const kpiTotal = await page.locator('[data-kpi="total"] .value').textContent();
  await page.waitForFunction(() => performance.getEntriesByName('reports:charts').length > 0, undefined, { timeout: 60_000 });
  const chartsAt = await page.evaluate(() => performance.getEntriesByName('reports:charts')[0]?.startTime ?? NaN);
  const beforeCharts = await page.evaluate((t) => (window as unknown as Win).__longtasks.filter((l) => l.start < t), chartsAt);
  await page.waitForFunction(() => performance.getEntriesByName('reports:complete').length > 0, undefined, { timeout: 60_000 });
  const completeAt = await page.evaluate(() => performance.getEntriesByName('reports:complete')[0]?.startTime ?? NaN);
  await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length >= 3);
  await page.waitForTimeout(500); // let the last render settle before scrolling
  const total = await page.locator('[data-kpi="total"] .value').textContent();
  const load = await page.evaluate(() => (window as unknown as Win).__longtasks.splice(0));
  const tasks = (l: { duration: number }[]): string => `${l.length} / ${Math.max(0, ...l.map((t) => t.duration)).toFixed(0)} ms / ${l.reduce((s, t) => s + t.duration, 0).toFixed(0)} ms`;
  add('KPI tiles over every record (from navigation start)', `${kpiMark.at.toFixed(0)} ms (target < 1000), over ${kpiMark.calls.toLocaleString('en')} calls, "Calls" tile: ${kpiTotal}`);
  add('charts drawn (KPIs complete: tiles + 3 charts)', `${chartsAt.toFixed(0)} ms (target < 1000)`);
  add('long tasks until the charts are drawn (count / longest / total)', tasks(beforeCharts));
  add('table: every record read (rows for table and export)', `${completeAt.toFixed(0)} ms, "Calls" tile: ${total}`);
  add('long tasks while loading, all (count / longest / total)', tasks(load));

  // Scroll the table: `frames` steps of `stride` px, one per animation frame (3 rows/frame is a mouse wheel
  // or a held arrow key; the fling crosses all 100,000 rows in 600 frames, every row in view new each frame).
  const scrollRun = (stride: number | 'fling', frames: number) => page.evaluate(async ({ stride, frames }) => {
    const box = document.querySelector('.table-scroll') as HTMLElement;
    const frame = (): Promise<number> => new Promise((r) => requestAnimationFrame(r));
    box.scrollTop = 0;
    await frame();
    (window as unknown as Win).__longtasks.length = 0;
    const step = stride === 'fling' ? Math.ceil((box.scrollHeight - box.clientHeight) / frames) : stride;
    const times: number[] = [];
    let maxRows = 0;
    let pendingFrames = 0;
    let last = await frame();
    for (let i = 0; i < frames; i++) {
      box.scrollTop += step;
      const now = await frame();
      times.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, box.querySelectorAll('[role="row"][data-id]').length);
      if (box.querySelector('[role="row"][aria-busy="true"]')) pendingFrames += 1;
    }
    for (let i = 0; i < 10 && box.querySelector('[role="row"][aria-busy="true"]'); i++) await frame();
    const lastIndex = box.querySelector('[role="row"][data-id]:last-child')?.getAttribute('aria-rowindex');
    const sorted = [...times].sort((a, b) => a - b);
    const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
    return { rowsPerFrame: step / 32, p50: q(0.5), p95: q(0.95), max: q(1), maxRows, pendingFrames, frames, lastIndex, longtasks: (window as unknown as Win).__longtasks.splice(0) };
  }, { stride, frames });
  for (const [name, run] of [['smooth scroll, 300 frames', await scrollRun(96, 300)], ['fling to the end, 600 frames', await scrollRun('fling', 600)]] as const) {
    add(`${name} (${run.rowsPerFrame.toFixed(0)} rows/frame): frame time`, `p50 ${run.p50.toFixed(1)} / p95 ${run.p95.toFixed(1)} / max ${run.max.toFixed(1)} ms`);
    add(`${name}: long tasks (count / longest)`, `${run.longtasks.length} / ${Math.max(0, ...run.longtasks.map((t) => t.duration)).toFixed(0)} ms`);
    add(`${name}: most rows in the DOM / last aria-rowindex`, `${run.maxRows} / ${run.lastIndex}`);
    add(`${name}: frames painted with rows still on their way from the worker`, `${run.pendingFrames} of ${run.frames}`);
  }

  const timeUntilShowingChanges = async (act: () => Promise<void>): Promise<number> => {
    const before = await page.getByTestId('showing').textContent();
    const t0 = await page.evaluate(() => performance.now());
    await act();
    await page.waitForFunction((b) => document.querySelector('[data-testid="showing"]')?.textContent !== b, before);
    return (await page.evaluate(() => performance.now())) - t0;
  };
  add('filter outcome = Verified (until the count updates)', `${(await timeUntilShowingChanges(async () => { await page.locator('#f-outcome').selectOption('verified'); })).toFixed(0)} ms`);
  const chartsFor = async (act: () => Promise<void>): Promise<number> => {
    const before = await page.locator('#chart-day-title + .plot').getAttribute('aria-label');
    const t0 = await page.evaluate(() => performance.now());
    await act();
    await page.waitForFunction((b) => document.querySelector('#chart-day-title + .plot')?.getAttribute('aria-label') !== b, before);
    return (await page.evaluate(() => performance.now())) - t0;
  };
  add('filter host = genesys (until the charts update)', `${(await chartsFor(async () => { await page.locator('#f-host').selectOption('apps.mypurecloud.com'); })).toFixed(0)} ms`);
  await page.locator('#f-host').selectOption('');
  const firstRow = (): Promise<string | null> => page.evaluate(() => document.querySelector('[role="row"][data-id]')?.getAttribute('data-id') ?? null);
  const topBefore = await firstRow();
  const sortStart = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Customer', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[role="columnheader"][aria-sort="ascending"]') !== null);
  const headerAt = await page.evaluate(() => performance.now());
  await page.waitForFunction((b) => { const r = document.querySelector('[role="row"][data-id]'); return r !== null && r.getAttribute('data-id') !== b; }, topBefore);
  const rowsAt = await page.evaluate(() => performance.now());
  add('sort by Customer: click until the header shows it / until sorted rows are on screen', `${(headerAt - sortStart).toFixed(0)} ms / ${(rowsAt - sortStart).toFixed(0)} ms`);
  const sortTasks = await page.evaluate(() => (window as unknown as Win).__longtasks.splice(0));
  add('filter + sort: long tasks (count / longest)', `${sortTasks.length} / ${Math.max(0, ...sortTasks.map((t) => t.duration)).toFixed(0)} ms`);
  if (values.screenshot) {
    await page.locator('#f-outcome').selectOption('');
    await page.screenshot({ path: values.screenshot, fullPage: true });
    add('screenshot', values.screenshot);
  }
} catch (err) {
  add('FAILED', String((err as Error).message ?? err).split('\n')[0] as string);
  process.exitCode = 1;
} finally {
  await context.close();
}

const width = Math.max(...results.map(([w]) => w.length));
console.log(`\nReports page, ${COUNT.toLocaleString('en')} records (headless Chromium, ${process.platform})\n`);
console.log(`${'measure'.padEnd(width)}  result`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(40)}`);
for (const [what, value] of results) console.log(`${what.padEnd(width)}  ${value}`);
