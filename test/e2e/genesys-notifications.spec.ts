/**
 * Genesys Cloud end to end with the built extension: a loopback Genesys (test/fixtures/genesys-service.ts)
 * answers as login., api. and streaming.mypurecloud.com (--host-resolver-rules). Signed in (a silent PKCE
 * sign-in succeeds, as with a Genesys session in the browser), a call notification for the agent opens the
 * panel with the caller in the Genesys Cloud tab, and in a Salesforce tab; signed out, the DOM fallback
 * still finds the call and the panel suggests the sign-in. Genesys Cloud for Salesforce client events from real frames: the org's purecloud
 * Visualforce frame opens the panel, a foreign frame posting the same event does not (attack).
 */
import type { Page } from '@playwright/test';
import type * as gc from 'purecloud-platform-client-v2';
import { expect, panelFrame, SF_ORIGIN } from './fixtures.ts';
import { test } from './genesys-fixtures.ts';
import { dumpExtensionStorage } from './worker.ts';

const CALLER = '+14155550100'; // a seeded customer: identified by the number, the panel asks the questions

/** Agent options: the reference API and, unless `off`, the Genesys region and OAuth client. */
async function configure(worker: import('@playwright/test').Worker, apiBaseUrl: string, genesys = true): Promise<void> {
  const options = { apiBaseUrl, ...(genesys ? { genesys: { region: 'mypurecloud.com', clientId: 'genesys-e2e-client' } } : {}) };
  await worker.evaluate((o) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: o }), options);
}

/** The calls-topic body of an inbound call alerting the agent. */
const alerting = (userId: string, conversationId: string): gc.Models.ConversationCallEventTopicCallConversation => ({
  id: conversationId,
  participants: [
    { id: 'p1', purpose: 'customer', address: `tel:${CALLER}`, state: 'connected', direction: 'inbound' },
    { id: 'p2', purpose: 'agent', user: { id: userId }, state: 'alerting', direction: 'inbound' },
  ],
});

async function expectCallerPanel(page: Page, extensionId: string): Promise<void> {
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
}

test('signed in: a call notification opens the panel with the caller in the Genesys Cloud tab', async ({ context, worker, extensionId, api, genesys }) => {
  const page = await context.newPage();
  await page.goto('https://apps.mypurecloud.com/directory/');
  await configure(worker, api.url);
  await genesys.connected();
  expect(genesys.counts).toMatchObject({ tokens: 1, channels: 1 });
  const conversationId = crypto.randomUUID();
  genesys.notify(alerting(genesys.userId, conversationId));
  await expectCallerPanel(page, extensionId);
  await expect((await panelFrame(page, extensionId)).getByTestId('genesys-sign-in-hint')).toHaveCount(0);
  // The interaction is the Genesys conversation, in this tab (the page shows no call of its own).
  const dump = await dumpExtensionStorage(context, extensionId);
  expect(Object.keys(dump.session as object)).toContain(`ix:${conversationId}`);
  // The agent's leg disconnects: recorded as the content script's call.ended would be.
  const ended = alerting(genesys.userId, conversationId);
  for (const p of ended.participants ?? []) p.state = 'disconnected';
  genesys.notify(ended);
  await expect.poll(async () => ((await dumpExtensionStorage(context, extensionId)).session as Record<string, { callEndedAt?: number }>)[`ix:${conversationId}`]?.callEndedAt).toBeGreaterThan(0);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByTestId('genesys-status')).toHaveAttribute('data-state', 'connected');
});

test('signed in: a call notification opens the panel in a Salesforce tab with the embedded softphone', async ({ context, worker, extensionId, api, genesys }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  await page.evaluate(() => {
    const f = document.createElement('iframe');
    f.src = 'https://apps.mypurecloud.com/crm/index.html?crm=salesforce';
    document.body.append(f);
  });
  await configure(worker, api.url);
  await genesys.connected();
  // Another user's topic on the channel is nothing; the agent's own call is.
  genesys.notify(alerting('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', crypto.randomUUID()), '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
  genesys.notify(alerting(genesys.userId, crypto.randomUUID()));
  await expectCallerPanel(page, extensionId);
});

test('signed out: no channel, the DOM fallback still finds the call and the panel and the status say how to sign in', async ({ context, worker, extensionId, api, genesys }) => {
  genesys.mode = 'login'; // no Genesys session: the silent sign-in cannot complete
  await configure(worker, api.url);
  await expect.poll(() => worker.evaluate(async () => (await (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, { state?: string }>> } } } }).chrome.storage.session.get('genesys:status'))['genesys:status']?.state)).toBe('signed-out');
  const page = await context.newPage();
  await page.goto(`https://apps.mypurecloud.com/directory/?ring=${encodeURIComponent(CALLER)}`);
  await expectCallerPanel(page, extensionId);
  expect(genesys.counts).toMatchObject({ tokens: 0, channels: 0 });
  // The panel says it too, in one line the agent can dismiss.
  const panel = await panelFrame(page, extensionId);
  const hint = panel.getByTestId('genesys-sign-in-hint');
  await expect(hint).toContainText('Faster detection: sign in to Genesys Cloud in this browser (apps.mypurecloud.com)');
  await panel.getByRole('button', { name: 'Dismiss the Genesys sign-in hint' }).click();
  await expect(hint).toHaveCount(0);
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  // The options page says how to sign in for faster detection.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByTestId('genesys-status')).toContainText('sign in to Genesys Cloud in this browser (https://apps.mypurecloud.com)');
});

/** A page that posts one Genesys Cloud for Salesforce interaction event to its parent when loaded. */
const clientEventPage = (id: string): string => `<!doctype html><script>parent.postMessage(${JSON.stringify({
  methodName: 'publish',
  args: { eventName: 'purecloud__ClientEvent__c', message: { type: 'Interaction', category: 'add', data: { id, ani: `tel:${CALLER}`, direction: 'Inbound', isConnected: false, isDisconnected: false } } },
})}, '*');</script>`;

test('Genesys Cloud for Salesforce: the org\'s purecloud frame opens the panel; attack: a foreign frame posting the same event does not', async ({ context, worker, extensionId, api, genesys }) => {
  await configure(worker, api.url, false);
  genesys.pages.set('evil.example', clientEventPage(crypto.randomUUID()));
  genesys.pages.set('acme--purecloud.vf.force.com', clientEventPage(crypto.randomUUID()));
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  const addFrame = (src: string): Promise<void> => page.evaluate((s) => new Promise<void>((r) => {
    const f = document.createElement('iframe');
    f.onload = () => r();
    f.src = s;
    document.body.append(f);
  }), src);
  await addFrame('https://evil.example/softphone');
  await page.waitForTimeout(1500);
  expect(page.frames().some((f) => f.url().startsWith(`chrome-extension://${extensionId}/panel.html`))).toBe(false);
  await addFrame('https://acme--purecloud.vf.force.com/apex/softphone');
  await expectCallerPanel(page, extensionId);
  // Policy genesys is empty: no notification channel to sign in to, so no hint.
  await expect((await panelFrame(page, extensionId)).getByTestId('genesys-sign-in-hint')).toHaveCount(0);
});
