/**
 * Genesys Cloud in Firefox with the loopback Genesys (test/fixtures/genesys-service.ts) answering as login.,
 * api. and streaming.mypurecloud.com through the PAC proxy. Signed in (a silent PKCE sign-in through
 * Firefox's launchWebAuthFlow), the channel outlives Firefox's idle timeout of the event page, and a call
 * notification on it opens the panel in the Genesys Cloud tab; its end is recorded. Genesys Cloud for Salesforce client events: the org's purecloud Visualforce
 * frame opens the panel, a foreign frame posting the same event does not (attack).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as gc from 'purecloud-platform-client-v2';
import type { Page } from 'puppeteer-core';
import { test as base, expect, panelFrame, backgroundRunning } from './fixtures.ts';
import { launchFirefox, openExtensionPage, poll } from './firefox.ts';
import { startHostProxy } from './host-proxy.ts';
import { sessionValue, setOptions } from './extension-state.ts';
import { startGenesysService, type GenesysService } from '../fixtures/genesys-service.ts';
import { CRM_FIXTURE_HOSTS } from '../fixtures/crm-server.ts';

const GC_HOSTS = ['login.mypurecloud.com', 'api.mypurecloud.com', 'streaming.mypurecloud.com', 'acme--purecloud.vf.force.com', 'evil.example'];
const CALLER = '+14155550100'; // Ada Lovelace: identified by the number, the panel asks the questions
const SF_HOME = 'https://acme.lightning.force.com/lightning/page/home';

const test = base.extend<{ genesys: GenesysService }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern for fixtures without dependencies
  genesys: async ({}, use) => { const s = await startGenesysService(); await use(s); await s.close(); },
  // Its own PAC: the Genesys service's hosts before the CRM fixture's wildcards (the first matching route wins).
  firefox: async ({ crm, genesys, prefs }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-firefox-gc-'));
    const proxy = await startHostProxy([...GC_HOSTS.map((h) => [h, genesys.port] as const), ...CRM_FIXTURE_HOSTS.map((h) => [h, crm.port] as const)], dir);
    const ff = await launchFirefox({ pacUrl: proxy.pacUrl, prefs });
    await use(ff);
    await ff.close();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

// Firefox suspends an idle event page after this long (30 s by default), open channel or not.
const IDLE_MS = 6_000;
test.use({ prefs: { 'extensions.background.idle.timeout': IDLE_MS } });

/** The calls-topic body of an inbound call alerting the agent. */
const alerting = (userId: string, conversationId: string, state = 'alerting'): gc.Models.ConversationCallEventTopicCallConversation => ({
  id: conversationId,
  participants: [
    { id: 'p1', purpose: 'customer', address: `tel:${CALLER}`, state: 'connected', direction: 'inbound' },
    { id: 'p2', purpose: 'agent', user: { id: userId }, state, direction: 'inbound' },
  ],
});

/** The panel in `page` shows the caller's questions. */
async function expectCallerPanel(page: Page, origin: string): Promise<void> {
  const panel = await panelFrame(page, origin);
  await poll('the caller\'s questions', () => panel.evaluate(() => Array.from(document.querySelectorAll('label')).some((l) => l.textContent?.trim() === 'Date of birth') || undefined));
}

test('signed in: a call notification after the idle timeout opens the panel in the Genesys Cloud tab, its end is recorded, the options page says connected', async ({ firefox, options, api, genesys }) => {
  const page = await firefox.browser.newPage();
  await page.goto('https://apps.mypurecloud.com/directory/');
  await setOptions(options, { apiBaseUrl: api.url, genesys: { region: 'mypurecloud.com', clientId: 'genesys-e2e-client' } });
  await genesys.connected();
  expect(genesys.counts).toMatchObject({ tokens: 1, channels: 1 });
  // An agent between calls: nothing happens for longer than Firefox's idle timeout; the channel stays open.
  await new Promise((r) => setTimeout(r, IDLE_MS + 2_000));
  expect(await backgroundRunning(options)).toBe(true);
  expect(genesys.counts).toMatchObject({ tokens: 1, channels: 1, sockets: 1 });
  const conversationId = crypto.randomUUID();
  genesys.notify(alerting(genesys.userId, conversationId));
  await expectCallerPanel(page, firefox.origin);
  expect(await sessionValue(options, `ix:${conversationId}`)).toBeDefined();
  genesys.notify(alerting(genesys.userId, conversationId, 'disconnected'));
  await poll('call end recorded', async () => (((await sessionValue<{ callEndedAt?: number }>(options, `ix:${conversationId}`))?.callEndedAt ?? 0) > 0 || undefined));
  const fresh = await openExtensionPage(firefox.browser, `${firefox.origin}/options.html`);
  await poll('options status', () => fresh.evaluate(() => document.querySelector('[data-testid="genesys-status"]')?.getAttribute('data-state') === 'connected' || undefined));
});

/** A page that posts one Genesys Cloud for Salesforce interaction event to its parent when loaded. */
const clientEventPage = (id: string): string => `<!doctype html><script>parent.postMessage(${JSON.stringify({
  methodName: 'publish',
  args: { eventName: 'purecloud__ClientEvent__c', message: { type: 'Interaction', category: 'add', data: { id, ani: `tel:${CALLER}`, direction: 'Inbound', isConnected: false, isDisconnected: false } } },
})}, '*');</script>`;

test('Genesys Cloud for Salesforce: the org\'s purecloud frame opens the panel; attack: a foreign frame posting the same event does not', async ({ firefox, options, api, genesys }) => {
  await setOptions(options, { apiBaseUrl: api.url });
  genesys.pages.set('evil.example', clientEventPage(crypto.randomUUID()));
  genesys.pages.set('acme--purecloud.vf.force.com', clientEventPage(crypto.randomUUID()));
  const page = await firefox.browser.newPage();
  await page.goto(SF_HOME);
  const addFrame = (src: string): Promise<void> => page.evaluate((s) => new Promise<void>((r) => {
    const f = document.createElement('iframe');
    f.onload = () => r();
    f.src = s;
    document.body.append(f);
  }), src);
  await addFrame('https://evil.example/softphone');
  await expect(panelFrame(page, firefox.origin, 1_500)).rejects.toThrow(/timed out/);
  await addFrame('https://acme--purecloud.vf.force.com/apex/softphone');
  await expectCallerPanel(page, firefox.origin);
});
