/**
 * The caller's name is on the panel before the agent answers, on the consoles that signal a ringing call:
 * Amazon Connect through the real Streams (a voice contact `connecting`) and Genesys Cloud through its
 * notification channel (the agent's leg `alerting`). The answer then changes nothing the agent sees and
 * costs no second look-up (a loopback proxy counts identify requests per interaction). A ring nobody
 * answered leaves nothing on the next caller's panel. Dynamics 365 is the counter-example: its incoming
 * notification shows no caller number anywhere public, so the panel opens at Accept.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from '@playwright/test';
import type * as gc from 'purecloud-platform-client-v2';
import { expect, panelFrame } from './fixtures.ts';
import { test as withGenesys } from './genesys-fixtures.ts';

const KATHERINE = { ani: '+17575550134', name: 'Katherine Johnson' };
const ADA = { ani: '+14155550100', name: 'Ada Lovelace' };

/** A loopback proxy in front of the API that counts identify requests by interaction id. */
async function countingProxy(target: string): Promise<{ url: string; identifies: (id: string) => number; close(): Promise<void> }> {
  const to = new URL(target);
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const id = req.url?.startsWith('/v1/identify') ? /"interactionId":"([^"]+)"/.exec(body.toString())?.[1] : undefined;
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
      const up = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    identifies: (id) => counts.get(id) ?? 0,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

type Proxy = Awaited<ReturnType<typeof countingProxy>>;

const test = withGenesys.extend<{ identifyCounter: Proxy }>({
  identifyCounter: async ({ api, worker }, use) => {
    const p = await countingProxy(api.url);
    const options = { apiBaseUrl: p.url, genesys: { region: 'mypurecloud.com', clientId: 'genesys-e2e-client' } };
    await worker.evaluate((o) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: o }), options);
    await use(p);
    await p.close();
  },
});

const panelIx = (panel: Frame): string | null => new URLSearchParams(new URL(panel.url()).hash.slice(1)).get('ix');

type Replay = { fixture: { replay(name: string, opts: object): void } };

/** The Agent Workspace with Streams initialised; returns a function replaying a snapshot in its fake CCP. */
async function connectWorkspace(page: Page): Promise<(name: string, contactId: string, phoneNumber: string) => Promise<void>> {
  await page.goto('https://acme.my.connect.aws/agent-app-v2/');
  await expect(page.locator('#streams-state')).toHaveText('Streams: initialised', { timeout: 20_000 });
  await expect.poll(() => page.frames().some((f) => f.url().includes('/ccp-v2/?replay'))).toBe(true);
  const ccp = page.frames().find((f) => f.url().includes('/ccp-v2/?replay')) as Frame;
  await ccp.waitForFunction(() => typeof (window as unknown as Partial<Replay>).fixture?.replay === 'function');
  return (name, contactId, phoneNumber) => ccp.evaluate(([n, c, p]) => (window as unknown as Replay).fixture.replay(n as string, { contactId: c, phoneNumber: p }), [name, contactId, phoneNumber] as const);
}

test('Amazon Connect: the name is on the panel while the contact rings; answering keeps it, with one look-up', async ({ context, extensionId, identifyCounter: proxy }) => {
  const page = await context.newPage();
  const replay = await connectWorkspace(page);
  const id = crypto.randomUUID();
  await replay('inboundVoiceRinging', id, KATHERINE.ani);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText(KATHERINE.name);
  // Not answered yet: Streams itself still reads the contact as connecting.
  await expect(page.locator(`#streams-contacts li[data-contact-id="${id}"]`)).toHaveAttribute('data-state', 'connecting');
  expect(panelIx(panel)).toBe(id);
  await replay('inboundVoiceConnected', id, KATHERINE.ani);
  await expect(page.locator(`#streams-contacts li[data-contact-id="${id}"]`)).toHaveAttribute('data-state', 'connected');
  await page.waitForTimeout(500);
  const after = await panelFrame(page, extensionId);
  await expect(after.locator('.status .name')).toHaveText(KATHERINE.name);
  expect(panelIx(after)).toBe(id);
  expect(proxy.identifies(id)).toBe(1);
});

