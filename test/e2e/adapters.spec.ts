/**
 * Every built-in adapter end to end in real Chromium with the built extension, against fixture pages at
 * the CRMs' real host names: the panel shows the right caller number and customer (demo customers of
 * server/seed/demo-customers.json). Interaction ids are fresh per test (the API remembers verified ones).
 */
import type { Frame, Page, Worker } from '@playwright/test';
import { test, expect, panelFrame } from './fixtures.ts';

type Fixture = { fixture: { ring(o: object): string; answer(): void; accept(): void; hangup(): void; end(): void } };
const ring = (target: Page | Frame, opts: Record<string, string>): Promise<string> =>
  target.evaluate((o) => (window as unknown as Fixture).fixture.ring(o), opts);
const sfId = (prefix: string): string => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}AAA`;

/** The interaction the worker stored, from storage.session. */
async function stored(worker: Worker, id: string): Promise<Record<string, unknown> | undefined> {
  return worker.evaluate(async (key) => {
    const s = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.session;
    return (await s.get(key))[key] as Record<string, unknown> | undefined;
  }, `ix:${id}`);
}

/** The interaction id the panel iframe was opened for (from its URL fragment). */
const panelInteraction = (panel: Frame): string | null => new URLSearchParams(new URL(panel.url()).hash.slice(1)).get('ix');

test.describe('Salesforce', () => {
  test('Engagement Interaction with an initiating attendee: the customer is pre-selected, no search', async ({ context, extensionId, useApi: _ }) => {
    const page = await context.newPage();
    // The number belongs to nobody: only the attendee (C-1002) can name Grace Hopper.
    await page.goto(`https://acme.lightning.force.com/lightning/r/EngagementInteraction/${sfId('0eI')}/view?ani=${encodeURIComponent('+1 (202) 555-0199')}&attendee=C-1002&attendeeName=Grace%20Hopper`);
    const panel = await panelFrame(page, extensionId);
    await expect(panel.getByTestId('caller-number')).toHaveText('+1 202 555 0199');
    await expect(panel.locator('.status .name')).toHaveText('Grace Hopper');
    await expect(panel.locator('.status .cid')).toContainText('C-1002');
  });

  test('in-person Engagement Interaction without a number opens the panel at the search step', async ({ context, extensionId, useApi: _ }) => {
    const page = await context.newPage();
    await page.goto(`https://acme.lightning.force.com/lightning/r/EngagementInteraction/${sfId('0eI')}/view?channel=In%20Person`);
    const panel = await panelFrame(page, extensionId);
    await expect(panel.locator('[data-outcome]')).toHaveText('Not identified');
    await expect(panel.getByLabel('Last name', { exact: true })).toBeVisible();
  });

  test('sandbox My Domain host (*.sandbox.my.salesforce.com) is covered by the wildcard', async ({ context, extensionId, useApi: _ }) => {
    const page = await context.newPage();
    await page.goto(`https://acme--uat.sandbox.my.salesforce.com/lightning/r/VoiceCall/${sfId('0LQ')}/view?ani=${encodeURIComponent('+1 (415) 555-0100')}`);
    const panel = await panelFrame(page, extensionId);
    await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  });

  test('Genesys softphone in the utility bar (cross-origin iframe): the panel opens in the top frame', async ({ context, extensionId, worker, useApi: _ }) => {
    const page = await context.newPage();
    await page.goto('https://acme.lightning.force.com/lightning/page/home?softphone=genesys');
    const softphone = page.frameLocator('iframe.softphone');
    await expect(softphone.locator('[data-test-id="softphone"]')).toContainText('Available');
    const frame = page.frames().find((f) => f.url().startsWith('https://apps.mypurecloud.com/crm/')) as Frame;
    const id = await ring(frame, { ani: '+1 415-555-0100', name: 'Ada Lovelace' });
    const panel = await panelFrame(page, extensionId);
    await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
    expect(panel.parentFrame()).toBe(page.mainFrame());
    expect(page.frames().filter((f) => f.url().includes('/panel.html'))).toHaveLength(1);
    expect(panelInteraction(panel)).toBe(id);
    await expect.poll(async () => (await stored(worker, id))?.adapterId).toBe('genesys-cloud-embedded');
  });
});

