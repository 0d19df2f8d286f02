/** A new call mid-verification waits for the agent: held, kept, switched to, or dropped with its call view. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage } from '../../../../entrypoints/background/handlers.ts';
import { forgetInteractions } from '../../../../entrypoints/background/interaction-copies.ts';
import { interactionKey } from '../../../../platform/storage.ts';
import type { Interaction } from '../../../../lib/interaction.ts';
import { DEFAULT_FLOW_CONFIG, startFlow, type FlowState } from '../../../../lib/flow/index.ts';
import type { Sender } from '../../../../platform/messaging.ts';

const IX = '0LQ5g000000AbCdEAF';
const NEXT = '0LQ5g000000NeXtAAA';
const ORIGIN = 'https://acme.lightning.force.com';
const url = (id: string) => `${ORIGIN}/lightning/r/VoiceCall/${id}/view`;
const TAB = 7;
const NUMBER = { kind: 'number', e164: '+14155550100', international: '+1 415 555 0100', valid: true, region: 'US' } as const;
const CHALLENGE = { challengeId: 'ch-1', mode: 'caller-answer' as const, required: [{ id: 'dob', label: 'Date of birth', inputKind: 'date' as const }], additional: [], additionalNeeded: 0 };

const tab = { id: TAB, index: 0, active: true, pinned: false, highlighted: true, incognito: false } as Browser.tabs.Tab;
const content = (id: string): Sender => ({ id: browser.runtime.id, tab, frameId: 0, url: url(id), origin: ORIGIN });
const panelOf = (id: string): Sender => ({ id: browser.runtime.id, tab, frameId: 3, url: `${browser.runtime.getURL('/panel.html')}#ix=${id}&t=tok` });
const detected = (id: string, rawAni = '+1 617-555-0188') => ({ type: 'call.detected', adapterId: 'salesforce-voicecall', interactionId: id, rawAni, pageUrl: url(id) });
const get = async (id: string): Promise<Interaction | undefined> => (await browser.storage.session.get(interactionKey(id)))[interactionKey(id)] as Interaction | undefined;

let paths: string[];
let mounts: unknown[];

/** The current call, shown to the agent, at the verify step; `flow` overrides (engaged, failures...). */
async function current(flow: Partial<FlowState>, ix: Partial<Interaction> & { shownAt?: number } = { shownAt: 1 }): Promise<void> {
  const stored: Interaction = {
    id: IX, tabId: TAB, frameId: 0, adapterId: 'salesforce-voicecall', crmOrigin: ORIGIN, startedAt: Date.now() - 60_000,
    updatedAt: Date.now(), ani: { ...NUMBER },
    flow: { ...startFlow({ ...NUMBER }, DEFAULT_FLOW_CONFIG), step: { name: 'verify', challenge: CHALLENGE }, customer: { customerId: 'C-1001', displayName: 'Ada', kind: 'person' }, ...flow },
    ...ix,
  };
  await browser.storage.session.set({ [interactionKey(IX)]: stored });
  forgetInteractions(); // the worker that wrote it is gone
}

beforeEach(() => {
  fakeBrowser.reset();
  paths = [];
  mounts = [];
  vi.stubGlobal('fetch', vi.fn(async (input: string | URL) => {
    paths.push(new URL(String(input)).pathname);
    const body = String(input).includes('/v1/interactions/') ? { error: { code: 'not_found', message: 'x' } } : { candidates: [], attemptsRemaining: 3 };
    return new Response(JSON.stringify(body), { status: String(input).includes('/v1/interactions/') ? 404 : 200, headers: { 'content-type': 'application/json' } });
  }));
  vi.spyOn(browser.tabs, 'sendMessage').mockImplementation(async (_tab: number, message: unknown) => void mounts.push(message));
});

