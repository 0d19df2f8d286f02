import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage, runPendingStep } from '../../lib/background/handlers.ts';
import { interactionKey, type Interaction } from '../../lib/background/store.ts';
import type { Candidate } from '../../lib/contract.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings.ts';

type Sender = Browser.runtime.MessageSender;

const IX = '0LQ5g000000AbCdEAF';
const CRM_URL = `https://acme.lightning.force.com/lightning/r/VoiceCall/${IX}/view`;
const TAB = 7;
const alice: Candidate = { customerId: 'C-1001', displayName: 'Alice Example', kind: 'person' };
const bob: Candidate = { customerId: 'C-1002', displayName: 'Bob Example', kind: 'person' };

const callDetected = (over: Record<string, unknown> = {}) => ({
  type: 'call.detected',
  adapterId: 'salesforce-voicecall',
  interactionId: IX,
  rawAni: '+1 (415) 555-0100',
  pageUrl: CRM_URL,
  ...over,
});

const tab = (id: number) => ({ id, index: 0, active: true, pinned: false, highlighted: true, incognito: false }) as Browser.tabs.Tab;

function contentSender(over: Partial<Sender> = {}): Sender {
  return { id: browser.runtime.id, tab: tab(TAB), frameId: 0, url: CRM_URL, origin: 'https://acme.lightning.force.com', ...over };
}

function panelSender(tabId: number | undefined = TAB, over: Partial<Sender> = {}): Sender {
  return {
    id: browser.runtime.id,
    ...(tabId === undefined ? {} : { tab: tab(tabId) }),
    frameId: 3,
    url: `${browser.runtime.getURL('/panel.html')}#ix=${IX}&o=https%3A%2F%2Facme.lightning.force.com&t=tok`,
    ...over,
  };
}

interface ApiCall {
  url: string;
  body: { interactionId: string; method: string; value: string };
  headers: Headers;
  respond: (body: unknown, status?: number) => void;
  fail: (err: unknown) => void;
}

/** A stubbed global fetch whose calls stay pending until the test answers them. */
function mockApi() {
  const calls: ApiCall[] = [];
  const fn = vi.fn(
    (input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        calls.push({
          url: String(input),
          body: JSON.parse(String(init?.body)),
          headers: new Headers(init?.headers),
          respond: (body, status = 200) =>
            resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
          fail: reject,
        });
      }),
  );
  vi.stubGlobal('fetch', fn);
  return { calls, fn };
}

