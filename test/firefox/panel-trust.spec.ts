/**
 * Panel trust (#20) in Firefox: a prior verification makes the panel say Verified only when the API says the
 * verified customer holds the caller's number, recently; and a second call reported while the agent verifies
 * waits for the agent instead of replacing the call. The page's attacks run in its own world (page.evaluate).
 */
import type { Page } from 'puppeteer-core';
import { test, expect, callUrl, panelFrame, expectText, textOf, typeInto } from './fixtures.ts';
import { poll } from './firefox.ts';
import { ivrVerify, panelInteraction, panelShows, sessionValue, setOptions, spaNavigate, storedIds } from './extension-state.ts';

const ADA = '+1 (415) 555-0100';
const ADA_ANSWERS = [{ questionId: 'dob', answer: '10121985' }, { questionId: 'pin_last4', answer: '1815' }];
const GRACE_ANSWERS = [{ questionId: 'dob', answer: '09121976' }, { questionId: 'postcode', answer: 'EC1A 1BB' }];

/** Whether the panel has an element matching `selector`. */
const has = (panel: import('puppeteer-core').Frame, selector: string): Promise<boolean> => panel.evaluate((s) => document.querySelector(s) !== null, selector);

test('prior status: Verified in IVR only for the caller\'s own number and recently; otherwise Identified and asked, or not identified', async ({ firefox, options, api, useApi: _ }) => {
  const open = async (url: string): Promise<import('puppeteer-core').Frame> => {
    const page = await firefox.browser.newPage();
    await page.goto(url);
    return panelFrame(page, firefox.origin);
  };
  // Ada verified in the IVR on this call, on her own number: Verified, nothing asked.
  const own = callUrl(ADA);
  await ivrVerify(api.url, own.interactionId, 'C-1001', ADA_ANSWERS);
  const verified = await open(own.url);
  await expectText(verified, '[data-outcome]', 'Verified');
  await expectText(verified, '.verified [role="status"]', /^Verified in IVR at \d/);
  expect(await has(verified, 'form.verify')).toBe(false);

  // The page shows the id of Grace Hopper's verified call on a number no customer has: not Verified.
  const other = callUrl('+1 415-555-0199');
  await ivrVerify(api.url, other.interactionId, 'C-1002', GRACE_ANSWERS);
  const refused = await open(other.url);
  await expectText(refused, '[data-outcome]', 'Not identified');
  await poll('other-number notice', () => has(refused, '[data-prior="other_number"]').then((y) => y || undefined));
  expect(await textOf(refused, '.status .name')).toBe('');

  // Ada's own verification, but older than the call and the window: Identified and asked.
  await setOptions(options, { apiBaseUrl: api.url, verification: { priorStatusWindowMinutes: 0 } });
  const old = callUrl(ADA);
  await ivrVerify(api.url, old.interactionId, 'C-1001', ADA_ANSWERS);
  await new Promise((r) => setTimeout(r, 1_100)); // the verification is now a second older than the call
  const stale = await open(old.url);
  await expectText(stale, '[data-outcome]', 'Identified only');
  await expectText(stale, '.status .name', 'Ada Lovelace');
  await poll('stale notice', () => has(stale, '[data-prior="stale"]').then((y) => y || undefined));
  expect(await has(stale, 'form.verify')).toBe(true);
});

/** The focused element of the panel: its text, or its value for an input. */
const focused = (panel: import('puppeteer-core').Frame): Promise<string> =>
  panel.evaluate(() => { const el = document.activeElement; return el instanceof HTMLInputElement ? `input:${el.value}` : el?.textContent?.trim() ?? ''; });

test('a spoofed second call mid-verification waits: Enter keeps the caller and the answer typed; switching takes Tab, Enter', async ({ firefox, options, useApi: _ }) => {
  const page: Page = await firefox.browser.newPage();
  const { url, interactionId: id } = callUrl(ADA);
  await page.goto(url);
  const panel = await panelFrame(page, firefox.origin);
  await expectText(panel, '.status .name', 'Ada Lovelace');
  await typeInto(panel, 'Date of birth', '10/12');
  // The first answer typed marks the agent as mid-verification in the worker.
  await poll('engaged', async () => ((await sessionValue<{ flow: { engaged?: boolean } }>(options, `ix:${id}`))?.flow.engaged ? true : undefined), 3_000);
  const spoof = async (n: number): Promise<string> => {
    const spoofId = `0LQspoof${Math.random().toString(36).slice(2, 6)}${n}AAA`;
    await spaNavigate(page, `/lightning/r/VoiceCall/${spoofId}/view?delay=0&ani=${encodeURIComponent('+1 617-555-0188')}`);
    return spoofId;
  };
  const first = await spoof(1);
  await expectText(panel, '[role="alertdialog"]', /\+1 617 555 0188/);
  await poll('Keep this call focused', async () => ((await focused(panel)) === 'Keep this call' ? true : undefined), 3_000);
  await new Promise((r) => setTimeout(r, 1_000)); // long enough for a switched panel to load the spoofed call
  expect(await panelShows(page, firefox.origin, first)).toBe(false);
  // Enter keeps the caller on the line; focus and the answer typed so far are back.
  await page.keyboard.press('Enter');
  await expectText(panel, '[role="alertdialog"]', '');
  expect(await focused(panel)).toBe('input:10/12');
  expect(await panelShows(page, firefox.origin, id)).toBe(true);
  expect(await storedIds(options)).not.toContain(first); // the waiting call was never started (no look-ups)
  // Switching takes a deliberate second key.
  const second = await spoof(2);
  await poll('Keep this call focused', async () => ((await focused(panel)) === 'Keep this call' ? true : undefined), 5_000);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await poll('panel on the second call', () => panelShows(page, firefox.origin, second).then((y) => y || undefined));
  const next = await poll('its frame', async () => {
    for (const f of page.frames()) if ((await panelInteraction(f)) === second) return f;
    return undefined;
  });
  await expectText(next, '.status .name', 'Margaret Hamilton');
});
