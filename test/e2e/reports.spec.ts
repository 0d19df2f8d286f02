/**
 * The Reports page (reports.html) against real calls: counts after scripted flows, CSV/XLSX exports that
 * read back to the same rows, the team summary when allowed / not allowed / API down, selector health,
 * axe, a screenshot artefact; and the virtualised table with seeded history.
 */
import { readFileSync } from 'node:fs';
import type { Frame, Page, Worker } from '@playwright/test';
import { test, expect, panelFrame, callUrl } from './fixtures.ts';
import { dumpExtensionStorage } from './worker.ts';
import { axeViolations } from './a11y.ts';
import { leakedSecrets } from '../secrets.ts';
import type { StoredResult } from '../../lib/results/schema.ts';
import { toRow } from '../../lib/reports/row.ts';
import { exportTable } from '../../lib/reports/export.ts';
import { parseCsv, fromXlsx } from '../export-readers.ts';
import { seedResults } from '../../bench/reports-seed.ts';

const reportsUrl = (id: string): string => `chrome-extension://${id}/reports.html`;
const setLocal = (worker: Worker, items: Record<string, unknown>): Promise<void> =>
  worker.evaluate((v) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set(v), items);
const tile = (page: Page, kpi: string) => page.locator(`[data-kpi="${kpi}"] .value`);

/** A withheld number, and the caller opts out: not identified, with an opt-out reason. */
async function withheldOptOut(page: Page, extensionId: string): Promise<void> {
  await page.goto(callUrl('Anonymous'));
  const panel = await panelFrame(page, extensionId);
  await panel.getByRole('button', { name: 'Caller opts out of verification' }).click();
  await panel.getByRole('button', { name: 'Continue unauthenticated' }).click();
  await expect(panel.locator('.notice')).toContainText('continues unauthenticated');
}

/** Ada Lovelace's number: found by ANI, verified with her answers (whichever of them are asked). */
async function adaVerified(page: Page, extensionId: string): Promise<void> {
  await page.goto(callUrl('+1 (415) 555-0100'));
  const panel: Frame = await panelFrame(page, extensionId);
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  const answers: [string, string][] = [['Date of birth', '10/12/1985'], ['Postcode', '94107'], ['Last 4 digits of PIN', '1815']];
  for (const [label, value] of answers) {
    const field = panel.getByLabel(label, { exact: true });
    if (await field.count()) await field.fill(value);
  }
  await panel.getByRole('button', { name: 'Check answers' }).click();
  await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
}

/** Open reports.html and wait until every stored record has been read. */
async function openReports(page: Page, extensionId: string): Promise<void> {
  await page.goto(reportsUrl(extensionId));
  await expect(page.getByTestId('load-status')).toHaveAttribute('data-done', 'true', { timeout: 20_000 });
}

