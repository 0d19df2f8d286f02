/**
 * CRM guards (#24) on the demo console (the fixture Lightning console, Voice Call record with the caller's
 * Contact card) under the built-in Salesforce guards: a held action for an identified-only caller, masked
 * fields that cannot be copied, the one-key Verify now, the step-up guard staying held after Verified by
 * questions, an override with a reason recorded, synced and shown in Reports, and a policy whose selectors
 * match nothing leaving the page working while selector health records it.
 */
import type { Frame, Page, Worker } from '@playwright/test';
import { test, expect, panelFrame, callUrl, SF_ORIGIN } from './fixtures.ts';
import { dumpExtensionStorage } from './worker.ts';

const setOptions = (worker: Worker, options: Record<string, unknown>): Promise<void> =>
  worker.evaluate((v) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: v }), options);
const readLocal = (worker: Worker, key: string): Promise<unknown> =>
  worker.evaluate(async (k) => (await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(k))[k], key);

const PHONE_FIELD = '[data-target-selection-name="sfdc:RecordField.Contact.Phone"]';
const EMAIL_FIELD = '[data-target-selection-name="sfdc:RecordField.Contact.Email"]';
const status = (page: Page) => page.locator('#contact-action-status');
const notice = (page: Page) => page.locator('[data-caller-verify-guard]');

/** Ada Lovelace calls: identified by her number, questions on screen (identified only). */
async function adaIdentified(page: Page, extensionId: string): Promise<Frame> {
  await page.goto(callUrl('+1 (415) 555-0100'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('[data-outcome]')).toHaveText('Identified only');
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  return panel;
}

async function answer(panel: Frame): Promise<void> {
  for (const [label, value] of [['Date of birth', '10/12/1985'], ['Postcode', '94107'], ['Last 4 digits of PIN', '1815']] as const) {
    const field = panel.getByLabel(label, { exact: true });
    if (await field.count()) await field.fill(value);
  }
  await panel.getByRole('button', { name: 'Check answers' }).click();
  await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
}

/** Select an element's text as an agent would (mouse), then Ctrl+C; what the clipboard holds after. */
async function copyText(page: Page, selector: string): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText('clipboard-before'));
  // The keys must reach the page, not the panel (which takes focus while the agent answers).
  await page.getByRole('heading', { name: 'Contact: Ada Lovelace' }).click();
  await page.evaluate((sel) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(sel) as Node);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
  }, selector);
  await page.keyboard.press('Control+c');
  return page.evaluate(() => navigator.clipboard.readText());
}

test('identified only: Change phone number is held, fields masked and not copyable; after Verified it works, MFA still needs a step-up', async ({ context, extensionId, useApi: _ }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: SF_ORIGIN });
  const page = await context.newPage();
  const panel = await adaIdentified(page, extensionId);
  const change = page.getByRole('button', { name: 'Change phone number' });

  // A script's click (untrusted) is held too, without the notice (which would take the agent's focus).
  await page.evaluate(() => (document.querySelector('button[name="Contact.Change_Phone_Number"]') as HTMLButtonElement).click());
  await expect(status(page)).toHaveText('');
  await expect(notice(page)).toHaveCount(0);
  await change.click();
  await expect(notice(page)).toHaveCount(1);
  await expect(status(page)).toHaveText('');
  // A keyboard press on it: held.
  await change.focus();
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveText('');
  // Enter or Space on the save button, or submitting its form from the email input: held.
  await page.getByLabel('New email').fill('mallory@example.net');
  await page.getByLabel('New email').press('Enter');
  await expect(status(page)).toHaveText('');

  // Masked: blurred, not selectable, and a copy gives the page's text nothing.
  for (const sel of [PHONE_FIELD, EMAIL_FIELD]) {
    await expect(page.locator(sel)).toHaveCSS('filter', 'blur(6px)');
    await expect(page.locator(sel)).toHaveCSS('user-select', 'none');
  }
  expect(await copyText(page, EMAIL_FIELD)).toBe('clipboard-before');

  // One key: the notice's Verify now has focus; V opens the panel and the notice goes.
  await change.click();
  await expect(notice(page)).toHaveCount(1);
  await page.keyboard.press('v');
  await expect(notice(page)).toHaveCount(0);
  // The keyboard is in the panel (its host in a closed shadow root is what the page sees focused).
  await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-caller-verify-panel') ?? false)).toBe(true);

  await answer(panel);
  await expect(page.locator(EMAIL_FIELD)).toHaveCSS('filter', 'none');
  expect(await copyText(page, EMAIL_FIELD)).toContain('ada@example.com');
  await change.click();
  await expect(status(page)).toHaveText('Change phone number: form opened');

  // require: step-up: no step-up is recorded on the interaction, so Verified by questions is not enough.
  await page.getByRole('button', { name: 'Reset MFA device' }).click();
  await expect(notice(page)).toHaveCount(1);
  await expect(status(page)).toHaveText('Change phone number: form opened');
});

