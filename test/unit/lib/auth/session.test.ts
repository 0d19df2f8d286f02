import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { requestJson } from '../../../../lib/api/client.ts';
import { accessToken, renewAfter401, signIn, SILENT_KEY, TOKENS_KEY, type AuthEnv } from '../../../../lib/auth/session.ts';
import type { OAuthConfig, Tokens } from '../../../../lib/auth/oauth.ts';

const CFG: OAuthConfig = { type: 'oauth2-pkce', authorizeUrl: 'https://idp.test/authorize', tokenUrl: 'https://idp.test/token', clientId: 'cv', scopes: ['api'] };
const REDIRECT = 'https://ext.chromiumapp.org/';

/** An in-process authorization server: launch() answers the authorize URL, fetch() is its token endpoint. */
function fakeIdp(opts: { expiresIn?: number; wrongState?: boolean; silentNeedsUser?: boolean; tokenStatus?: number; refreshStatus?: number } = {}) {
  const codes = new Map<string, string>(); // code → challenge
  const refreshTokens = new Set<string>();
  const log = { launches: [] as boolean[], exchanges: 0, refreshes: 0 };
  let n = 0;
  const store = new Map<string, unknown>();
  let now = 1_000_000;
  const env: AuthEnv = {
    config: CFG, redirectUri: REDIRECT, timeoutMs: 1000, now: () => now,
    store: { get: async (k) => structuredClone(store.get(k)), set: async (k, v) => void store.set(k, structuredClone(v)), remove: async (k) => void store.delete(k) },
    launch: async (url, interactive) => {
      log.launches.push(interactive);
      await new Promise((r) => setTimeout(r, 5));
      if (opts.silentNeedsUser && !interactive) throw new Error('User interaction required.');
      const q = new URL(url).searchParams;
      expect(q.get('code_challenge_method')).toBe('S256');
      const code = `code-${++n}`;
      codes.set(code, q.get('code_challenge') as string);
      return `${q.get('redirect_uri')}?code=${code}&state=${opts.wrongState ? 'forged' : q.get('state')}`;
    },
    fetch: (async (_u: string | URL | Request, init?: RequestInit) => {
      const form = new URLSearchParams(String(init?.body));
      await new Promise((r) => setTimeout(r, 5));
      const issue = () => {
        const rt = `rt-${++n}`;
        refreshTokens.add(rt);
        return Response.json({ access_token: `at-${++n}`, token_type: 'Bearer', expires_in: opts.expiresIn ?? 300, refresh_token: rt });
      };
      if (form.get('grant_type') === 'authorization_code') {
        log.exchanges++;
        if (opts.tokenStatus) return Response.json({ error: 'server_error' }, { status: opts.tokenStatus });
        const challenge = codes.get(form.get('code') as string);
        codes.delete(form.get('code') as string);
        const ok = challenge && challenge === createHash('sha256').update(form.get('code_verifier') as string).digest('base64url') && form.get('redirect_uri') === REDIRECT;
        return ok ? issue() : Response.json({ error: 'invalid_grant' }, { status: 400 });
      }
      log.refreshes++;
      if (opts.refreshStatus) return Response.json({ error: 'invalid_grant' }, { status: opts.refreshStatus });
      if (!refreshTokens.delete(form.get('refresh_token') as string)) return Response.json({ error: 'invalid_grant' }, { status: 400 });
      return issue();
    }) as typeof fetch,
  };
  return { env, log, store, advance: (ms: number) => (now += ms) };
}