test('after 3 withheld opt-outs and 1 verified call: counts, exports, team summary, selector health, axe', async ({ context, extensionId, worker, api, useApi }) => {
  test.setTimeout(120_000);
  const crm = await context.newPage();
  for (let i = 0; i < 3; i++) await withheldOptOut(crm, extensionId);
  await adaVerified(crm, extensionId);
  let stored: StoredResult[] = [];
  await expect.poll(async () => {
    stored = ((await dumpExtensionStorage(context, extensionId)).idb['caller-verify/results'] ?? []) as StoredResult[];
    return stored.map((r) => r.sync.state).join(',');
  }, { timeout: 20_000 }).toBe('synced,synced,synced,synced');

  const page = await context.newPage();
  await openReports(page, extensionId);
  const expected: Record<string, string> = { total: '4', identificationRate: '25%', aniMatchRate: '25%', verificationRate: '25%', failureRate: '0%', lockoutRate: '0%', optOutRate: '75%', reasksAvoided: '0' };
  for (const [kpi, value] of Object.entries(expected)) await expect(tile(page, kpi), kpi).toHaveText(value);
  await expect(tile(page, 'medianTtv')).toHaveText(/^\d+ s$|^\d+ min \d\d s$/);
  await expect(page.getByTestId('showing')).toHaveText('Showing 4 of 4 calls');
  await expect(page.locator('[role="row"][data-id]')).toHaveCount(4);
  await expect(page.locator('.chart canvas')).toHaveCount(3);
  await expect(page.getByRole('img', { name: /^Stacked bars of outcomes per day .*: 1 verified, 0 identified only, 3 not identified\.$/ })).toBeVisible();
  await expect(page.locator('[role="row"][data-id]').filter({ hasText: 'Ada Lovelace (C-1001)' })).toContainText('Verified');
  await expect(page.locator('[role="row"][data-id]').filter({ hasText: 'caller declined' })).toHaveCount(3);

  await page.getByLabel('Outcome', { exact: true }).selectOption('verified');
  await expect(page.getByTestId('showing')).toHaveText('Showing 1 of 4 calls');
  await expect(tile(page, 'verificationRate')).toHaveText('100%');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('showing')).toHaveText('Showing 4 of 4 calls');

  await expect(page.getByTestId('supervisor').locator('[data-state="off"]')).toContainText('reports.serverSummary');
  await expect(page.getByTestId('selector-health').locator('[data-state="none"]')).toHaveText('None recorded.');
  expect(await axeViolations(page.mainFrame()), 'axe violations on reports.html').toEqual([]);

  // Exports: the newest-first rows of the store, as the lib builds them, in CSV (strings) and XLSX (typed).
  const want = exportTable(stored.map(toRow).sort((a, b) => b.endedAtMs - a.endedAtMs));
  const save = async (button: string): Promise<Buffer> => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    return readFileSync(await download.path());
  };
  const csv = await save('Export CSV');
  expect(parseCsv(csv.toString('utf8'))).toEqual([want.header, ...want.rows.map((r) => r.map(String))]);
  const xlsx = await save('Export XLSX');
  expect(await fromXlsx(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer)).toEqual(want);
  await expect(page.getByTestId('export-status')).toHaveText('Exported 4 calls.');
  expect(leakedSecrets(csv.toString('utf8'), ['10/12/1985', '94107', '1815'])).toEqual([]);

  // Team summary: allowed by the options (no policy here), then with the API down.
  await setLocal(worker, { options: { apiBaseUrl: api.url, reports: { serverSummary: true } } });
  await page.reload();
  const team = page.getByTestId('supervisor').locator('table[data-state="ok"]');
  await expect(team).toBeVisible();
  const all = team.locator('tr.totals td').first();
  expect(Number((await all.textContent())?.replace(/,/g, ''))).toBeGreaterThanOrEqual(4);
  await page.screenshot({ path: test.info().outputPath('reports.png'), fullPage: true });
  expect(await axeViolations(page.mainFrame()), 'axe violations with the team summary').toEqual([]);

  await useApi('http://127.0.0.1:9');
  await setLocal(worker, { options: { apiBaseUrl: 'http://127.0.0.1:9', reports: { serverSummary: true } } });
  await page.reload();
  await expect(page.getByTestId('supervisor').getByRole('alert')).toContainText("Team figures are unavailable right now. Can't reach the verification service.");

  // Selector health follows storage.local live.
  await setLocal(worker, { selectorHealth: [{ adapterId: 'salesforce', host: 'acme.lightning.force.com', at: Date.now(), pageVersion: 'v62' }] });
  await expect(page.getByTestId('selector-health').locator('tbody tr')).toHaveText(/salesforce\s*acme\.lightning\.force\.com\s*1/);
  expect(await axeViolations(page.mainFrame()), 'axe violations with API down and selector health').toEqual([]);
});

test('virtualised history: 3,000 seeded calls, only the rows in view are in the DOM, keyboard scrolls to the oldest', async ({ context, extensionId }) => {
  const page = await context.newPage();
  await page.goto(reportsUrl(extensionId));
  await seedResults(page, { count: 3000 });
  await openReports(page, extensionId);
  await expect(tile(page, 'total')).toHaveText('3,000');
  const table = page.getByTestId('history-table');
  await expect(table).toHaveAttribute('aria-rowcount', '3001');
  const rendered = page.locator('[role="row"][data-id]');
  expect(await rendered.count()).toBeLessThan(40);
  await page.getByRole('region', { name: /Call history table/ }).focus();
  await page.keyboard.press('End');
  await expect(rendered.last()).toHaveAttribute('aria-rowindex', '3001');
  expect(await rendered.count()).toBeLessThan(40);
  const oldest = await page.evaluate(() => document.querySelector('[role="row"][data-id]:last-child [role="cell"]')?.textContent);
  await page.getByRole('button', { name: 'Ended (UTC)' }).click(); // oldest first now, back at the top
  await expect(page.locator('[role="columnheader"][aria-sort="ascending"]')).toHaveText(/Ended/);
  await expect(rendered.first()).toHaveAttribute('aria-rowindex', '2');
  await expect(rendered.first().locator('[role="cell"]').first()).toHaveText(oldest as string);

  // A filter: the worker's view and the rollups' count agree, and only matching rows are on screen.
  await page.locator('#f-outcome').selectOption('verified');
  const shown = Number((await page.getByTestId('showing').textContent())?.match(/Showing ([\d,]+) of/)?.[1]?.replace(/,/g, ''));
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(3000);
  await expect(table).toHaveAttribute('aria-rowcount', String(shown + 1));
  await expect(rendered.first()).toHaveAttribute('aria-rowindex', '2');
  expect(new Set(await rendered.locator('[role="cell"]:nth-child(2)').allTextContents())).toEqual(new Set(['Verified']));
});
