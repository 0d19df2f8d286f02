// The worker under `apiAuth: oauth2-pkce`: silent sign-in at the first call, the panel's Sign in button,
// the prior-status check waiting for a sign-in instead of being skipped, tokens only in storage.session.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleMessage } from '../../../../entrypoints/background/handlers.ts';
import { interactionKey } from '../../../../platform/storage.ts';
import type { Interaction } from '../../../../lib/interaction.ts';

const IX = '0LQ5g000000AuThEAF';
const ORIGIN = 'https://acme.lightning.force.com';
const CRM_URL = `${ORIGIN}/lightning/r/VoiceCall/${IX}/view`;
const TAB = 9;
const REDIRECT = 'https://obhgfolkgmigngjcmhikpnhclpppcnek.chromiumapp.org/';
const OAUTH = { type: 'oauth2-pkce', authorizeUrl: 'https://idp.example.com/authorize', tokenUrl: 'https://idp.example.com/token', clientId: 'cv', scopes: ['api'] };

const tab = { id: TAB, index: 0, active: true, pinned: false, highlighted: true, incognito: false } as Browser.tabs.Tab;
const contentSender: Browser.runtime.MessageSender = { id: browser.runtime.id, tab, frameId: 0, url: CRM_URL, origin: ORIGIN };
const panelSender = (): Browser.runtime.MessageSender => ({ id: browser.runtime.id, tab, frameId: 3, url: `${browser.runtime.getURL('/panel.html')}#ix=${IX}` });

const getIx = async (): Promise<Interaction | undefined> => (await browser.storage.session.get(interactionKey(IX)))[interactionKey(IX)] as Interaction | undefined;

let apiAuth: string[];
let launches: boolean[];
let silentOk: boolean;

beforeEach(async () => {
  fakeBrowser.reset();
  apiAuth = [];
  launches = [];
  silentOk = false;
  await browser.storage.local.set({ options: { apiAuth: OAUTH } });
  Object.assign(browser.identity, {
    getRedirectURL: () => REDIRECT,
    launchWebAuthFlow: async ({ url, interactive }: { url: string; interactive?: boolean }) => {
      launches.push(!!interactive);
      if (!interactive && !silentOk) throw new Error('User interaction required.');
      const q = new URL(url).searchParams;
      return `${q.get('redirect_uri')}?code=c-${launches.length}&state=${q.get('state')}`;
    },
  });
  vi.stubGlobal('fetch', vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.href === OAUTH.tokenUrl) return Response.json({ access_token: `at-${launches.length}`, token_type: 'Bearer', expires_in: 300, refresh_token: 'rt' });
    apiAuth.push(new Headers(init?.headers).get('authorization') ?? '');
    if (url.pathname.startsWith('/v1/interactions/')) return Response.json({ error: { message: 'none' } }, { status: 404 });
    return Response.json({ candidates: [], attemptsRemaining: 3 });
  }));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const detect = () => handleMessage({ type: 'call.detected', adapterId: 'salesforce-voicecall', interactionId: IX, rawAni: '+1 (415) 555-0100', pageUrl: CRM_URL }, contentSender);

describe('oauth2-pkce in the worker', () => {
  it('a silent sign-in at the first call: the API sees the bearer token; tokens only in storage.session', async () => {
    silentOk = true;
    await detect();
    await vi.waitFor(async () => expect((await getIx())?.flow.step.name).toBe('search'), { interval: 5, timeout: 2000 });
    expect(launches).toEqual([false]);
    expect(apiAuth.length).toBeGreaterThanOrEqual(2);
    expect(new Set(apiAuth)).toEqual(new Set(['Bearer at-1']));
    expect(JSON.stringify(await browser.storage.local.get(null))).not.toContain('at-1');
    expect(await browser.storage.session.get('auth:tokens')).toMatchObject({ 'auth:tokens': { accessToken: 'at-1', refreshToken: 'rt' } });
  });

  it('when the agent has to sign in, the prior check waits (not skipped) and nothing reaches the API', async () => {
    await detect();
    const ix = await vi.waitFor(async () => {
      const cur = await getIx();
      expect(cur?.signIn).toBeDefined();
      return cur as Interaction;
    }, { interval: 5, timeout: 2000 });
    expect(ix.flow.step.name).toBe('checking_prior');
    expect(ix.pendingSince).toBeUndefined();
    expect(ix.signIn).toMatchObject({ kind: 'unauthorised', signIn: 'required', detail: expect.stringContaining('User interaction required') });
    expect(apiAuth).toEqual([]);
  });

  it('the panel\'s Sign in runs the interactive flow, then the call resumes at the prior check', async () => {
    await detect();
    await vi.waitFor(async () => expect((await getIx())?.signIn).toBeDefined(), { interval: 5, timeout: 2000 });
    expect(await handleMessage({ type: 'panel.signIn', interactionId: IX }, panelSender())).toEqual({ ok: true });
    expect(launches).toEqual([false, true]);
    await vi.waitFor(async () => expect((await getIx())?.flow.step.name).toBe('search'), { interval: 5, timeout: 2000 });
    expect((await getIx())?.signIn).toBeUndefined();
    expect(apiAuth[0]).toBe('Bearer at-2');
  });

  it('a failed interactive sign-in is stored on the interaction for the panel to explain', async () => {
    await detect();
    await vi.waitFor(async () => expect((await getIx())?.signIn).toBeDefined(), { interval: 5, timeout: 2000 });
    Object.assign(browser.identity, { launchWebAuthFlow: async () => { throw new Error('The user did not approve access.'); } });
    expect(await handleMessage({ type: 'panel.signIn', interactionId: IX }, panelSender())).toEqual({ ok: false });
    expect((await getIx())?.signIn).toMatchObject({ signIn: 'required', detail: expect.stringContaining('did not approve') });
  });

  it('panel.signIn without an OAuth policy does nothing', async () => {
    silentOk = true;
    await detect();
    await browser.storage.local.set({ options: {} });
    expect(await handleMessage({ type: 'panel.signIn', interactionId: IX }, panelSender())).toEqual({ ok: false });
  });
});