describe('accessToken', () => {
  it('signs in silently with PKCE (verifier checked by the token endpoint) and stores the tokens in the store', async () => {
    const { env, log, store } = fakeIdp();
    const r = await accessToken(env);
    expect(r).toMatchObject({ ok: true, value: expect.stringMatching(/^at-/) });
    expect(log).toEqual({ launches: [false], exchanges: 1, refreshes: 0 });
    expect(store.get(TOKENS_KEY)).toMatchObject({ accessToken: r.ok && r.value, refreshToken: expect.stringMatching(/^rt-/) });
    expect(await accessToken(env)).toEqual(r); // fresh: no network
    expect(log.exchanges).toBe(1);
  });

  it('single flight: concurrent calls share one sign-in, then one refresh', async () => {
    const { env, log, advance } = fakeIdp({ expiresIn: 300 });
    const first = await Promise.all([accessToken(env), accessToken(env), accessToken(env)]);
    expect(new Set(first.map((r) => r.ok && r.value)).size).toBe(1);
    expect(log.launches).toHaveLength(1);
    advance(250_000); // within 60 s of expiry
    const second = await Promise.all([accessToken(env), accessToken(env)]);
    expect(log.refreshes).toBe(1);
    expect(second[0]).toEqual(second[1]);
    expect(second[0]).not.toEqual(first[0]);
  });

  it('a refused refresh token falls back to a silent sign-in', async () => {
    const { env, log, advance } = fakeIdp({ refreshStatus: 400 });
    await accessToken(env);
    advance(290_000);
    expect((await accessToken(env)).ok).toBe(true);
    expect(log).toMatchObject({ launches: [false, false], refreshes: 1, exchanges: 2 });
  });

  it('a wrong state is refused before any code exchange, and the silent flow is not retried for a minute', async () => {
    const { env, log, store, advance } = fakeIdp({ wrongState: true });
    const r = await accessToken(env);
    expect(r).toMatchObject({ ok: false, error: { kind: 'unauthorised', signIn: 'failed', detail: expect.stringContaining('state') } });
    expect(log.exchanges).toBe(0);
    expect(store.has(TOKENS_KEY)).toBe(false);
    await accessToken(env);
    expect(log.launches).toHaveLength(1);
    advance(61_000);
    await accessToken(env);
    expect(log.launches).toHaveLength(2);
  });

  it('a failing token endpoint is reported as a failed sign-in (server_error)', async () => {
    const { env } = fakeIdp({ tokenStatus: 500 });
    expect(await accessToken(env)).toMatchObject({ ok: false, error: { kind: 'server_error', status: 500, signIn: 'failed' } });
  });

  it('silent needs the agent → "required"; the interactive sign-in then works and clears that', async () => {
    const { env, log, store } = fakeIdp({ silentNeedsUser: true });
    expect(await accessToken(env)).toMatchObject({ ok: false, error: { signIn: 'required', detail: expect.stringContaining('User interaction required') } });
    expect(store.has(SILENT_KEY)).toBe(true);
    expect((await signIn(env, true)).ok).toBe(true);
    expect(store.has(SILENT_KEY)).toBe(false);
    expect(log.launches).toEqual([false, true]);
    expect((await accessToken(env)).ok).toBe(true);
  });

  it('tokens of another configuration are never used', async () => {
    const { env, log } = fakeIdp();
    await accessToken(env);
    await accessToken({ ...env, config: { ...CFG, clientId: 'other' } });
    expect(log.launches).toHaveLength(2);
  });
});

describe('renewAfter401', () => {
  it('refreshes once for concurrent 401s of the same token; a token renewed meanwhile is reused', async () => {
    const { env, log } = fakeIdp();
    const t = await accessToken(env);
    const old = t.ok ? t.value : '';
    const [a, b] = await Promise.all([renewAfter401(env, old), renewAfter401(env, old)]);
    expect(log.refreshes).toBe(1);
    expect(a).toEqual(b);
    expect(await renewAfter401(env, old)).toEqual(a);
    expect(log.refreshes).toBe(1);
  });

  it('the token endpoint down during refresh: the failure is reported and the refresh token kept', async () => {
    const { env, store } = fakeIdp();
    await accessToken(env);
    const before = store.get(TOKENS_KEY) as Tokens;
    const down = { ...env, fetch: (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch };
    expect(await renewAfter401(down, before.accessToken)).toMatchObject({ ok: false, error: { kind: 'offline', signIn: 'failed' } });
    expect((store.get(TOKENS_KEY) as Tokens).refreshToken).toBe(before.refreshToken);
  });
});

describe('requestJson with a token source', () => {
  it('a 401 renews the token once and sends again with the same request id; a second 401 is returned', async () => {
    const { env } = fakeIdp();
    const seen: { auth: string | null; id: string | null }[] = [];
    let valid = '';
    const api = (async (_u: string | URL | Request, init?: RequestInit) => {
      const h = new Headers(init?.headers);
      seen.push({ auth: h.get('authorization'), id: h.get('x-request-id') });
      return h.get('authorization') === `Bearer ${valid}` ? Response.json({ ok: 1 }) : Response.json({ error: { message: 'bad token' } }, { status: 401 });
    }) as typeof fetch;
    const auth = { token: () => accessToken(env), renew: (t: string) => renewAfter401(env, t) };
    const res = await requestJson({ baseUrl: 'https://api.test', timeoutMs: 2000, fetch: api, auth }, 'POST', '/v1/challenge', {}, z.looseObject({}));
    expect(res.ok).toBe(false); // nothing is valid yet: one renewal, then the 401 stands
    expect(seen).toHaveLength(2);
    expect(seen[0]!.id).toBe(seen[1]!.id);
    expect(seen[0]!.auth).not.toBe(seen[1]!.auth);
    valid = (seen[1]!.auth ?? '').replace('Bearer ', '');
    seen.length = 0;
    expect((await requestJson({ baseUrl: 'https://api.test', timeoutMs: 2000, fetch: api, auth }, 'POST', '/v1/challenge', {}, z.looseObject({}))).ok).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('no token obtainable: the call fails without reaching the API, with its request id', async () => {
    const { env } = fakeIdp({ silentNeedsUser: true });
    let calls = 0;
    const api = (async () => { calls++; return Response.json({}); }) as typeof fetch;
    const res = await requestJson({ baseUrl: 'https://api.test', timeoutMs: 2000, fetch: api, auth: { token: () => accessToken(env), renew: (t) => renewAfter401(env, t) } }, 'GET', '/v1/x', undefined, z.looseObject({}));
    expect(res).toMatchObject({ ok: false, error: { kind: 'unauthorised', signIn: 'required', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    expect(calls).toBe(0);
  });
});