test.describe('Genesys Cloud agent UI', () => {
  test('regional host (apps.mypurecloud.ie): ringing call with attestation, conversation id as the interaction', async ({ context, extensionId, worker, useApi: _ }) => {
    const page = await context.newPage();
    await page.goto('https://apps.mypurecloud.ie/directory/#/engage/agent');
    const id = await ring(page, { ani: '+44 20 7946 0018', name: 'Grace Hopper', attestation: 'A' });
    const panel = await panelFrame(page, extensionId);
    await expect(panel.getByTestId('caller-number')).toHaveText('+44 20 7946 0018');
    await expect(panel.locator('.status .name')).toHaveText('Grace Hopper');
    expect(panelInteraction(panel)).toBe(id);
    const ix = await stored(worker, id);
    expect((ix?.flow as { aniTrust?: unknown }).aniTrust).toEqual({ attestation: 'A' });
  });

  test('*.pure.cloud region: a second call while the first panel is open switches the panel', async ({ context, extensionId, worker, useApi: _ }) => {
    const page = await context.newPage();
    await page.goto('https://apps.usw2.pure.cloud/directory/#/engage/agent');
    const first = await ring(page, { ani: '+1 415-555-0100' });
    const panel = await panelFrame(page, extensionId);
    await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
    await page.evaluate(() => (window as unknown as Fixture).fixture.answer());
    const second = await ring(page, { ani: '+1 617-555-0188' });
    await expect.poll(() => page.frames().find((f) => f.url().includes(`ix=${second}`)) !== undefined).toBe(true);
    const next = await panelFrame(page, extensionId);
    await expect(next.locator('.status .name')).toHaveText('Margaret Hamilton');
    // Each interaction keeps its own state.
    expect(((await stored(worker, first))?.flow as { customer?: { customerId: string } }).customer?.customerId).toBe('C-1001');
    expect(((await stored(worker, second))?.flow as { customer?: { customerId: string } }).customer?.customerId).toBe('C-1006');
  });
});

test('Dynamics 365 (crm4 region): Accept opens the Conversation record, whose URL id is the interaction', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto('https://contoso.crm4.dynamics.com/main.aspx?appid=5a1b2c3d-0000-4000-8000-000000000001&pagetype=dashboard');
  const id = await ring(page, { ani: '+44 20 7946 0018', name: 'Grace Hopper' });
  await expect(page.locator('#popupNotificationRoot')).toBeVisible();
  await page.click('#popupNotificationFooter #acceptButton');
  await expect(page).toHaveURL(new RegExp(`etn=msdyn_ocliveworkitem&id=${id}`));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Grace Hopper');
  await expect(panel.getByTestId('caller-number')).toHaveText('+44 20 7946 0018');
  expect(panelInteraction(panel)).toBe(id);
  expect(page.frames().filter((f) => f.url().includes('/panel.html'))).toHaveLength(1);
});

test('Dynamics 365: the Conversation record reloaded mid-call, no notification: its URL id is the interaction', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  const id = crypto.randomUUID();
  await page.goto(`https://contoso.crm11.dynamics.com/main.aspx?appid=5a1b2c3d-0000-4000-8000-000000000001&pagetype=entityrecord&etn=msdyn_ocliveworkitem&id=%7B${id}%7D&ani=${encodeURIComponent('+1 617-555-0188')}`);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Margaret Hamilton');
  expect(panelInteraction(panel)).toBe(id);
  expect(await page.locator('#popupNotificationRoot').count()).toBe(0);
});

test('Zendesk Talk: the accepted call\'s ticket, with the ticket id as the interaction', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto('https://acme.zendesk.com/agent/dashboard');
  const id = await ring(page, { ani: '+1 617-555-0188' });
  await page.evaluate(() => (window as unknown as Fixture).fixture.accept());
  await expect(page).toHaveURL(new RegExp(`/agent/tickets/${id}$`));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Margaret Hamilton');
  expect(panelInteraction(panel)).toBe(id);
  // Hanging up removes the in-call controls: the worker records the end, the panel stays.
  await page.evaluate(() => (window as unknown as Fixture).fixture.hangup());
  await expect.poll(async () => (await stored(worker, id))?.callEndedAt).toBeGreaterThan(0);
});

for (const url of ['https://acme.my.connect.aws/ccp-v2/', 'https://acme.awsapps.com/connect/ccp-v2/']) {
  test(`Amazon Connect CCP at ${new URL(url).host}: incoming voice contact`, async ({ context, extensionId, useApi: _ }) => {
    const page = await context.newPage();
    await page.goto(url);
    const id = await ring(page, { ani: '+1 (757) 555-0134' });
    const panel = await panelFrame(page, extensionId);
    await expect(panel.locator('.status .name')).toHaveText('Katherine Johnson');
    expect(panelInteraction(panel)).toBe(id);
  });
}
