// Finished calls are stored in IndexedDB (lib/results) before the outcome is shown.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage } from '../../../../entrypoints/background/handlers.ts';
import { forgetInteractions } from '../../../../entrypoints/background/interaction-copies.ts';
import { panels } from '../../../../entrypoints/background/store.ts';
import { watchSettingsSources } from '../../../../entrypoints/background/settings-store.ts';
import { AFTER_FIRST_CAP_MS, runPendingStep } from '../../../../entrypoints/background/runner.ts';
import { interactionKey } from '../../../../platform/storage.ts';
import type { Interaction } from '../../../../lib/interaction.ts';
import type { Candidate } from '../../../../lib/api/contract.ts';
import { DEFAULT_FLOW_CONFIG, startFlow, type Challenge, type FlowState, type Step } from '../../../../lib/flow/index.ts';
import { defaultPolicy } from '../../../../lib/policy/schema.ts';

const DEFAULT_SETTINGS = defaultPolicy();
import { DEFAULT_PANEL_LAYOUT } from '../../../../lib/panel-params.ts';

type Sender = Browser.runtime.MessageSender;

const IX = '0LQ5g000000AbCdEAF';
const ORIGIN = 'https://acme.lightning.force.com';
const CRM_URL = `${ORIGIN}/lightning/r/VoiceCall/${IX}/view`;
const TAB = 7;
const API = DEFAULT_SETTINGS.apiBaseUrl;
const alice: Candidate = { customerId: 'C-1001', displayName: 'Alice Example', kind: 'person' };
const bob: Candidate = { customerId: 'C-1002', displayName: 'Bob Example', kind: 'person' };
const NUMBER = { kind: 'number', e164: '+14155550100', international: '+1 415 555 0100', valid: true, region: 'US' } as const;
const CHALLENGE_BODY = {
  challengeId: 'ch-1',
  mode: 'caller-answer',
  required: [
    { id: 'dob', label: 'Date of birth', inputKind: 'date', expected: '1980-01-01' },
    { id: 'postcode', label: 'Postcode', inputKind: 'text', expected: 'SW1A 1AA' },
  ],
  additional: [{ id: 'pet', label: 'First pet', inputKind: 'text', expected: 'Rex' }],
  additionalNeeded: 0,
};

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
  return { id: browser.runtime.id, tab: tab(TAB), frameId: 0, url: CRM_URL, origin: ORIGIN, ...over };
}

function panelSender(tabId: number | null = TAB, over: Partial<Sender> = {}): Sender {
  return {
    id: browser.runtime.id,
    ...(tabId === null ? {} : { tab: tab(tabId) }),
    frameId: 3,
    url: `${browser.runtime.getURL('/panel.html')}#ix=${IX}&o=${encodeURIComponent(ORIGIN)}&t=tok`,
    ...over,
  };
}

const panel = (type: string, extra: Record<string, unknown> = {}) => handleMessage({ type, interactionId: IX, ...extra }, panelSender());

/** Poll often: everything here is in-memory and quick. */
const FAST = { interval: 5, timeout: 2000 };

type Kind = 'prior' | 'identify' | 'challenge' | 'verify' | 'result';
interface ApiCall {
  kind: Kind;
  url: string;
  method: string;
  body: Record<string, unknown> | undefined;
  headers: Headers;
  respond: (body: unknown, status?: number) => void;
  fail: (err: unknown) => void;
}

/** A stubbed global fetch whose calls stay pending until the test answers them. */
function mockApi() {
  const calls: ApiCall[] = [];
  const taken = new Set<ApiCall>();
  const fn = vi.fn(
    (input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        const url = String(input);
        const path = new URL(url).pathname;
        const method = init?.method ?? 'GET';
        const kind: Kind = path.startsWith('/v1/interactions/') ? (method === 'PUT' ? 'result' : 'prior') : (path.slice('/v1/'.length) as Kind);
        const ok = (body: unknown, status = 200) =>
          resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
        // Result records (PUT) are acknowledged at once so the outbox never carries over between tests.
        if (kind === 'result') ok({});
        calls.push({
          kind,
          url,
          method,
          body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
          headers: new Headers(init?.headers),
          respond: ok,
          fail: reject,
        });
      }),
  );
  vi.stubGlobal('fetch', fn);
  return {
    calls,
    fn,
    of: (kind: Kind) => calls.filter((c) => c.kind === kind),
    /** The next call of `kind` not yet handed out (waits for it). */
    take: (kind: Kind): Promise<ApiCall> =>
      vi.waitFor(() => {
        const call = calls.find((c) => c.kind === kind && !taken.has(c));
        if (!call) throw new Error(`no pending ${kind} call (calls so far: ${calls.map((c) => c.kind).join(', ') || 'none'})`);
        taken.add(call);
        return call;
      }, FAST),
  };
}

const NO_PRIOR = [{ error: { code: 'not_found', message: 'no such interaction' } }, 404] as const;

