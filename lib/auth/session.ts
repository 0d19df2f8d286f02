/**
 * Access tokens for the API under `apiAuth: oauth2-pkce`: the stored token while fresh, else a refresh
 * with the refresh token, else a sign-in through the browser's web-auth flow (silent first; interactive
 * only when the agent asks). Everything is written to the injected store (storage.session in the worker)
 * before it is used, so a stopped worker loses nothing. Concurrent callers share one refresh and one
 * sign-in ("single flight"); the in-flight promises are a per-worker cache that dies with the worker.
 */
import { authorizeUrl, configKey, isFresh, newAuthRequest, parseRedirect, tokenRequest, type AuthFailure, type AuthResult, type OAuthConfig, type Tokens } from './oauth';
import { PENDING_KEY, SILENT_KEY, TOKENS_KEY } from './keys';

/** Key-value storage (storage.session in the worker). */
export interface AuthStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface AuthEnv {
  config: OAuthConfig;
  store: AuthStore;
  /** browser.identity.launchWebAuthFlow: resolves with the final redirect URL. */
  launch: (url: string, interactive: boolean) => Promise<string>;
  /** browser.identity.getRedirectURL(). */
  redirectUri: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export { PENDING_KEY, SILENT_KEY, TOKENS_KEY };
/** After a silent sign-in failed, API calls do not try it again for this long (no hidden page load per call). */
export const SILENT_BACKOFF_MS = 60_000;

interface Pending { state: string; verifier: string; config: string; createdAt: number }
interface SilentFailure { config: string; at: number; error: AuthFailure }

const flights = new Map<string, Promise<AuthResult<Tokens>>>();

/** Run `fn` once per key at a time; callers arriving meanwhile get the same promise. */
function singleFlight(key: string, fn: () => Promise<AuthResult<Tokens>>): Promise<AuthResult<Tokens>> {
  const running = flights.get(key);
  if (running) return running;
  const p = fn().finally(() => flights.delete(key));
  flights.set(key, p);
  return p;
}

/** Stored tokens of this configuration, if any. */
export async function storedTokens(env: AuthEnv): Promise<Tokens | undefined> {
  const t = (await env.store.get(TOKENS_KEY)) as Tokens | undefined;
  return t && t.config === configKey(env.config) ? t : undefined;
}

/** A usable access token: stored, refreshed, or from a silent sign-in. */
export async function accessToken(env: AuthEnv): Promise<AuthResult<string>> {
  const now = (env.now ?? Date.now)();
  const t = await storedTokens(env);
  if (t && isFresh(t, now)) return { ok: true, value: t.accessToken };
  return token(t?.refreshToken ? await refresh(env, t) : await signIn(env, false));
}

/** After the API refused `rejected` (401): one refresh or silent sign-in, unless someone already renewed it. */
export async function renewAfter401(env: AuthEnv, rejected: string): Promise<AuthResult<string>> {
  const t = await storedTokens(env);
  if (t && t.accessToken !== rejected && isFresh(t, (env.now ?? Date.now)())) return { ok: true, value: t.accessToken };
  if (t?.refreshToken) return token(await refresh(env, t, rejected));
  await env.store.remove(TOKENS_KEY);
  return token(await signIn(env, false));
}

const token = (r: AuthResult<Tokens>): AuthResult<string> => (r.ok ? { ok: true, value: r.value.accessToken } : r);

/** Refresh grant (single flight); a refused refresh token is dropped and a silent sign-in tried instead. */
function refresh(env: AuthEnv, t: Tokens, rejected?: string): Promise<AuthResult<Tokens>> {
  return singleFlight(`refresh:${t.config}`, async () => {
    const current = await storedTokens(env);
    // Another flight (maybe in an earlier worker) renewed the token meanwhile: use that one.
    if (current && current.accessToken !== t.accessToken && current.accessToken !== rejected && isFresh(current, (env.now ?? Date.now)())) return { ok: true, value: current };
    const got = await tokenRequest(env.config, { refreshToken: t.refreshToken as string }, {
      timeoutMs: env.timeoutMs, now: (env.now ?? Date.now)(), ...(env.fetch ? { fetch: env.fetch } : {}),
    });
    if (got.ok) {
      await env.store.set(TOKENS_KEY, got.value);
      return got;
    }
    if (got.error.signIn !== 'required') return got; // token endpoint down: keep the refresh token for later
    await env.store.remove(TOKENS_KEY);
    return signIn(env, false);
  });
}

/**
 * Sign in with launchWebAuthFlow (single flight per configuration). Silent (`interactive` false) never
 * shows a window; it is not retried for SILENT_BACKOFF_MS after failing. An interactive request arriving
 * while a silent one runs waits for it and starts its own only if that failed.
 */
export async function signIn(env: AuthEnv, interactive: boolean): Promise<AuthResult<Tokens>> {
  const config = configKey(env.config);
  const running = flights.get(`signin:${config}`);
  if (running) {
    const r = await running;
    if (r.ok || !interactive) return r;
  }
  if (!interactive) {
    const silent = (await env.store.get(SILENT_KEY)) as SilentFailure | undefined;
    const now = (env.now ?? Date.now)();
    if (silent?.config === config && now - silent.at < SILENT_BACKOFF_MS && now >= silent.at) return { ok: false, error: silent.error };
  }
  return singleFlight(`signin:${config}`, async () => {
    const r = await runWebAuthFlow(env, interactive);
    if (r.ok) await env.store.remove(SILENT_KEY);
    else if (!interactive) await env.store.set(SILENT_KEY, { config, at: (env.now ?? Date.now)(), error: r.error } satisfies SilentFailure);
    return r;
  });
}

async function runWebAuthFlow(env: AuthEnv, interactive: boolean): Promise<AuthResult<Tokens>> {
  const now = env.now ?? Date.now;
  const pending: Pending = { ...newAuthRequest(), config: configKey(env.config), createdAt: now() };
  await env.store.set(PENDING_KEY, pending); // written before the flow starts: the verifier never lives only in memory
  const url = await authorizeUrl(env.config, { redirectUri: env.redirectUri, state: pending.state, verifier: pending.verifier });
  let redirect: string;
  try {
    redirect = await env.launch(url, interactive);
  } catch (err) {
    const message = String((err as Error)?.message ?? err).slice(0, 200);
    const error: AuthFailure = { kind: 'unauthorised', detail: `Sign-in ${interactive ? 'did not complete' : 'needs the agent'}: ${message}`, signIn: 'required' };
    return { ok: false, error };
  }
  // The request as stored: state and verifier are read back from storage, the record of what was sent.
  const stored = (await env.store.get(PENDING_KEY)) as Pending | undefined;
  await env.store.remove(PENDING_KEY);
  if (stored?.config !== pending.config) return { ok: false, error: { kind: 'unauthorised', detail: 'Sign-in request was replaced; sign in again', signIn: 'failed' } };
  const callback = parseRedirect(env.config, redirect, env.redirectUri, stored.state);
  if (!callback.ok) return callback;
  const got = await tokenRequest(env.config, { callback: callback.value, redirectUri: env.redirectUri, verifier: stored.verifier }, {
    timeoutMs: env.timeoutMs, now: now(), ...(env.fetch ? { fetch: env.fetch } : {}),
  });
  // A code is single-use: a refused exchange means signing in again, which the panel explains.
  if (!got.ok) return { ok: false, error: { ...got.error, signIn: 'failed' } };
  await env.store.set(TOKENS_KEY, got.value);
  return got;
}
