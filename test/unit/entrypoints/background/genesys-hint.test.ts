/**
 * The Genesys sign-in hint as the worker writes it when a content script reports a call: on the
 * interaction for a Genesys page while the configured channel is signed out, cleared when a later report
 * of the same call finds the channel connected, never for another adapter or an empty policy.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage } from '../../../../entrypoints/background/handlers.ts';
import { interactionKey } from '../../../../platform/storage.ts';
import { GENESYS_STATUS_KEY } from '../../../../lib/genesys/keys.ts';
import type { Interaction } from '../../../../lib/interaction.ts';
import type { Sender } from '../../../../platform/messaging.ts';

const CONV = '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70';
const GC_URL = 'https://apps.mypurecloud.com/directory/';
const SF_URL = `https://acme.lightning.force.com/lightning/r/VoiceCall/0LQ5g000000AbCdEAF/view`;
const tab = { id: 7, index: 0, active: true, pinned: false, highlighted: true, incognito: false } as Browser.tabs.Tab;
const from = (url: string): Sender => ({ id: browser.runtime.id, tab, frameId: 0, url, origin: new URL(url).origin });
const detected = (adapterId: string, interactionId: string, pageUrl: string) => ({ type: 'call.detected', adapterId, interactionId, rawAni: '+14155550100', pageUrl });
const get = async (id: string): Promise<Interaction | undefined> => (await browser.storage.session.get(interactionKey(id)))[interactionKey(id)] as Interaction | undefined;
const status = (state: string) => browser.storage.session.set({ [GENESYS_STATUS_KEY]: { state, at: Date.now() } });
const options = (genesys: object) => browser.storage.local.set({ options: { apiBaseUrl: 'https://api.example.test', genesys } });

beforeEach(async () => {
  fakeBrowser.reset();
  vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 503, headers: { 'content-type': 'application/json' } })));
  vi.spyOn(browser.tabs, 'sendMessage').mockImplementation(async () => undefined);
  await options({ region: 'mypurecloud.com', clientId: 'client-1' });
});

afterEach(async () => {
  await new Promise((r) => setTimeout(r, 20));
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('call.detected and the Genesys sign-in hint', () => {
  it('a Genesys Cloud call found on the page while signed out carries the region; connected, the next report clears it', async () => {
    await status('signed-out');
    expect(await handleMessage(detected('genesys-cloud', CONV, GC_URL), from(GC_URL))).toMatchObject({ ok: true, interactionId: CONV });
    // Written after the reply (the panel must not wait for it): it arrives with a later state push.
    await vi.waitFor(async () => expect((await get(CONV))?.genesysSignIn).toEqual({ region: 'mypurecloud.com' }));
    await status('connected');
    await handleMessage(detected('genesys-cloud', CONV, GC_URL), from(GC_URL));
    await vi.waitFor(async () => expect(await get(CONV)).not.toHaveProperty('genesysSignIn'));
  });

  it('no hint while the channel is connected, nor with policy genesys empty', async () => {
    await status('connected');
    await handleMessage(detected('genesys-cloud', CONV, GC_URL), from(GC_URL));
    expect(await get(CONV)).not.toHaveProperty('genesysSignIn');
    await status('signed-out');
    await options({});
    const other = CONV.replace(/0$/, '1');
    await handleMessage(detected('genesys-cloud', other, GC_URL), from(GC_URL));
    expect(await get(other)).toBeDefined();
    expect(await get(other)).not.toHaveProperty('genesysSignIn');
  });

  it('no hint for a call another adapter found, even with the Genesys channel signed out', async () => {
    await status('signed-out');
    const id = '0LQ5g000000AbCdEAF';
    expect(await handleMessage(detected('salesforce-voicecall', id, SF_URL), from(SF_URL))).toMatchObject({ ok: true });
    expect(await get(id)).toBeDefined();
    expect(await get(id)).not.toHaveProperty('genesysSignIn');
  });
});