test('Amazon Connect: a ring nobody answered leaves nothing on the next caller\'s panel', async ({ context, extensionId, identifyCounter: proxy }) => {
  const page = await context.newPage();
  const replay = await connectWorkspace(page);
  const missed = crypto.randomUUID();
  await replay('inboundVoiceRinging', missed, KATHERINE.ani);
  await expect((await panelFrame(page, extensionId)).locator('.status .name')).toHaveText(KATHERINE.name);
  await replay('inboundVoiceEnded', missed, KATHERINE.ani);
  const next = crypto.randomUUID();
  await replay('inboundVoiceRinging', next, ADA.ani);
  // The tab's panel document may stay from call to call (its URL then keeps the first call's id): what it shows counts.
  await expect((await panelFrame(page, extensionId)).locator('.status .name')).toHaveText(ADA.name);
  await replay('inboundVoiceConnected', next, ADA.ani);
  await page.waitForTimeout(500);
  await expect((await panelFrame(page, extensionId)).locator('.status .name')).toHaveText(ADA.name);
  expect([proxy.identifies(missed), proxy.identifies(next)]).toEqual([1, 1]);
});

/** A calls-topic body: the customer's leg connected to the IVR/queue, the agent's leg in `agent` state. */
const call = (userId: string, id: string, ani: string, agent: 'alerting' | 'connected'): gc.Models.ConversationCallEventTopicCallConversation => ({
  id,
  participants: [
    { id: 'p1', purpose: 'customer', address: `tel:${ani}`, state: 'connected', direction: 'inbound' },
    { id: 'p2', purpose: 'agent', user: { id: userId }, state: agent, direction: 'inbound' },
  ],
});

test('Genesys Cloud: the name is on the panel while the agent\'s leg is alerting; answering keeps it, with one look-up', async ({ context, extensionId, genesys, identifyCounter: proxy }) => {
  const page = await context.newPage();
  await page.goto('https://apps.mypurecloud.com/directory/');
  await genesys.connected();
  const id = crypto.randomUUID();
  genesys.notify(call(genesys.userId, id, KATHERINE.ani, 'alerting'));
  const panel = await panelFrame(page, extensionId);
  // Only the alerting notification was sent: the name is there before any answer exists.
  await expect(panel.locator('.status .name')).toHaveText(KATHERINE.name);
  expect(panelIx(panel)).toBe(id);
  genesys.notify(call(genesys.userId, id, KATHERINE.ani, 'connected'));
  await page.waitForTimeout(500);
  const after = await panelFrame(page, extensionId);
  await expect(after.locator('.status .name')).toHaveText(KATHERINE.name);
  expect(panelIx(after)).toBe(id);
  expect(proxy.identifies(id)).toBe(1);
});

test('Dynamics 365: the incoming notification opens no panel (no caller number in any public markup); Accept does', async ({ context, extensionId, identifyCounter: _ }) => {
  const page = await context.newPage();
  await page.goto('https://contoso.crm4.dynamics.com/main.aspx?appid=5a1b2c3d-0000-4000-8000-000000000001&pagetype=dashboard');
  await page.waitForFunction(() => typeof (window as unknown as { fixture?: { ring?: unknown } }).fixture?.ring === 'function');
  await page.evaluate((c) => (window as unknown as { fixture: { ring(o: object): string } }).fixture.ring({ ani: c.ani, name: c.name }), ADA);
  await expect(page.locator('#popupNotificationRoot')).toBeVisible();
  await page.waitForTimeout(1000);
  expect(page.frames().some((f) => f.url().startsWith(`chrome-extension://${extensionId}/panel.html`))).toBe(false);
  await page.click('#popupNotificationFooter #acceptButton');
  await expect((await panelFrame(page, extensionId)).locator('.status .name')).toHaveText(ADA.name);
});
