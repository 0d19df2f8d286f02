/**
 * The Salesforce adapters on record pages rendered by the real LWC engine and lightning-base-components
 * (test/fixtures/crm/lwc, built from the dev packages when missing), in native and in synthetic shadow:
 * Voice Call pages (page layout, the value in the layout item's own shadow root, Dynamic Forms) and an
 * Engagement Interaction page. The caller is identified from the From field only: the To number, a
 * lookup to someone else and another record's card on the same page never are. SPA navigation and late
 * rendering, and the shared table of caller strings through the browser (panel display per string).
 */
import type { BrowserContext, Frame, Page, Worker } from '@playwright/test';
import { test, expect, panelFrame, SF_ORIGIN } from './fixtures.ts';
import { ensureLwcFixture, lwcFixtureRoute } from '../fixtures/crm/lwc/build.ts';
import { CALLER_STRINGS } from '../fixtures/crm/caller-strings.ts';
import { engagement, OTHER_NUMBERS, sfId, voiceCall } from '../fixtures/crm/lwc/records.ts';

type Mode = 'native' | 'synthetic';
type Fixture = { lwcFixture: { open(path: string, record: object): void } };

/** Open the LWC console in `mode` (bundle served from the build output). */
async function lwcConsole(context: BrowserContext, mode: Mode, delay = 150): Promise<Page> {
  await lwcFixtureRoute(context);
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/fixtures/lwc/console.html?shadow=${mode}&delay=${delay}`);
  await page.waitForFunction(() => 'lwcFixture' in window);
  return page;
}

/** Navigate the console (pushState) to a record page and render `record` there after the delay. */
const open = (page: Page, path: string, record: object): Promise<void> =>
  page.evaluate(([p, r]) => (window as unknown as Fixture).lwcFixture.open(p as string, r as object), [path, record] as const);

const caller = (panel: Frame) => panel.getByTestId('caller-number');

test.beforeAll(async () => {
  await ensureLwcFixture();
});

for (const mode of ['native', 'synthetic'] as const) {
  test.describe(`${mode} shadow`, () => {
    for (const form of ['layout', 'inline', 'dynamic'] as const) {
      test(`Voice Call (${form}): the From number identifies the caller; To, lookups and other records never`, async ({ context, extensionId, useApi: _ }) => {
        const page = await lwcConsole(context, mode);
        await open(page, `/lightning/r/VoiceCall/${sfId('0LQ')}/view`, voiceCall('+1 (415) 555-0100', form));
        const panel = await panelFrame(page, extensionId);
        await expect(caller(panel)).toHaveText('+1 415 555 0100');
        await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
      });
    }

    test('Voice Call without a From number: the panel says so instead of taking the To or a related number', async ({ context, extensionId, useApi: _ }) => {
      const page = await lwcConsole(context, mode);
      await open(page, `/lightning/r/VoiceCall/${sfId('0LQ')}/view`, voiceCall('', 'layout'));
      const panel = await panelFrame(page, extensionId);
      await expect(caller(panel)).toHaveText('No caller number found on this page');
      await expect(panel.locator('[data-outcome]')).toHaveText('Not identified');
    });

    test('Voice Call in a French org (translated labels): API names still find the From number', async ({ context, extensionId, useApi: _ }) => {
      const page = await lwcConsole(context, mode);
      await open(page, `/lightning/r/VoiceCall/${sfId('0LQ')}/view`, voiceCall('+1 (415) 555-0100', 'layout', { from: 'De', to: 'À' }));
      const panel = await panelFrame(page, extensionId);
      await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
    });

    test('Engagement Interaction: the number, and the attendee read from its record link pre-selects the customer', async ({ context, extensionId, useApi: _ }) => {
      const page = await lwcConsole(context, mode);
      // C-1002 is the id the verification API knows (a real org: the Account's 18-character id).
      await open(page, `/lightning/r/EngagementInteraction/${sfId('0eI')}/view`, engagement('+1 (202) 555-0199', { id: 'C-1002', name: 'Grace Hopper' }));
      const panel = await panelFrame(page, extensionId);
      await expect(caller(panel)).toHaveText('+1 202 555 0199');
      await expect(panel.locator('.status .cid')).toContainText('C-1002');
      await expect(panel.locator('.status .name')).toHaveText('Grace Hopper');
    });

    test('SPA navigation with late rendering: the next call\'s page replaces the first', async ({ context, extensionId, useApi: _ }) => {
      const page = await lwcConsole(context, mode, 700);
      await open(page, `/lightning/r/VoiceCall/${sfId('0LQ')}/view`, voiceCall('+1 (415) 555-0100', 'dynamic'));
      const panel = await panelFrame(page, extensionId);
      await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
      await open(page, `/lightning/r/VoiceCall/${sfId('0LQ')}/view`, voiceCall(OTHER_NUMBERS.related, 'layout'));
      await expect(caller(panel)).toHaveText('+1 757 555 0134');
      await expect(panel.locator('.status .name')).toHaveText('Katherine Johnson');
    });
  });
}

/** Set the agent's default region (options), keeping the API URL the fixture set. */
async function setRegion(worker: Worker, region: string): Promise<void> {
  await worker.evaluate(async (defaultRegion) => {
    const local = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, object>>; set(v: object): Promise<void> } } } }).chrome.storage.local;
    const { options } = await local.get('options');
    await local.set({ options: { ...options, defaultRegion } });
  }, region);
}

test('caller strings through the browser: each stored in the From field, the panel shows what the table says', async ({ context, extensionId, worker, useApi: _ }) => {
  test.setTimeout(300_000);
  const page = await lwcConsole(context, 'native', 0);
  let panel: Frame | null = null;
  const seen: string[] = [];
  for (const region of [...new Set(CALLER_STRINGS.map(([, r]) => r))]) {
    await setRegion(worker, region);
    for (const [value, , expected] of CALLER_STRINGS.filter(([, r]) => r === region)) {
      const id = sfId('0LQ');
      await open(page, `/lightning/r/VoiceCall/${id}/view`, voiceCall(value, 'layout'));
      panel ??= await panelFrame(page, extensionId);
      const current = panel;
      // The panel moved to this call (same text as the previous call's must not pass for it).
      await expect.poll(() => new URLSearchParams(new URL(current.url()).hash.slice(1)).get('ix')).toBe(id);
      await expect(caller(current), `${JSON.stringify(value)} in ${region}`).toHaveText(expected);
      seen.push(value);
    }
  }
  expect(seen).toHaveLength(CALLER_STRINGS.length);
});
