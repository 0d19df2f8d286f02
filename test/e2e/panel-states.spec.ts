/** Every panel state: no axe violations, usable at 200 % zoom, screenshot kept as a test artefact. */
import type { Frame, Page } from '@playwright/test';
import { test, expect, panelFrame, callUrl } from './fixtures.ts';
import { axeViolations } from './a11y.ts';
import { startFakeApi } from './fake-api.ts';

async function check(page: Page, panel: Frame, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  expect(await axeViolations(panel), `axe violations in state "${name}"`).toEqual([]);
  // 200 % zoom halves the CSS viewport; the panel must not need horizontal scrolling.
  await page.setViewportSize({ width: 640, height: 400 });
  const overflow = await panel.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `horizontal overflow at 200 % zoom in state "${name}"`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('identified → verify form → verified', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(callUrl('+1 (415) 555-0100'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  await check(page, panel, 'verify-form');
  await panel.getByLabel('Date of birth').fill('1985-12-10');
  await panel.getByLabel('Last 4 digits of PIN').fill('1815');
  await panel.getByRole('button', { name: 'Check answers' }).click();
  await expect(panel.getByRole('button', { name: 'Open customer record' })).toBeVisible();
  await check(page, panel, 'verified');
});

test('chooser, search with notice, opt-out form', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(callUrl('+44 20 7946 0123'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByRole('button', { name: /Alan Turing/ })).toBeVisible();
  await check(page, panel, 'choose');
  await panel.getByLabel('Search by').selectOption('accountNumber');
  await panel.getByLabel('Account number', { exact: true }).fill('99999999');
  await panel.getByRole('button', { name: 'Search' }).click();
  await expect(panel.getByText('No customer found. Attempts left: 2.')).toBeVisible();
  await check(page, panel, 'search-no-match');
  await panel.getByRole('button', { name: 'Caller opts out of verification' }).click();
  await expect(panel.getByLabel('Reason')).toBeFocused();
  await check(page, panel, 'opt-out-form');
});

test('withheld number, error with retry, stop after failures', async ({ context, extensionId, useApi }) => {
  const page = await context.newPage();
  await page.goto(callUrl('Anonymous'));
  let panel = await panelFrame(page, extensionId);
  await expect(panel.getByLabel('Last name', { exact: true })).toBeVisible();
  await check(page, panel, 'search-withheld');
  const fake = await startFakeApi('http500');
  await useApi(fake.url);
  const page2 = await context.newPage();
  await page2.goto(callUrl('+1 (415) 555-0100'));
  panel = await panelFrame(page2, extensionId);
  await expect(panel.getByRole('button', { name: 'Try again' })).toBeFocused();
  await check(page2, panel, 'error');
  await fake.close();
});

test('low-trust caller number (attestation C): shown, and one more question is required', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${callUrl('+1 415 555 0100')}&attest=C`);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByText('STIR/SHAKEN attestation C')).toBeVisible();
  await expect(panel.getByText(/Low-trust caller number/)).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Additional (at least 2)' })).toBeVisible();
  await check(page, panel, 'low-trust');
});

test('business account: the caller is verified as an employee contact of the business', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(callUrl('+44 20 7946 0791'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Charles Babbage');
  await expect(panel.locator('.status .cid')).toContainText('Babbage Engines Ltd');
  await check(page, panel, 'business');
});