afterEach(async () => {
  await new Promise((r) => setTimeout(r, 20));
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('a new call in a tab whose call is mid-verification', () => {
  it('is held: the reply keeps the current call, nothing is stored or looked up for the new one', async () => {
    await current({ engaged: true });
    expect(await handleMessage(detected(NEXT), content(NEXT))).toMatchObject({ ok: true, interactionId: IX });
    expect(await get(NEXT)).toBeUndefined();
    expect((await get(IX))?.incoming).toMatchObject({ interactionId: NEXT, ani: { e164: '+16175550188' }, report: { frameId: 0, url: url(NEXT) } });
    expect(paths).toEqual([]);
  });

  it('is recorded on the current call as a call-replaced-attempt security event, once per held call', async () => {
    await current({ engaged: true });
    await handleMessage(detected(NEXT), content(NEXT));
    await handleMessage(detected(NEXT), content(NEXT));
    await handleMessage(detected('0LQ5g000000ThIrDAA'), content('0LQ5g000000ThIrDAA'));
    const events = ((await get(IX)) as { securityEvents?: { kind: string; at: number }[] }).securityEvents;
    expect(events?.map((e) => e.kind)).toEqual(['call-replaced-attempt', 'call-replaced-attempt']);
  });

  it.each<[string, Partial<FlowState>, Partial<Interaction> & { shownAt?: number }]>([
    ['questions on screen, untouched', {}, { shownAt: 1 }],
    ['never shown to the agent', { engaged: true }, {}],
    ['already recorded as ended', { engaged: true }, { shownAt: 1, endedAt: 5 }],
    ['finished', { engaged: true, step: { name: 'verified' } }, { shownAt: 1 }],
  ])('is not held when the current call is %s', async (_name, flow, ix) => {
    await current(flow, ix);
    expect(await handleMessage(detected(NEXT), content(NEXT))).toMatchObject({ ok: true, interactionId: NEXT });
    expect(await get(NEXT)).toBeDefined();
  });

  it('keep: the waiting call is dropped and never started', async () => {
    await current({ engaged: true });
    await handleMessage(detected(NEXT), content(NEXT));
    expect(await handleMessage({ type: 'panel.keepCall', interactionId: IX }, panelOf(IX))).toEqual({ ok: true });
    expect((await get(IX))?.incoming).toBeUndefined();
    expect((await get(IX))?.flow.step.name).toBe('verify');
    expect(await get(NEXT)).toBeUndefined();
  });

  it('switch: the waiting call starts, the current one ends, and the top frame is told to show the new call', async () => {
    await current({ engaged: true });
    await handleMessage(detected(NEXT), content(NEXT));
    expect(await handleMessage({ type: 'panel.switchCall', interactionId: IX }, panelOf(IX))).toEqual({ ok: true });
    expect((await get(NEXT))?.ani).toMatchObject({ e164: '+16175550188' });
    expect((await get(IX))?.incoming).toBeUndefined();
    await vi.waitFor(async () => expect((await get(IX))?.endedAt).toBeTypeOf('number')); // recorded as abandoned
    expect(mounts).toContainEqual({ type: 'panel.mount', interactionId: NEXT });
    // With nothing waiting, a second switch does nothing.
    expect(await handleMessage({ type: 'panel.switchCall', interactionId: IX }, panelOf(IX))).toEqual({ ok: false });
  });

  it("keep and switch come only from the panel of the interaction's own tab", async () => {
    await current({ engaged: true });
    await handleMessage(detected(NEXT), content(NEXT));
    const other = { ...panelOf(IX), tab: { ...tab, id: 99 } };
    expect(await handleMessage({ type: 'panel.switchCall', interactionId: IX }, other)).toBeUndefined();
    expect((await get(IX))?.incoming?.interactionId).toBe(NEXT);
  });

  it('the waiting call view going away takes the prompt with it (no refusal counted)', async () => {
    await current({ engaged: true });
    await handleMessage(detected(NEXT), content(NEXT));
    expect(await handleMessage({ type: 'call.ended', interactionId: NEXT }, content(NEXT))).toEqual({ ok: true });
    expect((await get(IX))?.incoming).toBeUndefined();
    expect(Object.keys(await browser.storage.session.get(null)).filter((k) => k.startsWith('stats:refused'))).toEqual([]);
  });
});
