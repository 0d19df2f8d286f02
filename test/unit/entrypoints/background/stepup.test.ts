/**
 * The worker's step-up messages: only the panel of the interaction's own tab is heard (another tab's panel
 * and the content script are refused and counted), each phase is stored before its API call, and the code
 * goes to the API without ever being written to storage.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage } from '../../../../entrypoints/background/handlers.ts';
import { forgetInteractions } from '../../../../entrypoints/background/interaction-copies.ts';
import { interactionKey } from '../../../../platform/storage.ts';
import type { Interaction } from '../../../../lib/interaction.ts';
import { DEFAULT_FLOW_CONFIG, newStepUp, startFlow, type StepUpFlow } from '../../../../lib/flow/index.ts';
import type { StepUp } from '../../../../lib/api/contract-stepup.ts';

type Sender = Browser.runtime.MessageSender;
const IX = '0LQ5g000000AbCdEAF';
const ORIGIN = 'https://acme.lightning.force.com';
const TAB = 7;
const NUMBER = { kind: 'number', e164: '+14155550100', international: '+1 415 555 0100', valid: true, region: 'US' } as const;
const ada = { customerId: 'C-1001', displayName: 'Ada Lovelace', kind: 'person' as const };
const view = (patch: Partial<StepUp> = {}): StepUp => ({
  id: 'su-1', channel: 'sms', maskedDestination: '+14 ••• 0100', status: 'pending', expiresAt: new Date(Date.now() + 300_000).toISOString(),
  codeLength: 6, attemptsRemaining: 5, resendsRemaining: 2, ...patch,
});

const tab = (id: number) => ({ id, index: 0, active: true, pinned: false, highlighted: true, incognito: false }) as Browser.tabs.Tab;
const panelSender = (tabId = TAB): Sender => ({
  id: browser.runtime.id, tab: tab(tabId), frameId: 3,
  url: `${browser.runtime.getURL('/panel.html')}#ix=${IX}&o=${encodeURIComponent(ORIGIN)}&t=tok`,
});
const contentSender = (): Sender => ({ id: browser.runtime.id, tab: tab(TAB), frameId: 0, url: `${ORIGIN}/lightning/r/VoiceCall/${IX}/view`, origin: ORIGIN });

/** The API: each request recorded; the answer for a path is whatever `answers` holds for it (held until released). */
function mockApi(answers: Record<string, unknown>) {
  const calls: { path: string; method: string; body: unknown }[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  vi.stubGlobal('fetch', vi.fn(async (input: string | URL, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    calls.push({ path, method: init?.method ?? 'GET', body: init?.body === undefined ? undefined : JSON.parse(String(init.body)) });
    if (path.startsWith('/v1/interactions/')) return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    await gate;
    return new Response(JSON.stringify(answers[path] ?? {}), { status: 200, headers: { 'content-type': 'application/json' } });
  }));
  return { calls, release };
}

async function storeIx(stepUp: StepUpFlow): Promise<void> {
  const flow = { ...startFlow({ ...NUMBER }, { ...DEFAULT_FLOW_CONFIG, stepUp: 'always' }), customer: ada, step: { name: 'step_up' as const }, stepUp };
  const ix: Interaction = { id: IX, tabId: TAB, frameId: 0, adapterId: 'salesforce-voicecall', crmOrigin: ORIGIN, startedAt: Date.now(), updatedAt: Date.now(), ani: { ...NUMBER }, flow };
  await browser.storage.session.set({ [interactionKey(IX)]: ix });
  forgetInteractions(); // the worker that wrote it is gone
}
const getIx = async (): Promise<Interaction | undefined> => (await browser.storage.session.get(interactionKey(IX)))[interactionKey(IX)] as Interaction | undefined;
const refusals = async () => Object.fromEntries(Object.entries(await browser.storage.session.get(null)).filter(([k]) => k.startsWith('stats:refused:')));
const pending = (): StepUpFlow => ({ ...newStepUp('policy'), phase: { name: 'pending' }, channels: [{ channel: 'sms', maskedDestination: '+14 ••• 0100' }], current: view() });

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

describe('step-up messages', () => {
  it("another tab's panel and the content script are refused and counted; no API call", async () => {
    const api = mockApi({});
    await storeIx(pending());
    expect(await handleMessage({ type: 'panel.stepUpCheck', interactionId: IX, code: '123456' }, panelSender(99))).toBeUndefined();
    expect(await handleMessage({ type: 'panel.stepUpSend', interactionId: IX, channel: 'sms' }, contentSender())).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1, 'stats:refused:unknown-type': 1 });
    expect(api.calls).toEqual([]);
    expect((await getIx())?.flow.stepUp?.phase.name).toBe('pending');
  });

  it('a code check: phase stored first, the code sent to the API and never stored; the server\'s pass verifies', async () => {
    const api = mockApi({ '/v1/step-ups/su-1/check': view({ status: 'approved', verifiedInteraction: true }) });
    await storeIx(pending());
    // The reply waits for the check (that keeps the worker alive meanwhile); the phase is stored before the call.
    const reply = handleMessage({ type: 'panel.stepUpCheck', interactionId: IX, code: '482913' }, panelSender());
    await vi.waitFor(() => expect(api.calls.map((c) => c.path)).toContain('/v1/step-ups/su-1/check'));
    expect((await getIx())?.flow.stepUp?.phase.name).toBe('checking');
    expect(api.calls.find((c) => c.path.endsWith('/check'))?.body).toEqual({ interactionId: IX, code: '482913' });
    expect(JSON.stringify(await browser.storage.session.get(null))).not.toContain('482913');
    api.release();
    expect(await reply).toEqual({ ok: true });
    await vi.waitFor(async () => expect((await getIx())?.flow.step.name).toBe('verified'));
    const ix = await getIx();
    expect(ix?.flow.stepUp?.passedAt).toBeTypeOf('number');
    expect(JSON.stringify(await browser.storage.session.get(null))).not.toContain('482913');
  });

  it('a code of the wrong length for the live step-up is not sent', async () => {
    const api = mockApi({});
    await storeIx(pending());
    expect(await handleMessage({ type: 'panel.stepUpCheck', interactionId: IX, code: '1234' }, panelSender())).toEqual({ ok: true });
    expect(api.calls).toEqual([]);
  });

  it('send on a channel: the sending phase is stored, then the start call names that channel', async () => {
    const api = mockApi({ '/v1/step-ups': view() });
    await storeIx({ ...newStepUp('policy'), phase: { name: 'choose' }, channels: [{ channel: 'sms', maskedDestination: '+14 ••• 0100' }] });
    await handleMessage({ type: 'panel.stepUpSend', interactionId: IX, channel: 'sms' }, panelSender());
    await vi.waitFor(() => expect(api.calls.map((c) => c.path)).toContain('/v1/step-ups'));
    expect((await getIx())?.flow.stepUp?.phase).toEqual({ name: 'sending', channel: 'sms' });
    expect(api.calls.find((c) => c.path === '/v1/step-ups')?.body).toEqual({ interactionId: IX, customerId: 'C-1001', channel: 'sms' });
    api.release();
    await vi.waitFor(async () => expect((await getIx())?.flow.stepUp?.phase.name).toBe('pending'));
  });
});
