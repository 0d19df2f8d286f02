/**
 * Amazon Connect through the real Amazon Connect Streams: an Agent Workspace fixture page
 * (connect-workspace.html, at `/agent-app-v2/` on the instance's real host names) embeds the CCP with
 * `connect.core.initCCP` from the installed amazon-connect-streams package; the CCP iframe is a fake that
 * replays agent snapshots shaped like Amazon's samples over Streams' conduit (connect-conduit-sim.js).
 * The page lists the contacts as Streams' own API reads them, so each test first checks Streams saw
 * what we claim (voice contact connecting, callback incoming), then what the extension made of it.
 * Attacks: forged agent::update messages from the page itself, as a page-dispatched MessageEvent with
 * the CCP's origin and frame, and from a frame on another host report no call.
 */
import type { Frame, Page, Worker } from '@playwright/test';
import { test, expect, panelFrame } from './fixtures.ts';
import { forgeRingingMessages, FOREIGN_FRAME_PREFIX, type Evaluate, type Replay, type ReplayOpts as Opts } from '../fixtures/connect-forgery.ts';

const KATHERINE = '+17575550134';
const ADA = '+14155550100';

/** The stored interaction, from storage.session (undefined: the worker never accepted the call). */
async function stored(worker: Worker, id: string): Promise<Record<string, unknown> | undefined> {
  return worker.evaluate(async (key) => {
    const s = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.session;
    return (await s.get(key))[key] as Record<string, unknown> | undefined;
  }, `ix:${id}`);
}

const on = (f: Page | Frame): Evaluate => (fn, arg) => f.evaluate(fn, arg);
const panelInteraction = (panel: Frame): string | null => new URLSearchParams(new URL(panel.url()).hash.slice(1)).get('ix');

/** Open the workspace and wait for Streams to be initialised and the fake CCP to be ready to replay. */
async function openWorkspace(page: Page, url: string): Promise<Frame> {
  await page.goto(url);
  // Streams is 730 kB of script to parse: on a busy two-core machine that alone can take seconds.
  await expect(page.locator('#streams-state')).toHaveText('Streams: initialised', { timeout: 20_000 });
  await expect.poll(() => page.frames().some((f) => f.url().includes('/ccp-v2/?replay'))).toBe(true);
  const ccp = page.frames().find((f) => f.url().includes('/ccp-v2/?replay')) as Frame;
  await ccp.waitForFunction(() => typeof (window as unknown as Partial<Replay>).fixture?.replay === 'function');
  return ccp;
}

const replay = (ccp: Frame, name: string, opts: Opts = {}): Promise<void> =>
  ccp.evaluate(([n, o]) => (window as unknown as Replay).fixture.replay(n as string, o as object), [name, opts] as const);

/** The contact as the page's Streams reads it. */
const streamsSees = (page: Page, id: string) => page.locator(`#streams-contacts li[data-contact-id="${id}"]`);

for (const url of ['https://acme.my.connect.aws/agent-app-v2/', 'https://acme.awsapps.com/connect/agent-app-v2/']) {
  test(`Agent Workspace at ${new URL(url).host}: a ringing inbound voice contact is identified while it rings, through the real Streams`, async ({ context, extensionId, worker, useApi: _ }) => {
    const page = await context.newPage();
    const ccp = await openWorkspace(page, url);
    const id = crypto.randomUUID();
    await replay(ccp, 'inboundVoiceRinging', { contactId: id, phoneNumber: KATHERINE });
    // Streams itself reads a ringing inbound voice contact as connecting (it skips incoming).
    await expect(streamsSees(page, id)).toHaveAttribute('data-state', 'connecting');
    await expect(streamsSees(page, id)).toHaveAttribute('data-type', 'voice');
    await expect(streamsSees(page, id)).toHaveAttribute('data-inbound', 'true');
    const panel = await panelFrame(page, extensionId);
    await expect(panel.locator('.status .name')).toHaveText('Katherine Johnson');
    expect(panelInteraction(panel)).toBe(id);
    // Reported by the top frame (the workspace) under the Connect adapter: no sub-frame call.
    expect(await stored(worker, id)).toMatchObject({ adapterId: 'amazon-connect-ccp', frameId: 0, crmOrigin: new URL(url).origin });
    await replay(ccp, 'inboundVoiceConnected', { contactId: id, phoneNumber: KATHERINE });
    await expect(streamsSees(page, id)).toHaveAttribute('data-state', 'connected');
    await replay(ccp, 'inboundVoiceEnded', { contactId: id, phoneNumber: KATHERINE });
    await expect(streamsSees(page, id)).toHaveAttribute('data-state', 'ended');
    await expect.poll(async () => typeof (await stored(worker, id))?.callEndedAt, { message: 'call ended recorded' }).toBe('number');
    expect(page.frames().filter((f) => f.url().includes('/panel.html'))).toHaveLength(1);
  });
}

test('a queued callback is not a call: Streams sees it incoming then connecting, the extension reports nothing', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  const ccp = await openWorkspace(page, 'https://acme.my.connect.aws/agent-app-v2/');
  const callback = crypto.randomUUID();
  await replay(ccp, 'queuedCallbackIncoming', { contactId: callback, phoneNumber: KATHERINE });
  await expect(streamsSees(page, callback)).toHaveAttribute('data-state', 'incoming');
  await expect(streamsSees(page, callback)).toHaveAttribute('data-type', 'queue_callback');
  await replay(ccp, 'queuedCallbackConnecting', { contactId: callback, phoneNumber: KATHERINE });
  await expect(streamsSees(page, callback)).toHaveAttribute('data-state', 'connecting');
  // A voice call after it is identified: the callback's messages were read before it, and ignored.
  const voice = crypto.randomUUID();
  await replay(ccp, 'inboundVoiceRinging', { contactId: voice, phoneNumber: KATHERINE });
  const panel = await panelFrame(page, extensionId);
  await expect.poll(() => panelInteraction(panel)).toBe(voice);
  expect(await stored(worker, callback)).toBeUndefined();
});

test('forged agent::update messages are ignored: from the page itself, a page-dispatched event, a frame on another host', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  const ccp = await openWorkspace(page, 'https://acme.my.connect.aws/agent-app-v2/');
  const foreignFrame = async (): Promise<Evaluate> => on(page.frames().find((f) => f.url().startsWith(FOREIGN_FRAME_PREFIX)) as Frame);
  const forged = await forgeRingingMessages(on(ccp), on(page), foreignFrame, ADA);
  // The real CCP's next message is read: the forged ones, sent before it, were seen and refused.
  const real = crypto.randomUUID();
  await replay(ccp, 'inboundVoiceRinging', { contactId: real, phoneNumber: KATHERINE });
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Katherine Johnson');
  expect(panelInteraction(panel)).toBe(real);
  for (const id of Object.values(forged)) expect(await stored(worker, id), id).toBeUndefined();
});