/** Let queued promise work (storage, badge, the void'ed runPendingStep) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 15; i++) await new Promise((r) => setTimeout(r, 0));
}

async function getIx(id = IX): Promise<Interaction | undefined> {
  const key = interactionKey(id);
  return (await browser.storage.session.get(key))[key] as Interaction | undefined;
}

async function waitForStep(name: Step['name'], id = IX): Promise<Interaction> {
  return vi.waitFor(async () => {
    const ix = await getIx(id);
    expect(ix?.flow.step.name).toBe(name);
    return ix as Interaction;
  }, FAST);
}

async function refusals(): Promise<Record<string, number>> {
  const all = await browser.storage.session.get(null);
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('stats:refused:'))) as Record<string, number>;
}

async function interactionKeys(): Promise<string[]> {
  return Object.keys(await browser.storage.session.get(null)).filter((k) => k.startsWith('ix:'));
}

/** Store an interaction directly, as an earlier worker would have left it. */
async function storeIx(step: Step, over: Partial<FlowState> = {}, ixOver: Partial<Interaction> = {}): Promise<Interaction> {
  const ix: Interaction = {
    id: IX,
    tabId: TAB,
    frameId: 0,
    adapterId: 'salesforce-voicecall',
    crmOrigin: ORIGIN,
    startedAt: Date.now() - 60_000,
    updatedAt: Date.now() - 60_000,
    ani: { ...NUMBER },
    flow: { ...startFlow({ ...NUMBER }, DEFAULT_FLOW_CONFIG), step, ...over },
    ...ixOver,
  };
  await browser.storage.session.set({ [interactionKey(IX)]: ix });
  forgetInteractions(); // the worker that wrote it is gone
  return ix;
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
  it('stores the interaction, checks for a prior result, looks the number up, then asks for questions', async () => {
    const reply = await handleMessage(callDetected(), contentSender());
    expect(reply).toEqual({ ok: true, interactionId: IX, panel: DEFAULT_PANEL_LAYOUT });

    const stored = await getIx();
    expect(stored).toMatchObject({
      id: IX,
      tabId: TAB,
      frameId: 0,
      adapterId: 'salesforce-voicecall',
      crmOrigin: ORIGIN,
      ani: { kind: 'number', e164: '+14155550100' },
      flow: { step: { name: 'checking_prior' }, entry: { aniE164: '+14155550100', searchReason: 'no_match' }, config: DEFAULT_FLOW_CONFIG },
    });
    expect(stored!.startedAt).toBeTypeOf('number');
    // Written with the claim on the prior check: no second write before the API call.
    expect(stored!.pendingSince).toBeTypeOf('number');
    await vi.waitFor(async () => expect(await badgeText()).toBe('?'));

    const prior = await api.take('prior');
    expect(prior.url).toBe(`${API}/v1/interactions/${IX}?ani=%2B14155550100`);
    expect(prior.method).toBe('GET');
    // The look-up the flow makes next goes out beside the prior check, under its claim.
    const identify = await api.take('identify');
    expect(identify.url).toBe(`${API}/v1/identify`);
    expect(identify.body).toEqual({ interactionId: IX, method: 'ani', value: '+14155550100' });
    expect(identify.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await getIx())?.flow.step).toEqual({ name: 'checking_prior' });
    identify.respond({ candidates: [alice], attemptsRemaining: 3 });
    // The flow waits for the prior check; the panel names the customer found meanwhile (stored first).
    await vi.waitFor(async () => expect((await getIx())?.lookAhead).toEqual(alice), FAST);
    expect((await getIx())?.flow.step).toEqual({ name: 'checking_prior' });
    // As the panel says (Identified only), with that write: well before the new call's other work, capped at AFTER_FIRST_CAP_MS, shows it again.
    await vi.waitFor(async () => expect(await badgeText()).toBe('ID'), { interval: 5, timeout: AFTER_FIRST_CAP_MS / 2 });
    prior.respond(...NO_PRIOR);

    const challenge = await api.take('challenge');
    // The caller's number goes with the challenge: the API counts a failed verification against it (risk velocity).
    expect(challenge.body).toEqual({ interactionId: IX, customerId: alice.customerId, mode: 'caller-answer', ani: NUMBER.e164 });
    expect((await getIx())?.flow).toMatchObject({ customer: alice, step: { name: 'challenging' } });
    expect(await badgeText()).toBe('ID');
    challenge.respond(CHALLENGE_BODY);

    const ix = await waitForStep('verify');
    expect(ix.pendingSince).toBeUndefined();
    expect(ix.lookAhead).toBeUndefined(); // the flow's own customer replaced it
    expect(ix.flow.methods).toEqual(['ani']);
    await settle();
    expect(api.calls.map((c) => c.kind)).toEqual(['identify', 'prior', 'challenge']); // the look-up goes out first, beside the check
  });

  it('never stores the expected answers of a caller-answer challenge', async () => {
    await handleMessage(callDetected(), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    (await api.take('identify')).respond({ candidates: [alice], attemptsRemaining: 3 });
    (await api.take('challenge')).respond(CHALLENGE_BODY);
    const ix = await waitForStep('verify');
    const challenge = (ix.flow.step as Extract<Step, { name: 'verify' }>).challenge;
    expect(challenge.required).toEqual([
      { id: 'dob', label: 'Date of birth', inputKind: 'date' },
      { id: 'postcode', label: 'Postcode', inputKind: 'text' },
    ]);
    expect(challenge.additional).toEqual([{ id: 'pet', label: 'First pet', inputKind: 'text' }]);
    const everything = JSON.stringify(await browser.storage.session.get(null));
    for (const secret of ['1980-01-01', 'SW1A 1AA', 'Rex']) expect(everything).not.toContain(secret);
  });

  it('keeps expected values in agent-judged mode (the agent needs them)', async () => {
    await browser.storage.local.set({ options: { verification: { mode: 'agent-judged' } } });
    await handleMessage(callDetected(), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    (await api.take('identify')).respond({ candidates: [alice], attemptsRemaining: 3 });
    const challenge = await api.take('challenge');
    expect(challenge.body).toMatchObject({ mode: 'agent-judged' });
    challenge.respond({ ...CHALLENGE_BODY, mode: 'agent-judged' });
    const ix = await waitForStep('verify');
    expect((ix.flow.step as Extract<Step, { name: 'verify' }>).challenge.required[0]).toMatchObject({ expected: '1980-01-01' });
  });

  it('a verified prior result (IVR) ends the flow; the look-up sent beside the check is not used', async () => {
    await handleMessage(callDetected(), contentSender());
    (await api.take('prior')).respond({
      status: 'verified',
      customerId: 'C-1001',
      displayName: 'Alice Example',
      verifiedBy: 'ivr',
      updatedAt: '2026-01-01T00:00:00Z',
      verifiedAt: '2026-01-01T00:00:00Z',
      verifiedSecondsAgo: 20,
      aniMatch: true,
    });
    const ix = await waitForStep('verified');
    expect(ix.flow).toMatchObject({ customer: { customerId: 'C-1001', displayName: 'Alice Example' }, verifiedBy: 'ivr', customerVerified: true });
    expect(await badgeText()).toBe('✓');
    // The finished call is recorded and sent as one result record (ids and outcome only).
    const result = await api.take('result');
    expect(result.url).toBe(`${API}/v1/interactions/${IX}`);
    expect(result.body).toMatchObject({ interactionId: IX, outcome: 'verified', customerId: 'C-1001', verifiedBy: 'ivr', adapterId: 'salesforce-voicecall' });
    await settle();
    expect(api.calls.map((c) => c.kind)).toEqual(['identify', 'prior', 'result']);
    expect((await getIx())?.flow.customer).toMatchObject({ customerId: 'C-1001' });
  });

  it('the panel gets the customer named ahead as its write goes out, not after storage answers', async () => {
    await handleMessage(callDetected(), contentSender());
    const prior = await api.take('prior');
    const push = vi.spyOn(panels, 'push');
    const set = browser.storage.session.set.bind(browser.storage.session);
    let release: (() => void) | undefined;
    vi.spyOn(browser.storage.session, 'set').mockImplementation(async (items) => {
      const ix = Object.values(items)[0] as Interaction | undefined;
      if (ix?.lookAhead) await new Promise<void>((r) => (release = r)); // the browser process is slow to answer
      await set(items);
    });
    (await api.take('identify')).respond({ candidates: [alice], attemptsRemaining: 3 });
    await vi.waitFor(() => expect(release).toBeTypeOf('function'), FAST);
    expect(push.mock.calls.map((c) => c[0].lookAhead)).toContainEqual(alice);
    expect((await getIx())?.lookAhead).toBeUndefined();
    release?.();
    await vi.waitFor(async () => expect((await getIx())?.lookAhead).toEqual(alice), FAST);
    prior.respond(...NO_PRIOR);
    await api.take('challenge');
  });

  it('a customer named ahead gives way to the one a verified prior result names (and the look-ahead is dropped)', async () => {
    await handleMessage(callDetected(), contentSender());
    const prior = await api.take('prior');
    (await api.take('identify')).respond({ candidates: [bob], attemptsRemaining: 3 });
    await vi.waitFor(async () => expect((await getIx())?.lookAhead).toEqual(bob), FAST);
    prior.respond({ status: 'verified', customerId: 'C-1001', displayName: 'Alice Example', verifiedBy: 'ivr', updatedAt: '2026-01-01T00:00:00Z', verifiedAt: '2026-01-01T00:00:00Z', verifiedSecondsAgo: 20, aniMatch: true });
    const ix = await waitForStep('verified');
    expect(ix.flow.customer).toMatchObject({ customerId: 'C-1001' });
    expect(ix.lookAhead).toBeUndefined();
  });

  it('nothing is named ahead when the prior check answers first, or the look-up finds several customers', async () => {
    const named: unknown[] = [];
    browser.storage.session.onChanged.addListener((changes) => {
      for (const c of Object.values(changes)) if ((c.newValue as Interaction | undefined)?.lookAhead) named.push(c.newValue);
    });
    await handleMessage(callDetected(), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    await settle();
    (await api.take('identify')).respond({ candidates: [alice], attemptsRemaining: 3 });
    expect((await waitForStep('challenging')).flow.customer).toEqual(alice);
    await settle();
    expect(named).toEqual([]); // the check was in: the look-up's answer goes straight into the flow, no extra write
    fakeBrowser.reset();
    forgetInteractions();
    api = mockApi();
    await handleMessage(callDetected(), contentSender());
    const prior = await api.take('prior');
    (await api.take('identify')).respond({ candidates: [alice, bob], attemptsRemaining: 3 });
    await settle();
    expect(await getIx()).toMatchObject({ flow: { step: { name: 'checking_prior' } } });
    expect((await getIx())?.lookAhead).toBeUndefined();
    prior.respond(...NO_PRIOR);
    expect((await waitForStep('choose')).lookAhead).toBeUndefined();
  });

  it('a failing prior check does not block the call: the lookup goes ahead', async () => {
    await handleMessage(callDetected(), contentSender());
    (await api.take('prior')).respond({ error: { code: 'internal', message: 'down' } }, 500);
    const identify = await api.take('identify');
    expect(identify.body).toMatchObject({ method: 'ani' });
    identify.respond({ candidates: [], attemptsRemaining: 3 });
    expect((await waitForStep('search')).flow.step).toEqual({ name: 'search', reason: 'no_match' });
  });

  it('several candidates → choose; panel.select asks for that customer\'s questions', async () => {
    await handleMessage(callDetected(), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    (await api.take('identify')).respond({ candidates: [alice, bob], attemptsRemaining: 3 });
    expect((await waitForStep('choose')).flow.step).toEqual({ name: 'choose', candidates: [alice, bob] });
    expect(await badgeText()).toBe('?');
    expect(await panel('panel.select', { customerId: bob.customerId })).toEqual({ ok: true });
    const challenge = await api.take('challenge');
    expect(challenge.body).toMatchObject({ customerId: bob.customerId });
  });

  it('no match → search; panel.search runs a manual lookup', async () => {
    await handleMessage(callDetected(), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    (await api.take('identify')).respond({ candidates: [], attemptsRemaining: 3 });
    await waitForStep('search');
    expect(await panel('panel.search', { method: 'accountNumber', value: ' 12345678 ' })).toEqual({ ok: true });
    const identify = await api.take('identify');
    // A manual look-up carries the caller's number: a miss counts against it (risk).
    expect(identify.body).toEqual({ interactionId: IX, method: 'accountNumber', value: '12345678', ani: NUMBER.e164 });
  });

  it('an API failure → error with the failure kind, ready to retry', async () => {
    await handleMessage(callDetected(), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    (await api.take('identify')).respond({ error: { code: 'internal', message: 'db down' } }, 503);
    const ix = await waitForStep('error');
    expect(ix.flow.step).toMatchObject({ error: { kind: 'server_error', status: 503 }, retry: { name: 'identifying' } });
    expect(ix.pendingSince).toBeUndefined();
  });

  it.each([
    ['a withheld number', 'Anonymous', 'withheld'],
    ['a SIP anonymous URI', '"Anonymous" <sip:anonymous@anonymous.invalid>', 'withheld'],
    ['no number (null)', null, 'no_number'],
    ['an unreadable number', 'call back later', 'invalid_number'],
  ])('%s → search after the prior check, without a lookup', async (_label, rawAni, reason) => {
    expect(await handleMessage(callDetected({ rawAni }), contentSender())).toEqual({ ok: true, interactionId: IX, panel: DEFAULT_PANEL_LAYOUT });
    (await api.take('prior')).respond(...NO_PRIOR);
    expect((await waitForStep('search')).flow.step).toEqual({ name: 'search', reason });
    await settle();
    expect(api.of('identify')).toHaveLength(0);
    expect(await badgeText()).toBe('?');
  });

  it('a customer id the CRM shows is looked up instead of the number', async () => {
    await handleMessage(callDetected({ customerId: 'C-1001', aniTrust: { attestation: 'C' } }), contentSender());
    expect((await getIx())?.flow).toMatchObject({ entry: { customerId: 'C-1001' }, aniTrust: { attestation: 'C' } });
    (await api.take('prior')).respond(...NO_PRIOR);
    expect((await api.take('identify')).body).toMatchObject({ method: 'customerId', value: 'C-1001' });
  });

  it('passes the ANI trust on to the challenge', async () => {
    await handleMessage(callDetected({ aniTrust: { attestation: 'C' } }), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    (await api.take('identify')).respond({ candidates: [alice], attemptsRemaining: 3 });
    expect((await api.take('challenge')).body).toMatchObject({ aniTrust: { attestation: 'C' } });
  });

  it('uses the managed policy and the agent options (region, API URL, flow config)', async () => {
    await browser.storage.local.set({ options: { defaultRegion: 'GB', apiBaseUrl: 'https://options.example.com', identification: { aniLookup: true } } });
    await fakeBrowser.storage.managed.set({ apiBaseUrl: 'https://policy.example.com', identification: { maxAttempts: 5 } });
    await handleMessage(callDetected({ rawAni: '020 7946 0958' }), contentSender());
    expect((await getIx())?.flow.config.maxIdentifyAttempts).toBe(5);
    const prior = await api.take('prior');
    expect(prior.url).toBe(`https://policy.example.com/v1/interactions/${IX}?ani=%2B442079460958`);
    prior.respond(...NO_PRIOR);
    expect((await api.take('identify')).body).toMatchObject({ value: '+442079460958' });
  });

  it('ANI lookup switched off by policy → search without a lookup', async () => {
    await fakeBrowser.storage.managed.set({ identification: { aniLookup: false } });
    await handleMessage(callDetected(), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    expect((await waitForStep('search')).flow.step).toEqual({ name: 'search', reason: 'ani_lookup_off' });
    await settle();
    expect(api.of('identify')).toHaveLength(0);
  });

  it('an invalid apiBaseUrl in the options is ignored (defaults apply) instead of breaking detection', async () => {
    await browser.storage.local.set({ options: { apiBaseUrl: 'not a url' } });
    await expect(handleMessage(callDetected(), contentSender())).resolves.toEqual({ ok: true, interactionId: IX, panel: DEFAULT_PANEL_LAYOUT });
    expect((await api.take('prior')).url).toBe(`${API}/v1/interactions/${IX}?ani=%2B14155550100`);
  });
});

describe('the same call detected again', () => {
  it('does not restart the flow or call the API again while a call is in flight', async () => {
    await handleMessage(callDetected(), contentSender());
    const prior = await api.take('prior');
    const first = await getIx();
    await handleMessage(callDetected(), contentSender());
    await handleMessage(callDetected({ rawAni: '4155550100' }), contentSender()); // same number, other format
    await settle();
    expect(api.fn).toHaveBeenCalledTimes(2); // the prior check and the look-up beside it
    expect(await getIx()).toEqual(first);
    prior.respond(...NO_PRIOR);
    await api.take('identify');
  });

  it('does not call the API twice when both detections arrive at once', async () => {
    const replies = await Promise.all([handleMessage(callDetected(), contentSender()), handleMessage(callDetected(), contentSender())]);
    expect(replies).toEqual([
      { ok: true, interactionId: IX, panel: DEFAULT_PANEL_LAYOUT },
      { ok: true, interactionId: IX, panel: DEFAULT_PANEL_LAYOUT },
    ]);
    await settle();
    expect(api.fn).toHaveBeenCalledTimes(2); // the prior check and the look-up beside it, once
  });

  it('keeps a finished result when detected again later', async () => {
    await handleMessage(callDetected({ rawAni: null }), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    const before = await waitForStep('search');
    expect(await handleMessage(callDetected({ rawAni: null }), contentSender())).toEqual({ ok: true, interactionId: IX, panel: DEFAULT_PANEL_LAYOUT });
    await settle();
    expect(await getIx()).toEqual(before);
    expect(api.fn).toHaveBeenCalledTimes(1);
  });

  it('keeps the flow when the page briefly shows no number for a call that had one', async () => {
    await storeIx({ name: 'verify', challenge: CHALLENGE_BODY as Challenge }, { customer: alice });
    await handleMessage(callDetected({ rawAni: null }), contentSender());
    await settle();
    expect((await getIx())?.flow.step.name).toBe('verify');
    expect(api.fn).not.toHaveBeenCalled();
  });

  it('follows the call to another tab without restarting it', async () => {
    const before = await storeIx({ name: 'verify', challenge: CHALLENGE_BODY as Challenge }, { customer: alice });
    await handleMessage(callDetected(), contentSender({ tab: tab(9) }));
    expect(await getIx()).toMatchObject({ tabId: 9, frameId: 0, flow: before.flow, startedAt: before.startedAt });
    await settle();
    expect(api.fn).not.toHaveBeenCalled();
  });

  it('restarts the flow (keeping startedAt) when the number changes', async () => {
    const before = await storeIx({ name: 'verify', challenge: CHALLENGE_BODY as Challenge }, { customer: alice });
    await handleMessage(callDetected({ rawAni: '+1 415 555 0199' }), contentSender());
    const after = await getIx();
    expect(after?.flow.step).toEqual({ name: 'checking_prior' });
    expect(after?.flow.entry.aniE164).toBe('+14155550199');
    expect(after?.flow.customer).toBeUndefined();
    expect(after?.startedAt).toBe(before.startedAt);
    (await api.take('prior')).respond(...NO_PRIOR);
    expect((await api.take('identify')).body).toMatchObject({ value: '+14155550199' });
  });

  it('restarts a withheld call when a number appears', async () => {
    await storeIx({ name: 'search', reason: 'withheld' }, {}, { ani: { kind: 'withheld', raw: 'Private' } });
    await handleMessage(callDetected(), contentSender());
    expect((await getIx())?.flow.entry.aniE164).toBe('+14155550100');
    (await api.take('prior')).respond(...NO_PRIOR);
    await api.take('identify');
  });

  it('a new call in the same tab records the unfinished previous one (and only that one)', async () => {
    await storeIx({ name: 'search', reason: 'withheld' }, {}, { shownAt: 1 } as Partial<Interaction>);
    await browser.storage.session.set({ [interactionKey('other-tab-ix')]: { ...(await getIx()), id: 'other-tab-ix', tabId: 99 } });
    const next = 'IX-NEXT-CALL';
    const t0 = Date.now();
    expect(await handleMessage(callDetected({ interactionId: next }), contentSender())).toEqual({ ok: true, interactionId: next, panel: DEFAULT_PANEL_LAYOUT });
    // The new call's look-ups go out first; the old call is recorded once they are answered (not after the 1 s cap).
    const prior = await api.take('prior');
    expect(prior.url).toBe(`${API}/v1/interactions/${next}?ani=%2B14155550100`);
    const lookup = await api.take('identify');
    await settle();
    expect(api.of('result')).toHaveLength(0);
    prior.respond(...NO_PRIOR);
    lookup.respond({ candidates: [alice], attemptsRemaining: 3 });
    const result = await api.take('result');
    expect(Date.now() - t0).toBeLessThan(AFTER_FIRST_CAP_MS);
    expect(result.url).toBe(`${API}/v1/interactions/${IX}`);
    expect(result.body).toMatchObject({ interactionId: IX, outcome: 'not_identified' });
    expect((await getIx())?.endedAt).toBeTypeOf('number');
    expect((await getIx('other-tab-ix'))?.endedAt).toBeUndefined();
    await settle();
    expect(api.of('result')).toHaveLength(1);
  });

  it('a call the agent never saw (no panel hello) is replaced without an abandoned record; a tab keeps 5 calls', async () => {
    await storeIx({ name: 'search', reason: 'withheld' });
    for (let i = 1; i <= 7; i++) {
      await handleMessage(callDetected({ interactionId: `IX-FLOOD-${i}` }), contentSender());
      // Calls started in the same millisecond have no order to keep: a tab keeps 5 of them, which 5 is open.
      await new Promise((r) => setTimeout(r, 2));
    }
    // Nothing answers these calls' look-ups: the tab's older calls are dealt with once the first answer's wait is over.
    await new Promise((r) => setTimeout(r, AFTER_FIRST_CAP_MS));
    await vi.waitFor(async () => {
      const kept = Object.keys(await browser.storage.session.get(null)).filter((k) => k.startsWith('ix:'));
      expect(kept.sort()).toEqual([3, 4, 5, 6, 7].map((i) => interactionKey(`IX-FLOOD-${i}`)).sort());
    }, { timeout: 3000 });
    expect(api.of('result')).toHaveLength(0);
  });

  it('never shows the answer for a superseded number on the new number', async () => {
    await handleMessage(callDetected(), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    const oldLookup = await api.take('identify'); // +14155550100, still in flight
    // The number on the page changes; the new call gets to its own lookup.
    await handleMessage(callDetected({ rawAni: '+1 415 555 0199' }), contentSender());
    (await api.take('prior')).respond(...NO_PRIOR);
    const newLookup = await api.take('identify');
    expect(newLookup.body).toMatchObject({ value: '+14155550199' });
    oldLookup.respond({ candidates: [alice], attemptsRemaining: 3 }); // Alice owns the OLD number
    await settle();
    newLookup.respond({ candidates: [bob], attemptsRemaining: 3 });
    await settle();
    const ix = await getIx();
    expect(ix?.flow.customer).toEqual(bob);
  });
});

describe('the number changes within the millisecond the call was reported', () => {
  it('the first number\'s answers never land on the second (each report claims its look-up anew)', async () => {
    // A call read before its closed shadow roots were asked, then again with them: two reports of one call, a few
    // microseconds apart. Claims made in the same millisecond must still differ.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.now());
    await Promise.all([handleMessage(callDetected({ rawAni: '+1 415 555 0199' }), contentSender()), handleMessage(callDetected(), contentSender())]);
    const oldPrior = await api.take('prior');
    const oldLookup = await api.take('identify');
    expect(oldLookup.body).toMatchObject({ value: '+14155550199' });
    const newPrior = await api.take('prior');
    const newLookup = await api.take('identify');
    expect(newLookup.body).toMatchObject({ value: '+14155550100' });
    clock.mockRestore();
    oldPrior.respond(...NO_PRIOR);
    oldLookup.respond({ candidates: [bob], attemptsRemaining: 3 }); // Bob owns the superseded number
    await settle();
    expect((await getIx())?.flow.customer).toBeUndefined();
    newPrior.respond(...NO_PRIOR);
    newLookup.respond({ candidates: [alice], attemptsRemaining: 3 });
    const ix = await vi.waitFor(async () => {
      const now = await getIx();
      expect(now?.flow.customer).toEqual(alice);
      return now;
    }, FAST);
    expect(ix?.flow.entry.aniE164).toBe('+14155550100');
  });
});

describe('a brand-new call: the look-up goes out while its claim is written', () => {
  /** Hold back every write of an interaction until `release()`. */
  function holdInteractionWrites() {
    const set = fakeBrowser.storage.session.set.bind(fakeBrowser.storage.session);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held: string[] = [];
    vi.spyOn(fakeBrowser.storage.session, 'set').mockImplementation(async (items: Record<string, unknown>) => {
      if (Object.keys(items).some((k) => k.startsWith('ix:'))) {
        held.push(...Object.keys(items));
        await gate;
      }
      return set(items);
    });
    return { release, held };
  }

  it('sends the prior check and the look-up before the first write lands; their answers apply only after it', async () => {
    const writes = holdInteractionWrites();
    const order: string[] = [];
    const mocked = globalThis.fetch;
    vi.stubGlobal('fetch', (...a: Parameters<typeof fetch>) => { order.push(`fetch ${writes.held.length} writes sent`); return mocked(...a); });
    const reply = handleMessage(callDetected(), contentSender());
    const prior = await api.take('prior');
    const identify = await api.take('identify');
    expect(writes.held).toEqual([interactionKey(IX)]); // the claim's write, still pending
    expect(order).toEqual(['fetch 1 writes sent', 'fetch 1 writes sent']); // and sent to storage before either request
    expect(await getIx()).toBeUndefined();
    identify.respond({ candidates: [alice], attemptsRemaining: 3 });
    prior.respond(...NO_PRIOR);
    await settle();
    expect(await getIx()).toBeUndefined(); // nothing is applied before the claim is stored
    writes.release();
    expect(await reply).toEqual({ ok: true, interactionId: IX, panel: DEFAULT_PANEL_LAYOUT });
    await api.take('challenge');
    expect((await getIx())?.flow.customer).toEqual(alice);
    expect(api.of('identify')).toHaveLength(1);
  });

  it('on a running worker, a new call reads no storage before its requests, nor before its answers are applied', async () => {
    const stop = watchSettingsSources(); // as the worker's start does
    try {
      await handleMessage(callDetected(), contentSender());
      (await api.take('prior')).respond(...NO_PRIOR);
      (await api.take('identify')).respond({ candidates: [alice], attemptsRemaining: 3 });
      await api.take('challenge');
      await settle();
      const reads = [vi.spyOn(fakeBrowser.storage.session, 'get'), vi.spyOn(fakeBrowser.storage.local, 'get'), vi.spyOn(fakeBrowser.storage.managed, 'get')];
      const next = '0LQ5g000000AbCdEAG';
      await handleMessage(callDetected({ interactionId: next, rawAni: '+44 20 7946 0018' }), contentSender());
      const prior = await api.take('prior');
      const identify = await api.take('identify');
      expect(reads.map((r) => r.mock.calls.length)).toEqual([0, 0, 0]);
      prior.respond(...NO_PRIOR);
      identify.respond({ candidates: [alice], attemptsRemaining: 3 });
      await vi.waitFor(async () => expect((await getIx(next))?.flow.customer).toEqual(alice), FAST);
      // Only this test's own check read storage (getIx): the answer was applied without a read.
      expect(reads[0]?.mock.calls.every(([key]) => key === interactionKey(next))).toBe(true);
      expect(reads.slice(1).map((r) => r.mock.calls.length)).toEqual([0, 0]);
    } finally {
      stop();
    }
  });

  it('a call already stored is not looked up before its write (the stored flow decides)', async () => {
    await storeIx({ name: 'engage' }, { customer: alice });
    const writes = holdInteractionWrites();
    const reply = handleMessage(callDetected({ rawAni: '+1 617-555-0188' }), contentSender()); // other number: a new flow
    await settle();
    expect(api.calls).toHaveLength(0);
    writes.release();
    await reply;
    await api.take('prior');
  });
});

describe('panel.hello', () => {
  it("reads no settings while the call's own look-up is in flight (nothing was left to resume)", async () => {
    await handleMessage(callDetected(), contentSender());
    await api.take('identify');
    const local = vi.spyOn(fakeBrowser.storage.local, 'get');
    const reply = await panel('panel.hello');
    expect(reply).toMatchObject({ ok: true, interaction: { id: IX, shownAt: expect.any(Number) } });
    expect(local).not.toHaveBeenCalled();
  });

  it('resumes a step whose claim a stopped worker left', async () => {
    await storeIx({ name: 'checking_prior' }, {}, { pendingSince: Date.now() - 60_000 });
    await panel('panel.hello');
    await api.take('prior');
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
    ['an unknown type', { type: 'call.transferred', interactionId: IX }],
    ['no type', { interactionId: IX }],
    ['a prototype key as type', { type: '__proto__' }],
    ['a "constructor" type', { type: 'constructor' }],
    ['a panel message from a content script', { type: 'panel.hello', interactionId: IX }],
    ['a panel action from a content script', { type: 'panel.select', interactionId: IX, customerId: 'C-1' }],
  ])('refuses %s as unknown-type', async (_label, raw) => {
    expect(await handleMessage(raw, contentSender())).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:unknown-type': 1 });
  });

  it('refuses malformed panel messages', async () => {
    expect(await handleMessage({ type: 'panel.hello' }, panelSender())).toBeUndefined();
    expect(await handleMessage({ type: 'panel.retry', interactionId: IX, force: true }, panelSender())).toBeUndefined();
    expect(await handleMessage({ type: 'panel.search', interactionId: IX, method: 'ani', value: '+1' }, panelSender())).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:malformed': 3 });
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
    await storeIx({ name: 'search', reason: 'withheld' });
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
    expect(await handleMessage({ type: 'panel.hello', interactionId: IX }, panelSender(null))).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1 });
  });

  it('refuses an interaction that does not exist', async () => {
    expect(await handleMessage({ type: 'panel.hello', interactionId: 'unknown-ix' }, panelSender())).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1 });
  });

  it.each<[string, Partial<Sender>]>([
    ['another extension id', { id: 'other-extension' }],
    ['a web page URL', { url: CRM_URL }],
    ['a web page whose URL contains the panel URL', { url: 'https://evil.example.com/?u=chrome-extension://test-extension-id/panel.html' }],
    ['another page of the extension', { url: 'chrome-extension://test-extension-id/options.html' }],
    ['no URL', { url: undefined }],
  ])('is not taken as the panel from %s', async (_label, over) => {
    const sender = panelSender();
    for (const [k, v] of Object.entries(over)) (sender as Record<string, unknown>)[k] = v;
    expect(await handleMessage({ type: 'panel.hello', interactionId: IX }, sender)).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:unknown-type': 1 });
  });

  it('no panel action is accepted from another tab', async () => {
    for (const [type, extra] of [
      ['panel.retry', {}],
      ['panel.search', { method: 'lastName', value: 'Example' }],
      ['panel.optOut', { reason: 'urgent' }],
      ['panel.representative', { on: true }],
      ['panel.verify', { answers: [] }],
      ['panel.openRecord', {}],
    ] as const) {
      expect(await handleMessage({ type, interactionId: IX, ...extra }, panelSender(8))).toBeUndefined();
    }
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 6 });
    expect((await getIx())?.flow.step).toEqual({ name: 'search', reason: 'withheld' });
    expect(api.fn).not.toHaveBeenCalled();
  });
});

describe('resuming and retrying', () => {
  const stale = () => Date.now() - DEFAULT_SETTINGS.apiTimeoutMs - 5000;
  const identifying: Step = { name: 'identifying', method: 'ani', value: '+14155550100', auto: true };

  it('panel.hello resumes a lookup a stopped worker left stale', async () => {
    await storeIx(identifying, {}, { pendingSince: stale() });
    expect(await panel('panel.hello')).toMatchObject({ ok: true });
    (await api.take('identify')).respond({ candidates: [], attemptsRemaining: 3 });
    await waitForStep('search');
  });

  it('panel.hello does not start a second lookup while one is recent', async () => {
    await storeIx(identifying, {}, { pendingSince: Date.now() - 1000 });
    await panel('panel.hello');
    await settle();
    expect(api.fn).not.toHaveBeenCalled();
  });

  it('panel.hello turns a verify call a stopped worker left behind into "answer again"', async () => {
    const challenge = CHALLENGE_BODY as Challenge;
    await storeIx({ name: 'verifying', challenge }, { customer: alice }, { pendingSince: stale() });
    const reply = (await panel('panel.hello')) as { ok: boolean; interaction: Interaction };
    expect(reply.interaction.flow.step).toEqual({ name: 'verify', challenge, notice: 'resubmit' });
    expect((await getIx())?.flow.step).toEqual({ name: 'verify', challenge, notice: 'resubmit' });
    await settle();
    expect(api.fn).not.toHaveBeenCalled();
  });

  it('panel.hello leaves a recent verify call alone', async () => {
    const challenge = CHALLENGE_BODY as Challenge;
    await storeIx({ name: 'verifying', challenge }, { customer: alice }, { pendingSince: Date.now() - 500 });
    await panel('panel.hello');
    expect((await getIx())?.flow.step.name).toBe('verifying');
  });

  it('runPendingStep claims a call only once', async () => {
    await storeIx(identifying);
    const runs = Promise.all([runPendingStep(IX), runPendingStep(IX)]);
    (await api.take('identify')).respond({ candidates: [], attemptsRemaining: 1 });
    await runs;
    expect(api.fn).toHaveBeenCalledTimes(1);
    expect((await getIx())?.flow.step).toEqual({ name: 'search', reason: 'no_match' });
  });

  it('runPendingStep does nothing for an unknown interaction or a step without a call', async () => {
    await runPendingStep('nobody');
    await storeIx({ name: 'search', reason: 'withheld' });
    await runPendingStep(IX);
    expect(api.fn).not.toHaveBeenCalled();
    expect(await interactionKeys()).toEqual([interactionKey(IX)]);
  });

  it('panel.retry after a network error runs the lookup again', async () => {
    await storeIx(identifying);
    void runPendingStep(IX);
    (await api.take('identify')).fail(new TypeError('Failed to fetch'));
    const failed = await waitForStep('error');
    expect(failed.flow.step).toMatchObject({ error: { kind: 'offline' } });

    expect(await panel('panel.retry')).toEqual({ ok: true });
    const again = await api.take('identify');
    expect(again.body).toEqual(api.of('identify')[0]!.body);
    expect(again.headers.get('x-request-id')).not.toBe(api.of('identify')[0]!.headers.get('x-request-id'));
    again.respond({ candidates: [alice], attemptsRemaining: 3 });
    await api.take('challenge');
    expect(await badgeText()).toBe('ID');
  });

  it('panel.retry when nothing failed changes nothing and calls nothing', async () => {
    const before = await storeIx({ name: 'search', reason: 'withheld' });
    expect(await panel('panel.retry')).toEqual({ ok: true });
    await settle();
    expect((await getIx())?.flow).toEqual(before.flow);
    expect(api.fn).not.toHaveBeenCalled();
  });
});

describe('panel actions', () => {
  const challenge = CHALLENGE_BODY as Challenge;

  it('panel.verify sends the answers, never stores them, and ends verified', async () => {
    await storeIx({ name: 'verify', challenge }, { customer: alice });
    const answers = [
      { questionId: 'dob', answer: '1970-12-31' },
      { questionId: 'postcode', answer: 'N1 9GU' },
    ];
    const pending = panel('panel.verify', { answers });
    const call = await api.take('verify');
    expect(call.body).toEqual({ interactionId: IX, challengeId: 'ch-1', answers });
    expect((await getIx())?.flow.step.name).toBe('verifying');
    call.respond({ outcome: 'verified', attemptsRemaining: 2 });
    expect(await pending).toEqual({ ok: true });
    const ix = await waitForStep('verified');
    expect(ix.flow).toMatchObject({ customerVerified: true, verifiedBy: 'agent', factorsPassed: ['dob', 'postcode', 'pet'] });
    expect(await badgeText()).toBe('✓');
    const everything = JSON.stringify(await browser.storage.session.get(null)) + JSON.stringify(await browser.storage.local.get(null));
    expect(everything).not.toContain('1970-12-31');
    expect(everything).not.toContain('N1 9GU');
  });

  it('panel.verify with marks records only the passed questions', async () => {
    await storeIx({ name: 'verify', challenge: { ...challenge, mode: 'agent-judged' } }, { customer: alice });
    const marks = [
      { questionId: 'dob', passed: true },
      { questionId: 'postcode', passed: false },
    ];
    const pending = panel('panel.verify', { marks });
    const call = await api.take('verify');
    expect(call.body).toEqual({ interactionId: IX, challengeId: 'ch-1', marks });
    call.respond({ outcome: 'verified', attemptsRemaining: 2 });
    await pending;
    expect((await waitForStep('verified')).flow.factorsPassed).toEqual(['dob']);
  });

  it('a failed verify asks for new questions', async () => {
    await storeIx({ name: 'verify', challenge }, { customer: alice });
    const pending = panel('panel.verify', { answers: [{ questionId: 'dob', answer: 'x' }] });
    (await api.take('verify')).respond({ outcome: 'failed', attemptsRemaining: 2 });
    const next = await api.take('challenge');
    expect(next.body).toMatchObject({ customerId: alice.customerId });
    expect((await getIx())?.flow).toMatchObject({ verifyFailures: 1, step: { name: 'challenging', notice: 'failed_attempt' } });
    next.respond(CHALLENGE_BODY);
    expect(await pending).toEqual({ ok: true });
    expect((await waitForStep('verify')).flow.step).toMatchObject({ notice: 'failed_attempt' });
  });

  it('a locked answer stops the flow with the time the server gave', async () => {
    await storeIx({ name: 'verify', challenge }, { customer: alice });
    const pending = panel('panel.verify', { answers: [] });
    (await api.take('verify')).respond({ error: { code: 'locked', message: 'locked', lockedUntil: '2030-01-01T00:00:00Z' } }, 423);
    await pending;
    expect((await waitForStep('stop')).flow.step).toEqual({ name: 'stop', why: 'locked', lockedUntil: '2030-01-01T00:00:00Z' });
  });

  it('panel.verify outside the verify step sends nothing', async () => {
    await storeIx({ name: 'search', reason: 'withheld' });
    expect(await panel('panel.verify', { answers: [{ questionId: 'dob', answer: 'x' }] })).toEqual({ ok: true });
    await settle();
    expect(api.fn).not.toHaveBeenCalled();
  });

  it('panel.optOut and panel.representative update the flow', async () => {
    await storeIx({ name: 'search', reason: 'withheld' });
    expect(await panel('panel.representative', { on: true })).toEqual({ ok: true });
    expect((await getIx())?.flow.actingFor).toBe(true);
    expect(await panel('panel.optOut', { reason: 'urgent' })).toEqual({ ok: true });
    expect((await getIx())?.flow.step).toEqual({ name: 'opted_out', reason: 'urgent' });
  });

  it('a finished call arms the outbox alarm before its PUT is sent (a worker stopped mid-PUT still syncs)', async () => {
    await storeIx({ name: 'search', reason: 'withheld' });
    const create = vi.spyOn(browser.alarms, 'create');
    expect(await panel('panel.optOut', { reason: 'urgent' })).toEqual({ ok: true });
    await vi.waitFor(() => expect(api.of('result')).toHaveLength(1));
    const armed = create.mock.calls.findIndex(([name]) => name === 'results-outbox');
    expect(armed).toBeGreaterThanOrEqual(0);
    const putAt = api.fn.mock.invocationCallOrder[api.calls.indexOf(api.of('result')[0]!)]!;
    expect(create.mock.invocationCallOrder[armed]).toBeLessThan(putAt);
  });

  it('panel.openRecord opens the verified customer\'s record next to the call', async () => {
    await storeIx({ name: 'verified' }, { customer: { ...alice, customerId: '001/x?y' }, customerVerified: true });
    const create = vi.spyOn(browser.tabs, 'create');
    const reply = await panel('panel.openRecord');
    const url = `${ORIGIN}/lightning/r/Account/001%2Fx%3Fy/view`;
    expect(reply).toEqual({ ok: true, url });
    expect(create).toHaveBeenCalledWith({ url, openerTabId: TAB });
  });

  it('panel.openRecord refuses when the customer is not verified', async () => {
    await storeIx({ name: 'verify', challenge }, { customer: alice });
    const create = vi.spyOn(browser.tabs, 'create');
    expect(await panel('panel.openRecord')).toEqual({ ok: false });
    expect(create).not.toHaveBeenCalled();
  });
});

describe('background entrypoint wiring', () => {
  it('answers runtime messages through onMessage (refusals reply undefined and are counted)', async () => {
    const background = (await import('../../../../entrypoints/background/index.ts')).default as { main: () => void };
    // WXT's fake browser has no permissions events (custom-host script sync: custom-hosts.test.ts, e2e) and
    // no ports (panel state ports: panel-port.test.ts, e2e), no commands and no side panel (side-panel.test.ts, e2e).
    for (const event of [fakeBrowser.permissions.onAdded, fakeBrowser.permissions.onRemoved, fakeBrowser.runtime.onConnect, fakeBrowser.commands.onCommand]) vi.spyOn(event, 'addListener').mockImplementation(() => {});
    for (const fn of ['setOptions', 'setPanelBehavior'] as const) vi.spyOn(fakeBrowser.sidePanel, fn).mockResolvedValue(undefined);
    background.main();
    // The fake browser's sendMessage uses an empty sender: never one of ours, so always refused.
    expect(await browser.runtime.sendMessage(callDetected())).toBeUndefined();
    expect(await browser.runtime.sendMessage({ type: 'panel.hello', interactionId: IX })).toBeUndefined();
    expect(await browser.runtime.sendMessage('junk')).toBeUndefined();
    expect(await refusals()).toEqual({ 'stats:refused:bad-sender': 1, 'stats:refused:unknown-type': 1, 'stats:refused:malformed': 1 });
    expect(api.fn).not.toHaveBeenCalled();
  });
});
