import { describe, expect, it } from 'vitest';
import { authorizeUrl, configKey, isFresh, newAuthRequest, parseRedirect, tokenRequest, type OAuthConfig } from '../../../../lib/auth/oauth.ts';

export const CFG: OAuthConfig = {
  type: 'oauth2-pkce', authorizeUrl: 'https://idp.example.com/authorize?tenant=t1', tokenUrl: 'https://idp.example.com/token',
  clientId: 'caller-verify', scopes: ['verify', 'results'],
};
const REDIRECT = 'https://obhgfolkgmigngjcmhikpnhclpppcnek.chromiumapp.org/';
// RFC 7636 appendix B: a code verifier and its S256 challenge.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('authorize URL', () => {
  it('carries code, client, redirect, scopes, state and the S256 challenge (RFC 7636 appendix B), keeping the URL\'s own query', async () => {
    const url = new URL(await authorizeUrl(CFG, { redirectUri: REDIRECT, state: 'st', verifier: RFC_VERIFIER }));
    expect(url.origin + url.pathname).toBe('https://idp.example.com/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 't1', response_type: 'code', client_id: 'caller-verify', redirect_uri: REDIRECT, scope: 'verify results',
      state: 'st', code_challenge: RFC_CHALLENGE, code_challenge_method: 'S256',
    });
  });

  it('each request has its own unguessable state and a 43-character verifier', () => {
    const requests = Array.from({ length: 100 }, () => newAuthRequest());
    expect(new Set(requests.flatMap((r) => [r.state, r.verifier])).size).toBe(200);
    for (const r of requests) expect(r.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('configKey ignores scope order but not the client', () => {
    expect(configKey({ ...CFG, scopes: ['results', 'verify'] })).toBe(configKey(CFG));
    expect(configKey({ ...CFG, clientId: 'other' })).not.toBe(configKey(CFG));
  });
});

describe('parseRedirect', () => {
  const codeOf = (r: ReturnType<typeof parseRedirect>) => (r.ok ? r.value.get('code') : r.error.detail);
  it('returns the code when the state matches', () => {
    expect(codeOf(parseRedirect(CFG, `${REDIRECT}?code=abc&state=s1`, REDIRECT, 's1'))).toBe('abc');
    expect(codeOf(parseRedirect(CFG, `${REDIRECT}#code=abc&state=s1`, REDIRECT, 's1'))).toBe('abc');
  });

  it('an iss parameter is not compared: the policy names no issuer (one server per policy, no mix-up)', () => {
    expect(codeOf(parseRedirect(CFG, `${REDIRECT}?code=abc&state=s1&iss=https%3A%2F%2Fidp.example.com%2Frealms%2Ft1`, REDIRECT, 's1'))).toBe('abc');
  });

  it.each([
    ['a wrong state', `${REDIRECT}?code=abc&state=s2`, /state/],
    ['no state', `${REDIRECT}?code=abc`, /state/],
    ['no code', `${REDIRECT}?state=s1`, /no authorization code/],
    ['an implicit-flow token', `${REDIRECT}?code=abc&state=s1&access_token=x&token=x`, /implicit/],
    ['another host', 'https://evil.example.com/?code=abc&state=s1', /another address/],
    ['garbage', 'not a url', /unreadable/],
  ])('refuses %s (signIn failed)', (_l, url, detail) => {
    const r = parseRedirect(CFG, url, REDIRECT, 's1');
    expect(r).toMatchObject({ ok: false, error: { kind: 'unauthorised', signIn: 'failed' } });
    if (!r.ok) expect(r.error.detail).toMatch(detail);
  });

  it('an error answer with our state means "sign in again"', () => {
    const r = parseRedirect(CFG, `${REDIRECT}?error=login_required&error_description=Session+expired&state=s1`, REDIRECT, 's1');
    expect(r).toEqual({ ok: false, error: { kind: 'unauthorised', detail: 'Sign-in refused: login_required (Session expired)', signIn: 'required' } });
  });
});

const tokenFetch = (status: number, body: unknown, seen: URLSearchParams[] = []): typeof fetch =>
  (async (_u: string | URL | Request, init?: RequestInit) => {
    seen.push(new URLSearchParams(String(init?.body)));
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;

describe('tokenRequest', () => {
  const callback = (code: string): URLSearchParams => {
    const r = parseRedirect(CFG, `${REDIRECT}?code=${code}&state=s1`, REDIRECT, 's1');
    if (!r.ok) throw new Error(r.error.detail);
    return r.value;
  };
  const refresh = { refreshToken: 'old' };

  it('posts the code exchange form-encoded with client id, redirect URI and verifier, and stores lifetime and refresh token', async () => {
    const seen: URLSearchParams[] = [];
    const r = await tokenRequest(CFG, { callback: callback('c'), redirectUri: REDIRECT, verifier: RFC_VERIFIER }, {
      timeoutMs: 1000, now: 1_000_000, fetch: tokenFetch(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, refresh_token: 'rt' }, seen),
    });
    expect(Object.fromEntries(seen[0]!)).toEqual({ grant_type: 'authorization_code', code: 'c', redirect_uri: REDIRECT, code_verifier: RFC_VERIFIER, client_id: 'caller-verify' });
    expect(r).toEqual({ ok: true, value: { config: configKey(CFG), accessToken: 'at', issuedAt: 1_000_000, expiresAt: 1_300_000, refreshToken: 'rt' } });
  });

  it('keeps the previous refresh token when the server does not rotate it; 1 h when expires_in is missing', async () => {
    const seen: URLSearchParams[] = [];
    const r = await tokenRequest(CFG, refresh, { timeoutMs: 1000, now: 0, fetch: tokenFetch(200, { access_token: 'at', token_type: 'bearer' }, seen) });
    expect(Object.fromEntries(seen[0]!)).toEqual({ grant_type: 'refresh_token', refresh_token: 'old', client_id: 'caller-verify' });
    expect(r).toMatchObject({ ok: true, value: { refreshToken: 'old', expiresAt: 3_600_000 } });
  });

  it('an id_token (openid scope) from an issuer the policy does not name is ignored, not refused', async () => {
    const idToken = ['{"alg":"RS256"}', '{"iss":"https://login.example.net/tenant/v2.0","aud":"caller-verify","sub":"a","iat":0,"exp":9e9}', 'sig']
      .map((part) => Buffer.from(part).toString('base64url')).join('.');
    for (const grant of [{ callback: callback('c'), redirectUri: REDIRECT, verifier: RFC_VERIFIER }, refresh]) {
      const r = await tokenRequest(CFG, grant, { timeoutMs: 1000, now: 0, fetch: tokenFetch(200, { access_token: 'at', token_type: 'Bearer', id_token: idToken }) });
      expect(r).toMatchObject({ ok: true, value: { accessToken: 'at' } });
    }
  });

  it.each([
    [400, { error: 'invalid_grant' }, { kind: 'unauthorised', signIn: 'required', status: 400, detail: 'Token endpoint: HTTP 400 invalid_grant' }],
    [401, { error: 'invalid_client' }, { kind: 'unauthorised', signIn: 'required', status: 401 }],
    [403, 'no', { kind: 'rejected', signIn: 'failed', status: 403 }],
    [500, 'oops', { kind: 'server_error', signIn: 'failed', status: 500, detail: 'Token endpoint: HTTP 500 error' }],
    [200, { access_token: 'at', token_type: 'mac' }, { kind: 'bad_response', signIn: 'failed' }],
    [200, { access_token: 'at', token_type: 'DPoP' }, { kind: 'bad_response', signIn: 'failed' }],
    [200, { access_token: 'at', token_type: 'Bearer', expires_in: 0 }, { kind: 'bad_response', signIn: 'failed' }],
    [200, { access_token: 'a'.repeat(8193), token_type: 'Bearer' }, { kind: 'bad_response', signIn: 'failed' }],
    [200, { access_token: '', token_type: 'Bearer' }, { kind: 'bad_response', signIn: 'failed' }],
    [200, '<html>', { kind: 'bad_response', signIn: 'failed', status: 200 }],
  ])('HTTP %d %j → %j', async (status, body, error) => {
    const r = await tokenRequest(CFG, refresh, { timeoutMs: 1000, now: 0, fetch: tokenFetch(status, body) });
    expect(r).toMatchObject({ ok: false, error });
  });

  it('no network → offline, no answer → timeout (both signIn failed)', async () => {
    const down = (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch;
    expect(await tokenRequest(CFG, refresh, { timeoutMs: 1000, now: 0, fetch: down })).toMatchObject({ ok: false, error: { kind: 'offline', signIn: 'failed' } });
    const stall = ((_u: unknown, init?: RequestInit) => new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch;
    expect(await tokenRequest(CFG, refresh, { timeoutMs: 20, now: 0, fetch: stall })).toMatchObject({ ok: false, error: { kind: 'timeout', signIn: 'failed' } });
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