/** Let queued promise work (storage, badge, the void'ed runPendingStep) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
}

async function getIx(id = IX): Promise<Interaction | undefined> {
  const key = interactionKey(id);
  return (await browser.storage.session.get(key))[key] as Interaction | undefined;
}

async function waitForStep(step: Interaction['flow']['step'], id = IX): Promise<Interaction> {
  return vi.waitFor(async () => {
    const ix = await getIx(id);
    expect(ix?.flow.step).toBe(step);
    return ix as Interaction;
  });
}

async function refusals(): Promise<Record<string, number>> {
  const all = await browser.storage.session.get(null);
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('stats:refused:'))) as Record<string, number>;
}

async function interactionKeys(): Promise<string[]> {
  return Object.keys(await browser.storage.session.get(null)).filter((k) => k.startsWith('ix:'));
}

const badgeText = (tabId = TAB) => fakeBrowser.action.getBadgeText({ tabId });

let api: ReturnType<typeof mockApi>;

beforeEach(() => {
  fakeBrowser.reset();
  api = mockApi();
});

afterEach(async () => {
  await settle();
  vi.unstubAllGlobals();
});

describe('call.detected from a valid content script', () => {
  it('stores the interaction as identifying, calls /v1/identify once, then stores identified', async () => {
    const reply = await handleMessage(callDetected(), contentSender());
    expect(reply).toEqual({ ok: true, interactionId: IX });

    const stored = await getIx();
    expect(stored).toMatchObject({
      id: IX,
      tabId: TAB,
      frameId: 0,
      adapterId: 'salesforce-voicecall',
      crmOrigin: 'https://acme.lightning.force.com',
      ani: { kind: 'number', e164: '+14155550100' },
      flow: { step: 'identifying', method: 'ani', value: '+14155550100' },
    });
    expect(stored!.startedAt).toBeTypeOf('number');
    expect(await badgeText()).toBe('?');

    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    const call = api.calls[0]!;
    expect(call.url).toBe(`${DEFAULT_SETTINGS.apiBaseUrl}/v1/identify`);
    expect(call.body).toEqual({ interactionId: IX, method: 'ani', value: '+14155550100' });
    expect(call.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await vi.waitFor(async () => expect((await getIx())?.pendingSince).toBeTypeOf('number'));

    call.respond({ candidates: [alice], attemptsRemaining: 3 });
    const done = await waitForStep('identified');
    expect(done.flow).toEqual({ step: 'identified', customer: alice, via: 'ani' });
    expect(done.pendingSince).toBeUndefined();
    expect(await badgeText()).toBe('ID');
    await settle();
    expect(api.fn).toHaveBeenCalledTimes(1);
  });

  it('several candidates → choose', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.respond({ candidates: [alice, bob], attemptsRemaining: 3 });
    expect((await waitForStep('choose')).flow).toEqual({ step: 'choose', candidates: [alice, bob] });
    expect(await badgeText()).toBe('?');
  });

  it('no candidates → search (no match)', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.respond({ candidates: [], attemptsRemaining: 3 });
    expect((await waitForStep('search')).flow).toEqual({ step: 'search', reason: 'no_match' });
  });

  it('an API failure → error with the failure kind, ready to retry', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.respond({ error: { code: 'internal', message: 'db down' } }, 503);
    const ix = await waitForStep('error');
    expect(ix.flow).toMatchObject({ step: 'error', error: { kind: 'server_error', status: 503 }, retry: { step: 'identifying' } });
    expect(ix.pendingSince).toBeUndefined();
  });

  it.each([
    ['a withheld number', 'Anonymous', 'withheld'],
    ['a SIP anonymous URI', '"Anonymous" <sip:anonymous@anonymous.invalid>', 'withheld'],
    ['no number (null)', null, 'no_number'],
    ['an unreadable number', 'call back later', 'invalid_number'],
  ])('%s → search without calling the API', async (_label, rawAni, reason) => {
    const reply = await handleMessage(callDetected({ rawAni }), contentSender());
    expect(reply).toEqual({ ok: true, interactionId: IX });
    await settle();
    expect((await getIx())?.flow).toEqual({ step: 'search', reason });
    expect(api.fn).not.toHaveBeenCalled();
    expect(await badgeText()).toBe('?');
  });

  it('uses the agent options and the managed policy for the call (region and API URL)', async () => {
    await browser.storage.local.set({ options: { defaultRegion: 'GB', apiBaseUrl: 'https://options.example.com' } });
    await fakeBrowser.storage.managed.set({ apiBaseUrl: 'https://policy.example.com' });
    await handleMessage(callDetected({ rawAni: '020 7946 0958' }), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    expect(api.calls[0]!.url).toBe('https://policy.example.com/v1/identify');
    expect(api.calls[0]!.body.value).toBe('+442079460958');
  });

  it('an invalid apiBaseUrl in the options is ignored (defaults apply) instead of breaking detection', async () => {
    await browser.storage.local.set({ options: { apiBaseUrl: 'not a url' } });
    await expect(handleMessage(callDetected(), contentSender())).resolves.toEqual({ ok: true, interactionId: IX });
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    expect(api.calls[0]!.url).toBe(`${DEFAULT_SETTINGS.apiBaseUrl}/v1/identify`);
  });
});

describe('the same call detected again', () => {
  it('does not restart the flow or call the API again while the lookup is in flight', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    const first = await getIx();
    await handleMessage(callDetected(), contentSender());
    await handleMessage(callDetected({ rawAni: '4155550100' }), contentSender()); // same number, other format
    await settle();
    expect(api.fn).toHaveBeenCalledTimes(1);
    expect(await getIx()).toEqual(first);
    api.calls[0]!.respond({ candidates: [alice], attemptsRemaining: 3 });
    await waitForStep('identified');
  });

  it('does not call the API twice when both detections arrive at once', async () => {
    const replies = await Promise.all([handleMessage(callDetected(), contentSender()), handleMessage(callDetected(), contentSender())]);
    expect(replies).toEqual([{ ok: true, interactionId: IX }, { ok: true, interactionId: IX }]);
    await settle();
    expect(api.fn).toHaveBeenCalledTimes(1);
    api.calls[0]!.respond({ candidates: [alice], attemptsRemaining: 3 });
    await waitForStep('identified');
  });

  it('keeps an identified result (no new lookup) when detected again later', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.respond({ candidates: [alice], attemptsRemaining: 3 });
    const identified = await waitForStep('identified');
    expect(await handleMessage(callDetected(), contentSender())).toEqual({ ok: true, interactionId: IX });
    await settle();
    expect(await getIx()).toEqual(identified);
    expect(api.fn).toHaveBeenCalledTimes(1);
  });

  it('keeps the flow when the page briefly shows no number for a call that had one', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.respond({ candidates: [alice], attemptsRemaining: 3 });
    await waitForStep('identified');
    await handleMessage(callDetected({ rawAni: null }), contentSender());
    await settle();
    expect((await getIx())?.flow.step).toBe('identified');
  });

  it('keeps a withheld call as it is when detected again without a number', async () => {
    await handleMessage(callDetected({ rawAni: null }), contentSender());
    const before = await getIx();
    await handleMessage(callDetected({ rawAni: null }), contentSender());
    await settle();
    expect(await getIx()).toEqual(before);
  });

  it('follows the call to another tab without restarting it', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.respond({ candidates: [alice], attemptsRemaining: 3 });
    const before = await waitForStep('identified');
    await handleMessage(callDetected(), contentSender({ tab: tab(9), frameId: 2 }));
    const after = await getIx();
    expect(after).toMatchObject({ tabId: 9, frameId: 2, flow: before.flow, startedAt: before.startedAt });
    await settle();
    expect(api.fn).toHaveBeenCalledTimes(1);
  });

  it('restarts the flow (keeping startedAt) when the number changes', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.respond({ candidates: [alice], attemptsRemaining: 3 });
    const before = await waitForStep('identified');
    await handleMessage(callDetected({ rawAni: '+1 415 555 0199' }), contentSender());
    const after = await getIx();
    expect(after?.flow).toEqual({ step: 'identifying', method: 'ani', value: '+14155550199' });
    expect(after?.startedAt).toBe(before.startedAt);
    await vi.waitFor(() => expect(api.calls).toHaveLength(2));
    expect(api.calls[1]!.body.value).toBe('+14155550199');
    api.calls[1]!.respond({ candidates: [bob], attemptsRemaining: 3 });
    expect((await waitForStep('identified')).flow).toMatchObject({ customer: bob });
  });

  it('restarts a withheld call when a number appears', async () => {
    await handleMessage(callDetected({ rawAni: 'Private' }), contentSender());
    await settle();
    await handleMessage(callDetected(), contentSender());
    expect((await getIx())?.flow).toEqual({ step: 'identifying', method: 'ani', value: '+14155550100' });
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.respond({ candidates: [alice], attemptsRemaining: 3 });
    await waitForStep('identified');
  });

  it('never shows the answer for a superseded number on the new number', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    // The number changes while the first lookup is still in flight.
    await handleMessage(callDetected({ rawAni: '+1 415 555 0199' }), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(2));
    api.calls[0]!.respond({ candidates: [alice], attemptsRemaining: 3 }); // answer for +14155550100
    await settle();
    api.calls[1]!.respond({ candidates: [bob], attemptsRemaining: 3 }); // answer for +14155550199
    await settle();
    const ix = await getIx();
    expect(ix?.flow).toEqual({ step: 'identified', customer: bob, via: 'ani' });
  });
});

describe('content sender checks', () => {
  it.each<[string, Partial<Sender>]>([
    ['another extension id', { id: 'some-other-extension' }],
    ['no extension id', { id: undefined }],
    ['no tab', { tab: undefined }],
    ['no sender URL', { url: undefined }],
    ['a URL outside the adapter hosts', { url: 'https://evil.example.com/lightning/r/VoiceCall/x/view' }],
    ['a look-alike host', { url: 'https://acme.lightning.force.com.evil.com/lightning' }],
    ['plain http', { url: 'http://acme.lightning.force.com/lightning' }],
    ['the extension panel URL with a wrong id', { id: 'x', url: 'chrome-extension://test-extension-id/panel.html' }],
  ])('refuses call.detected from %s and counts it', async (_label, over) => {
    const sender = contentSender();
    for (const [k, v] of Object.entries(over)) (sender as Record<string, unknown>)[k] = v;
    expect(await handleMessage(callDetected(), sender)).toBeUndefined();
    await settle();
    expect(await interactionKeys()).toEqual([]);
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1 });
    expect(api.fn).not.toHaveBeenCalled();
  });

  it('refuses an unknown adapter id', async () => {
    expect(await handleMessage(callDetected({ adapterId: 'genesys-cloud' }), contentSender())).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1 });
    expect(await interactionKeys()).toEqual([]);
  });

  it('refuses call.detected sent by the panel page', async () => {
    expect(await handleMessage(callDetected(), panelSender())).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:unknown-type': 1 });
    expect(await interactionKeys()).toEqual([]);
  });

  it('counts every refusal', async () => {
    await handleMessage(callDetected(), contentSender({ id: 'x' }));
    await handleMessage(callDetected(), contentSender({ tab: undefined }));
    await handleMessage(callDetected({ adapterId: 'nope' }), contentSender());
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 3 });
  });
});

describe('malformed and unknown messages', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'call.detected'],
    ['a number', 42],
    ['an extra key', { ...callDetected(), tabId: 99 }],
    ['a bad interaction id', callDetected({ interactionId: '../ix' })],
    ['a missing rawAni', { type: 'call.detected', adapterId: 'salesforce-voicecall', interactionId: IX, pageUrl: CRM_URL }],
    ['a too long number', callDetected({ rawAni: '1'.repeat(201) })],
  ])('refuses %s from content as malformed', async (_label, raw) => {
    expect(await handleMessage(raw, contentSender())).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:malformed': 1 });
    expect(await interactionKeys()).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['an unknown type', { type: 'call.ended', interactionId: IX }],
    ['no type', { interactionId: IX }],
    ['a prototype key as type', { type: '__proto__' }],
    ['a "constructor" type', { type: 'constructor' }],
    ['a panel message from a content script', { type: 'panel.hello', interactionId: IX }],
  ])('refuses %s as unknown-type', async (_label, raw) => {
    expect(await handleMessage(raw, contentSender())).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:unknown-type': 1 });
  });

  it('refuses malformed panel messages', async () => {
    expect(await handleMessage({ type: 'panel.hello' }, panelSender())).toBeUndefined();
    expect(await handleMessage({ type: 'panel.retry', interactionId: IX, force: true }, panelSender())).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:malformed': 2 });
  });

  it('adds up refusals of each reason separately', async () => {
    await handleMessage(null, contentSender());
    await handleMessage(undefined, contentSender());
    await handleMessage({ type: 'nope' }, contentSender());
    expect(await refusals()).toEqual({ 'stats:refused:malformed': 2, 'stats:refused:unknown-type': 1 });
  });
});

describe('panel.hello', () => {
  beforeEach(async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.respond({ candidates: [alice], attemptsRemaining: 3 });
    await waitForStep('identified');
    api.fn.mockClear();
  });

  it('returns the interaction to the panel page in the same tab', async () => {
    const reply = await handleMessage({ type: 'panel.hello', interactionId: IX }, panelSender());
    expect(reply).toEqual({ ok: true, interaction: await getIx() });
    await settle();
    expect(api.fn).not.toHaveBeenCalled();
  });

  it('refuses a panel page in another tab', async () => {
    expect(await handleMessage({ type: 'panel.hello', interactionId: IX }, panelSender(8))).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1 });
  });

  it('refuses a panel page without a tab', async () => {
    expect(await handleMessage({ type: 'panel.hello', interactionId: IX }, panelSender(undefined))).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1 });
  });

  it('refuses an interaction that does not exist', async () => {
    expect(await handleMessage({ type: 'panel.hello', interactionId: 'unknown-ix' }, panelSender())).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1 });
  });

  it.each<[string, Partial<Sender>]>([
    ['another extension id', { id: 'other-extension' }],
    ['a web page URL', { url: CRM_URL }],
    ['a web page whose URL contains the panel URL', { url: `https://evil.example.com/?u=chrome-extension://test-extension-id/panel.html` }],
    ['another page of the extension', { url: 'chrome-extension://test-extension-id/options.html' }],
    ['no URL', { url: undefined }],
  ])('is not taken as the panel from %s', async (_label, over) => {
    const sender = panelSender();
    for (const [k, v] of Object.entries(over)) (sender as Record<string, unknown>)[k] = v;
    expect(await handleMessage({ type: 'panel.hello', interactionId: IX }, sender)).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:unknown-type': 1 });
  });
});

describe('resuming and retrying', () => {
  /** Store an interaction directly, as a worker that stopped mid-lookup would have left it. */
  async function storeIdentifying(pendingSince?: number): Promise<void> {
    const ix: Interaction = {
      id: IX,
      tabId: TAB,
      frameId: 0,
      adapterId: 'salesforce-voicecall',
      crmOrigin: 'https://acme.lightning.force.com',
      startedAt: Date.now() - 60_000,
      updatedAt: Date.now() - 60_000,
      ani: { kind: 'number', e164: '+14155550100', international: '+1 415 555 0100', valid: true, region: 'US' },
      flow: { step: 'identifying', method: 'ani', value: '+14155550100' },
      ...(pendingSince === undefined ? {} : { pendingSince }),
    };
    await browser.storage.session.set({ [interactionKey(IX)]: ix });
  }

  it('panel.hello resumes a lookup a stopped worker left stale', async () => {
    await storeIdentifying(Date.now() - DEFAULT_SETTINGS.apiTimeoutMs - 5000);
    expect(await handleMessage({ type: 'panel.hello', interactionId: IX }, panelSender())).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.respond({ candidates: [alice], attemptsRemaining: 3 });
    await waitForStep('identified');
  });

  it('panel.hello does not start a second lookup while one is recent', async () => {
    await storeIdentifying(Date.now() - 1000);
    await handleMessage({ type: 'panel.hello', interactionId: IX }, panelSender());
    await settle();
    expect(api.fn).not.toHaveBeenCalled();
  });

  it('runPendingStep claims a lookup only once', async () => {
    await storeIdentifying();
    await Promise.all([runPendingStep(IX), runPendingStep(IX), settle().then(() => api.calls[0]?.respond({ candidates: [], attemptsRemaining: 1 }))]);
    expect(api.fn).toHaveBeenCalledTimes(1);
    expect((await getIx())?.flow).toEqual({ step: 'search', reason: 'no_match' });
  });

  it('runPendingStep does nothing for an unknown interaction or a finished step', async () => {
    await runPendingStep('nobody');
    await handleMessage(callDetected({ rawAni: null }), contentSender());
    await runPendingStep(IX);
    expect(api.fn).not.toHaveBeenCalled();
    expect(await interactionKeys()).toEqual([interactionKey(IX)]);
  });

  it('panel.retry after a network error runs the lookup again', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.fail(new TypeError('Failed to fetch'));
    const failed = await waitForStep('error');
    expect(failed.flow).toMatchObject({ error: { kind: 'offline' } });
    expect(await badgeText()).toBe('?');

    expect(await handleMessage({ type: 'panel.retry', interactionId: IX }, panelSender())).toEqual({ ok: true });
    expect((await getIx())?.flow).toEqual({ step: 'identifying', method: 'ani', value: '+14155550100' });
    await vi.waitFor(() => expect(api.calls).toHaveLength(2));
    expect(api.calls[1]!.body).toEqual(api.calls[0]!.body);
    expect(api.calls[1]!.headers.get('x-request-id')).not.toBe(api.calls[0]!.headers.get('x-request-id'));
    api.calls[1]!.respond({ candidates: [alice], attemptsRemaining: 3 });
    await waitForStep('identified');
    expect(await badgeText()).toBe('ID');
  });

  it('panel.retry when nothing failed changes nothing and calls nothing', async () => {
    await handleMessage(callDetected({ rawAni: 'withheld' }), contentSender());
    await settle();
    const before = await getIx();
    expect(await handleMessage({ type: 'panel.retry', interactionId: IX }, panelSender())).toEqual({ ok: true });
    await settle();
    expect((await getIx())?.flow).toEqual(before?.flow);
    expect(api.fn).not.toHaveBeenCalled();
  });

  it('panel.retry from another tab is refused and does not retry', async () => {
    await handleMessage(callDetected(), contentSender());
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.fail(new TypeError('Failed to fetch'));
    await waitForStep('error');
    expect(await handleMessage({ type: 'panel.retry', interactionId: IX }, panelSender(8))).toBeUndefined();
    await settle();
    expect((await getIx())?.flow.step).toBe('error');
    expect(api.fn).toHaveBeenCalledTimes(1);
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1 });
  });
});

describe('background entrypoint wiring', () => {
  it('answers runtime messages through onMessage (refusals reply undefined and are counted)', async () => {
    const background = (await import('../../entrypoints/background.ts')).default as { main: () => void };
    background.main();
    // The fake browser's sendMessage uses an empty sender: never one of ours, so always refused.
    expect(await browser.runtime.sendMessage(callDetected())).toBeUndefined();
    expect(await browser.runtime.sendMessage({ type: 'panel.hello', interactionId: IX })).toBeUndefined();
    expect(await browser.runtime.sendMessage('junk')).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1, 'stats:refused:unknown-type': 1, 'stats:refused:malformed': 1 });
    expect(api.fn).not.toHaveBeenCalled();
  });
});
