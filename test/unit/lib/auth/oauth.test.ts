import { describe, expect, it } from 'vitest';
import { authorizeUrl, configKey, isFresh, parseRedirect, tokenRequest, type OAuthConfig } from '../../../../lib/auth/oauth.ts';

export const CFG: OAuthConfig = {
  type: 'oauth2-pkce', authorizeUrl: 'https://idp.example.com/authorize?tenant=t1', tokenUrl: 'https://idp.example.com/token',
  clientId: 'caller-verify', scopes: ['verify', 'results'],
};
const REDIRECT = 'https://obhgfolkgmigngjcmhikpnhclpppcnek.chromiumapp.org/';

describe('authorize URL', () => {
  it('carries code, client, redirect, scopes, state and the S256 challenge, keeping the URL\'s own query', () => {
    const url = new URL(authorizeUrl(CFG, { redirectUri: REDIRECT, state: 'st', challenge: 'ch' }));
    expect(url.origin + url.pathname).toBe('https://idp.example.com/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 't1', response_type: 'code', client_id: 'caller-verify', redirect_uri: REDIRECT, scope: 'verify results',
      state: 'st', code_challenge: 'ch', code_challenge_method: 'S256',
    });
  });

  it('configKey ignores scope order but not the client', () => {
    expect(configKey({ ...CFG, scopes: ['results', 'verify'] })).toBe(configKey(CFG));
    expect(configKey({ ...CFG, clientId: 'other' })).not.toBe(configKey(CFG));
  });
});

describe('parseRedirect', () => {
  it('returns the code when the state matches', () => {
    expect(parseRedirect(`${REDIRECT}?code=abc&state=s1`, REDIRECT, 's1')).toEqual({ ok: true, value: 'abc' });
    expect(parseRedirect(`${REDIRECT}#code=abc&state=s1`, REDIRECT, 's1')).toEqual({ ok: true, value: 'abc' });
  });

  it.each([
    ['a wrong state', `${REDIRECT}?code=abc&state=s2`, /state/],
    ['no state', `${REDIRECT}?code=abc`, /state/],
    ['no code', `${REDIRECT}?state=s1`, /no authorization code/],
    ['another host', 'https://evil.example.com/?code=abc&state=s1', /another address/],
    ['garbage', 'not a url', /unreadable/],
  ])('refuses %s (signIn failed)', (_l, url, detail) => {
    const r = parseRedirect(url, REDIRECT, 's1');
    expect(r).toMatchObject({ ok: false, error: { kind: 'unauthorised', signIn: 'failed' } });
    if (!r.ok) expect(r.error.detail).toMatch(detail);
  });

  it('an error answer with our state means "sign in again"', () => {
    const r = parseRedirect(`${REDIRECT}?error=login_required&error_description=Session+expired&state=s1`, REDIRECT, 's1');
    expect(r).toEqual({ ok: false, error: { kind: 'unauthorised', detail: 'Sign-in refused: login_required (Session expired)', signIn: 'required' } });
  });
});

const tokenFetch = (status: number, body: unknown, seen: URLSearchParams[] = []): typeof fetch =>
  (async (_u: string | URL | Request, init?: RequestInit) => {
    seen.push(new URLSearchParams(String(init?.body)));
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;

describe('tokenRequest', () => {
  it('posts the grant form-encoded with the client id and stores lifetime and refresh token', async () => {
    const seen: URLSearchParams[] = [];
    const r = await tokenRequest(CFG, { grant_type: 'authorization_code', code: 'c' }, {
      timeoutMs: 1000, now: 1_000_000, fetch: tokenFetch(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, refresh_token: 'rt' }, seen),
    });
    expect(Object.fromEntries(seen[0]!)).toEqual({ grant_type: 'authorization_code', code: 'c', client_id: 'caller-verify' });
    expect(r).toEqual({ ok: true, value: { config: configKey(CFG), accessToken: 'at', issuedAt: 1_000_000, expiresAt: 1_300_000, refreshToken: 'rt' } });
  });

  it('keeps the previous refresh token when the server does not rotate it; 1 h when expires_in is missing', async () => {
    const r = await tokenRequest(CFG, { grant_type: 'refresh_token' }, { timeoutMs: 1000, now: 0, previousRefreshToken: 'old', fetch: tokenFetch(200, { access_token: 'at', token_type: 'bearer' }) });
    expect(r).toMatchObject({ ok: true, value: { refreshToken: 'old', expiresAt: 3_600_000 } });
  });

  it.each([
    [400, { error: 'invalid_grant' }, { kind: 'unauthorised', signIn: 'required', status: 400 }],
    [401, { error: 'invalid_client' }, { kind: 'unauthorised', signIn: 'required', status: 401 }],
    [500, 'oops', { kind: 'server_error', signIn: 'failed', status: 500 }],
    [200, { access_token: 'at', token_type: 'mac' }, { kind: 'bad_response', signIn: 'failed' }],
    [200, '<html>', { kind: 'bad_response', signIn: 'failed' }],
  ])('HTTP %d %j → %j', async (status, body, error) => {
    const r = await tokenRequest(CFG, { grant_type: 'refresh_token' }, { timeoutMs: 1000, now: 0, fetch: tokenFetch(status, body) });
    expect(r).toMatchObject({ ok: false, error });
  });

  it('no network → offline, no answer → timeout (both signIn failed)', async () => {
    const down = (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch;
    expect(await tokenRequest(CFG, {}, { timeoutMs: 1000, now: 0, fetch: down })).toMatchObject({ ok: false, error: { kind: 'offline', signIn: 'failed' } });
    const stall = ((_u: unknown, init?: RequestInit) => new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch;
    expect(await tokenRequest(CFG, {}, { timeoutMs: 20, now: 0, fetch: stall })).toMatchObject({ ok: false, error: { kind: 'timeout', signIn: 'failed' } });
  });
});

describe('isFresh', () => {
  const t = (issuedAt: number, expiresAt: number) => ({ config: '', accessToken: 'a', issuedAt, expiresAt });
  it('renews 60 s before expiry, or at half-life for short-lived tokens', () => {
    expect(isFresh(t(0, 3_600_000), 3_539_000)).toBe(true);
    expect(isFresh(t(0, 3_600_000), 3_541_000)).toBe(false);
    expect(isFresh(t(0, 4000), 1999)).toBe(true);
    expect(isFresh(t(0, 4000), 2001)).toBe(false);
  });
});