test('override with a typed reason: the action runs, the result carries it to the API, Reports counts it by agent', async ({ context, extensionId, worker, api }) => {
  test.setTimeout(90_000);
  await setOptions(worker, { apiBaseUrl: api.url, guards: { allowOverride: true }, agentIdSource: { type: 'policy', agentId: 'agent-7' } });
  const page = await context.newPage();
  const panel = await adaIdentified(page, extensionId);
  const change = page.getByRole('button', { name: 'Change phone number' });
  await change.click();
  await expect(notice(page)).toHaveCount(1);
  // Verify now has focus: Tab to Close, the reason, then the Override button.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Branch manager confirmed ID in person');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(notice(page)).toHaveCount(0);
  await change.click();
  await expect(status(page)).toHaveText('Change phone number: form opened');
  // The override opens that guard only: the contact fields stay masked.
  await expect(page.locator(PHONE_FIELD)).toHaveCSS('filter', 'blur(6px)');

  await answer(panel);
  let guards: unknown;
  await expect.poll(async () => {
    const rows = ((await dumpExtensionStorage(context, extensionId)).idb['caller-verify/results'] ?? []) as { record: { guards?: unknown }; sync: { state: string } }[];
    guards = rows[0]?.record.guards;
    return rows.map((r) => r.sync.state).join(',');
  }, { timeout: 20_000 }).toBe('synced');
  expect(guards).toEqual({ blocked: 1, overrides: [{ label: 'Change phone number or email', reason: 'Branch manager confirmed ID in person', at: expect.any(String) }] });

  const reports = await context.newPage();
  await reports.goto(`chrome-extension://${extensionId}/reports.html`);
  const section = reports.getByTestId('guards-report');
  await expect(section.getByTestId('guards-totals')).toHaveText('Held actions stopped: 1. Overrides: 1.');
  await expect(section.getByTestId('guards-by-agent').locator('tbody tr')).toHaveText([/agent-7\s*1\s*1\s*1/]);
  await expect(section.getByTestId('guards-overrides').locator('tbody tr')).toHaveText([/agent-7\s*Change phone number or email\s*Branch manager confirmed ID in person/]);
});

test('guard selectors that match nothing: the page works and selector health records it', async ({ context, extensionId, worker, api }) => {
  await setOptions(worker, {
    apiBaseUrl: api.url,
    guards: { rules: [{ adapter: 'salesforce-voicecall', selector: 'button[name="Contact.Renamed_In_Release"]', label: 'Change phone number', kind: 'action' }] },
  });
  const page = await context.newPage();
  await adaIdentified(page, extensionId);
  await page.getByRole('button', { name: 'Change phone number' }).click();
  await expect(status(page)).toHaveText('Change phone number: form opened');
  await expect(page.locator(EMAIL_FIELD)).toHaveCSS('filter', 'none');
  await expect.poll(() => readLocal(worker, 'selectorHealth'), { timeout: 10_000 }).toEqual([
    { adapterId: 'salesforce-voicecall', host: 'acme.lightning.force.com', reason: 'guard-unmatched', at: expect.any(Number) },
  ]);
});
