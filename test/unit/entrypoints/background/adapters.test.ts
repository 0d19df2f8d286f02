/** The worker's side of adapters: content.config, call.ended, selector.health and the top-frame mount. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage } from '../../../../entrypoints/background/handlers.ts';
import { interactionKey } from '../../../../platform/storage.ts';
import { BUILT_IN_ADAPTERS } from '../../../../lib/adapters/index.ts';
import { readSelectorHealth } from '../../../../platform/storage.ts';
import { DEFAULT_PANEL_LAYOUT } from '../../../../lib/panel-params.ts';

type Sender = Browser.runtime.MessageSender;
const tab = (id: number) => ({ id, index: 0, active: true, pinned: false, highlighted: true, incognito: false }) as Browser.tabs.Tab;
const SF = 'https://acme.lightning.force.com/lightning/r/VoiceCall/0LQ5g000000AbCdEAF/view';
const SOFTPHONE = 'https://apps.mypurecloud.com/crm/index.html?crm=salesforce';
const sender = (url: string, over: Partial<Sender> = {}): Sender => ({ id: browser.runtime.id, tab: tab(7), frameId: 0, url, ...over });
const CUSTOM = { id: 'acme-call-console', label: 'Acme', matches: ['https://*.lightning.force.com/*'], callView: 'c-acme', ani: { selector: '.n' } };

const settle = async (): Promise<void> => { for (let i = 0; i < 15; i++) await new Promise((r) => setTimeout(r, 0)); };
const refusals = async (): Promise<Record<string, unknown>> =>
  Object.fromEntries(Object.entries(await browser.storage.session.get(null)).filter(([k]) => k.startsWith('stats:refused:')));
const call = (over: Record<string, unknown> = {}) => ({ type: 'call.detected', adapterId: 'salesforce-voicecall', interactionId: 'IX-1', rawAni: '+1 415 555 0100', pageUrl: SF, ...over });

beforeEach(() => {
  fakeBrowser.reset();
  // The API never answers: these tests stop at the stored interaction.
  vi.stubGlobal('fetch', vi.fn(() => new Promise(() => {})));
});
afterEach(async () => {
  await settle();
  vi.unstubAllGlobals();
});

describe('content.config', () => {
  it('answers the built-in adapters when nothing is configured', async () => {
    const reply = (await handleMessage({ type: 'content.config' }, sender(SF))) as { adapters: { id: string }[]; problems: string[] };
    expect(reply.adapters.map((a) => a.id)).toEqual(BUILT_IN_ADAPTERS.map((a) => a.id));
    expect(reply.problems).toEqual([]);
  });

  it('applies customAdapters and disabledAdapters, and reports the invalid custom adapter', async () => {
    await browser.storage.local.set({ options: { customAdapters: [CUSTOM, { id: 'Bad Id' }], disabledAdapters: ['zendesk-talk'] } });
    const reply = (await handleMessage({ type: 'content.config' }, sender(SF))) as { adapters: { id: string }[]; problems: string[] };
    expect(reply.adapters[0]?.id).toBe('acme-call-console');
    expect(reply.adapters.map((a) => a.id)).not.toContain('zendesk-talk');
    expect(reply.problems).toContainEqual(expect.stringContaining('options.customAdapters[1]'));
  });

  it('carries the panel layout: the default, then policy/options panel.side and panel.startCollapsed', async () => {
    const layout = async () => ((await handleMessage({ type: 'content.config' }, sender(SF))) as { panel: unknown }).panel;
    expect(await layout()).toEqual(DEFAULT_PANEL_LAYOUT);
    await browser.storage.local.set({ options: { panel: { side: 'left', startCollapsed: true } } });
    expect(await layout()).toEqual({ side: 'left', startCollapsed: true });
    await browser.storage.local.set({ options: { panel: { side: 'top' } } }); // invalid: the default side, reported to the options page
    expect(await layout()).toEqual(DEFAULT_PANEL_LAYOUT);
  });

  it('is refused from a sender that is not a content script of ours in a tab', async () => {
    expect(await handleMessage({ type: 'content.config' }, sender(SF, { tab: undefined }))).toBeUndefined();
    expect(await handleMessage({ type: 'content.config' }, sender(SF, { id: 'other' }))).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 2 });
  });
});

describe('call.detected and the effective adapters', () => {
  it('a sub-frame (embedded softphone) call mounts the panel in the top frame only', async () => {
    // The top frame's content script says which page it is on: a Salesforce page may embed the Genesys client.
    const send = vi.spyOn(browser.tabs, 'sendMessage').mockImplementation(async (_tab, msg) => ((msg as { type: string }).type === 'frame.top' ? { url: SF } : undefined));
    const reply = await handleMessage(call({ adapterId: 'genesys-cloud-embedded', interactionId: 'c0ffee00-0000-4000-8000-000000000001', pageUrl: SOFTPHONE }), sender(SOFTPHONE, { frameId: 5 }));
    expect(reply).toEqual({ ok: true, interactionId: 'c0ffee00-0000-4000-8000-000000000001', panel: DEFAULT_PANEL_LAYOUT });
    await settle();
    expect(send).toHaveBeenCalledWith(7, { type: 'panel.mount', interactionId: 'c0ffee00-0000-4000-8000-000000000001' }, { frameId: 0 });
  });

  it('refuses a sub-frame call on a page that may not embed it, or whose top frame does not answer', async () => {
    const CONNECT = 'https://attacker.my.connect.aws/ccp-v2/';
    const tops: Record<string, unknown> = { 5: { url: SF }, 6: { url: 'https://unknown.example/' }, 8: undefined };
    vi.spyOn(browser.tabs, 'sendMessage').mockImplementation(async (tabId) => tops[String(tabId)]);
    const connect = call({ adapterId: 'amazon-connect-ccp', interactionId: 'c0ffee00-0000-4000-8000-000000000002', pageUrl: CONNECT });
    expect(await handleMessage(connect, sender(CONNECT, { tab: tab(5), frameId: 3 }))).toBeUndefined();
    const genesys = call({ adapterId: 'genesys-cloud-embedded', interactionId: 'c0ffee00-0000-4000-8000-000000000003', pageUrl: SOFTPHONE });
    expect(await handleMessage(genesys, sender(SOFTPHONE, { tab: tab(6), frameId: 3 }))).toBeUndefined();
    expect(await handleMessage(genesys, sender(SOFTPHONE, { tab: tab(8), frameId: 3 }))).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 3 });
  });

  it('a top-frame call is answered directly, without a mount message', async () => {
    const send = vi.spyOn(browser.tabs, 'sendMessage').mockResolvedValue(undefined);
    expect(await handleMessage(call(), sender(SF))).toEqual({ ok: true, interactionId: 'IX-1', panel: DEFAULT_PANEL_LAYOUT });
    await settle();
    expect(send).not.toHaveBeenCalled();
  });

  it('accepts a custom adapter on its hosts, refuses a disabled built-in one', async () => {
    await browser.storage.local.set({ options: { customAdapters: [CUSTOM], disabledAdapters: ['salesforce-voicecall'] } });
    expect(await handleMessage(call({ adapterId: 'acme-call-console', interactionId: 'ACME-1' }), sender(SF))).toEqual({ ok: true, interactionId: 'ACME-1', panel: DEFAULT_PANEL_LAYOUT });
    expect(await handleMessage(call({ interactionId: 'IX-2' }), sender(SF))).toBeUndefined();
    expect(await handleMessage(call({ adapterId: 'acme-call-console', interactionId: 'ACME-2' }), sender('https://acme.zendesk.com/agent/'))).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 2 });
  });
});

describe('call.ended', () => {
  it('records callEndedAt once (not endedAt, which means "recorded as abandoned"); refused from another tab', async () => {
    await handleMessage(call(), sender(SF));
    expect(await handleMessage({ type: 'call.ended', interactionId: 'IX-1' }, sender(SF, { tab: tab(8) }))).toBeUndefined();
    expect(await handleMessage({ type: 'call.ended', interactionId: 'IX-1' }, sender(SF))).toEqual({ ok: true });
    const key = interactionKey('IX-1');
    const first = (await browser.storage.session.get(key))[key] as { callEndedAt?: number; endedAt?: number };
    expect(first.callEndedAt).toBeTypeOf('number');
    expect(first.endedAt).toBeUndefined();
    await handleMessage({ type: 'call.ended', interactionId: 'IX-1' }, sender(SF));
    expect(((await browser.storage.session.get(key))[key] as { callEndedAt?: number }).callEndedAt).toBe(first.callEndedAt);
    expect(await handleMessage({ type: 'call.ended', interactionId: 'nope' }, sender(SF))).toBeUndefined();
  });
});

describe('selector.health', () => {
  it('stores the adapter, the host from the sender URL and the page version, newest first', async () => {
    await handleMessage({ type: 'selector.health', adapterId: 'salesforce-voicecall', reason: 'no-ani' }, sender(SF));
    await handleMessage({ type: 'selector.health', adapterId: 'genesys-cloud-embedded', reason: 'invalid-selector', pageVersion: '2026.11' }, sender(SOFTPHONE, { frameId: 3 }));
    expect(await readSelectorHealth()).toEqual([
      { adapterId: 'genesys-cloud-embedded', host: 'apps.mypurecloud.com', reason: 'invalid-selector', pageVersion: '2026.11', at: expect.any(Number) },
      { adapterId: 'salesforce-voicecall', host: 'acme.lightning.force.com', reason: 'no-ani', at: expect.any(Number) },
    ]);
  });

  it('is refused for an adapter that may not run on the sender\'s URL', async () => {
    expect(await handleMessage({ type: 'selector.health', adapterId: 'zendesk-talk', reason: 'no-ani' }, sender(SF))).toBeUndefined();
    expect(await readSelectorHealth()).toEqual([]);
  });
});
