/**
 * CRM guards (#24) in Firefox, under the built-in Salesforce guards on the fixture console: before Verified a
 * guarded action is held (a real click, Enter on it) and the Contact fields are masked and cannot be copied
 * with a real Ctrl+C; once the caller is Verified the action runs and the copy gives the text.
 */
import type { Page } from 'puppeteer-core';
import { test, expect, callUrl, panelFrame, expectText, answerAsAda } from './fixtures.ts';
import { poll } from './firefox.ts';

// Headless Firefox keeps its own clipboard; this pref lets the page read and write it without a prompt.
test.use({ prefs: { 'dom.events.testing.asyncClipboard': true } });

const PHONE_FIELD = '[data-target-selection-name="sfdc:RecordField.Contact.Phone"]';
const EMAIL_FIELD = '[data-target-selection-name="sfdc:RecordField.Contact.Email"]';
const CHANGE = 'button[name="Contact.Change_Phone_Number"]';

const status = (page: Page): Promise<string> => page.evaluate(() => document.querySelector('#contact-action-status')?.textContent ?? 'no status');
const notices = (page: Page): Promise<number> => page.evaluate(() => document.querySelectorAll('[data-caller-verify-guard]').length);

/** Computed filter and user-select of the first element matching `selector`, in the document or an open shadow root. */
const maskOf = (page: Page, selector: string): Promise<string> => page.evaluate((sel) => {
  const find = (root: Document | ShadowRoot): Element | null => {
    const hit = root.querySelector(sel);
    if (hit) return hit;
    for (const el of Array.from(root.querySelectorAll('*'))) if (el.shadowRoot) { const h = find(el.shadowRoot); if (h) return h; }
    return null;
  };
  const el = find(document);
  if (!el) return 'no field';
  const s = getComputedStyle(el);
  return `${s.filter} ${s.userSelect}`;
}, selector);

/** Select the field's text with the page focused, press Ctrl+C; what the clipboard holds after. */
async function copyText(page: Page, selector: string): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText('clipboard-before'));
  await page.click('.card.contact h2'); // the keys must reach the page, not the panel
  await page.evaluate((sel) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(sel) as Node);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
  }, selector);
  await page.keyboard.down('Control');
  await page.keyboard.press('c');
  await page.keyboard.up('Control');
  return page.evaluate(() => navigator.clipboard.readText());
}

test('identified only: Change phone number held, fields masked and not copyable; Verified: it runs and the copy works', async ({ firefox, useApi: _ }) => {
  const page = await firefox.browser.newPage();
  await page.goto(callUrl('+1 (415) 555-0100').url);
  const panel = await panelFrame(page, firefox.origin);
  await expectText(panel, '[data-outcome]', 'Identified only');
  await poll('fields masked', async () => ((await maskOf(page, EMAIL_FIELD)) === 'blur(6px) none' ? true : undefined));
  expect(await maskOf(page, PHONE_FIELD)).toBe('blur(6px) none');

  await page.click(CHANGE);
  await poll('guard notice', async () => ((await notices(page)) === 1 ? true : undefined));
  expect(await status(page)).toBe('');
  await page.focus(CHANGE);
  await page.keyboard.press('Enter');
  expect(await status(page)).toBe('');
  expect(await copyText(page, EMAIL_FIELD)).toBe('clipboard-before');

  await answerAsAda(page, panel);
  await poll('fields unmasked', async () => ((await maskOf(page, EMAIL_FIELD)) === 'none auto' ? true : undefined));
  expect(await copyText(page, EMAIL_FIELD)).toContain('ada@example.com');
  await page.click(CHANGE);
  await poll('action ran', async () => ((await status(page)) === 'Change phone number: form opened' ? true : undefined));
});
