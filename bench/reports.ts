/**
 * Reports page benchmark: `node bench/reports.ts [--count 100000] [--screenshot FILE]` (build first:
 * `npx wxt build`). Seeds the records into the extension's IndexedDB from an extension page, opens
 * reports.html and measures, inside the page: time to the first KPI render (performance mark
 * `reports:kpis`, target < 1 s), long tasks (PerformanceObserver 'longtask', ≥ 50 ms) while loading and
 * while scrolling the table from top to bottom, rendered rows, and the cost of a filter and a sort.
 * Prints a table; bounded to 3 minutes.
 */
import { parseArgs } from 'node:util';
import { launchWithExtension } from '../test/e2e/chromium.ts';
import { seedResults } from './reports-seed.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, screenshot: { type: 'string' } } });
const COUNT = Number(values.count);
const deadline = setTimeout(() => { console.error('bench/reports: over 3 minutes, giving up'); process.exit(2); }, 180_000);
deadline.unref();

type Win = { __longtasks: { start: number; duration: number }[] };
const LONGTASK_OBSERVER = `window.__longtasks = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });`;

const { context, extensionId } = await launchWithExtension();
const results: [string, string][] = [];
const add = (what: string, value: string): void => void results.push([what, value]);
try {
  const url = `chrome-extension://${extensionId}/reports.html`;
  const seeder = await context.newPage();
  await seeder.goto(url);
  add(`seed ${COUNT.toLocaleString('en')} records (batches of 5,000)`, `${(await seedResults(seeder, { count: COUNT })).toFixed(0)} ms`);
  await seeder.close();

  const page = await context.newPage();
  await page.addInitScript(LONGTASK_OBSERVER);
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('reports:kpis').length > 0, undefined, { timeout: 60_000 });
  const kpiAt = await page.evaluate(() => performance.getEntriesByName('reports:kpis')[0]?.startTime ?? NaN);
  await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length >= 3);
  const total = await page.locator('[data-kpi="total"] .value').textContent();
  const load = await page.evaluate(() => (window as unknown as Win).__longtasks.splice(0));
  add('time to first KPI render (from navigation start)', `${kpiAt.toFixed(0)} ms (target < 1000)`);
  add('KPI "Calls" tile shows', String(total));
  add('long tasks while loading (count / longest / total)', `${load.length} / ${Math.max(0, ...load.map((t) => t.duration)).toFixed(0)} ms / ${load.reduce((s, t) => s + t.duration, 0).toFixed(0)} ms`);

  // Scroll the table from top to bottom in steps of ~10 rows per frame, then jump back to the top.
  const scroll = await page.evaluate(async () => {
    const box = document.querySelector('.table-scroll') as HTMLElement;
    const frame = (): Promise<number> => new Promise((r) => requestAnimationFrame(r));
    (window as unknown as Win).__longtasks.length = 0;
    const frames: number[] = [];
    let maxRows = 0;
    let last = await frame();
    const step = 320;
    const stepsTotal = 600;
    const stride = Math.max(step, Math.floor((box.scrollHeight - box.clientHeight) / stepsTotal));
    for (let top = 0; top <= box.scrollHeight; top += stride) {
      box.scrollTop = top;
      const now = await frame();
      frames.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, box.querySelectorAll('tbody tr[data-id]').length);
    }
    box.scrollTop = 0;
    await frame();
    await frame();
    const sorted = [...frames].sort((a, b) => a - b);
    const lastRowShown = box.querySelector('tbody tr[data-id]:last-of-type')?.getAttribute('aria-rowindex');
    return { frames: frames.length, p50: sorted[Math.floor(frames.length / 2)] ?? 0, p95: sorted[Math.floor(frames.length * 0.95)] ?? 0, max: sorted[sorted.length - 1] ?? 0, maxRows, lastRowShown, longtasks: (window as unknown as Win).__longtasks.splice(0) };
  });
  add(`scroll: frames (stride ≈ ${Math.round(COUNT * 32 / 600 / 32)} rows/frame)`, `${scroll.frames}, frame time p50 ${scroll.p50.toFixed(1)} / p95 ${scroll.p95.toFixed(1)} / max ${scroll.max.toFixed(1)} ms`);
  add('scroll: long tasks (count / longest)', `${scroll.longtasks.length} / ${Math.max(0, ...scroll.longtasks.map((t) => t.duration)).toFixed(0)} ms`);
  add('scroll: most data rows in the DOM at once', String(scroll.maxRows));

  const timeUntilShowingChanges = async (act: () => Promise<void>): Promise<number> => {
    const before = await page.getByTestId('showing').textContent();
    const t0 = await page.evaluate(() => performance.now());
    await act();
    await page.waitForFunction((b) => document.querySelector('[data-testid="showing"]')?.textContent !== b, before);
    return (await page.evaluate(() => performance.now())) - t0;
  };
  add('filter outcome = Verified (until the count updates)', `${(await timeUntilShowingChanges(() => page.locator('#f-outcome').selectOption('verified'))).toFixed(0)} ms`);
  const sortStart = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Customer', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('th[aria-sort="ascending"]') !== null);
  add('sort by Customer (click until re-rendered)', `${((await page.evaluate(() => performance.now())) - sortStart).toFixed(0)} ms`);
  const sortTasks = await page.evaluate(() => (window as unknown as Win).__longtasks.splice(0));
  add('filter + sort: long tasks (count / longest)', `${sortTasks.length} / ${Math.max(0, ...sortTasks.map((t) => t.duration)).toFixed(0)} ms`);
  if (values.screenshot) {
    await page.locator('#f-outcome').selectOption('');
    await page.screenshot({ path: values.screenshot, fullPage: true });
    add('screenshot', values.screenshot);
  }
} finally {
  await context.close();
}

const width = Math.max(...results.map(([w]) => w.length));
console.log(`\nReports page, ${COUNT.toLocaleString('en')} records (headless Chromium, ${process.platform})\n`);
console.log(`${'measure'.padEnd(width)}  result`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(40)}`);
for (const [what, value] of results) console.log(`${what.padEnd(width)}  ${value}`);
