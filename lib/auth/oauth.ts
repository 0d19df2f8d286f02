/**
 * OAuth 2.0 authorization-code flow with PKCE for a public client (RFC 6749 §4.1, RFC 7636, RFC 8252):
 * the authorize URL, the redirect the authorization server sends back (state checked), and the token
 * endpoint (code exchange and refresh). Pure code; fetch is injected in tests. Failures are ApiFailure
 * kinds without a request id (the API call that needed the token adds its own).
 */
import { z } from 'zod';
import type { ApiFailure } from '../api/failure';
import type { Policy } from '../policy/schema';
import { sameString } from './pkce';

export type OAuthConfig = Extract<Policy['apiAuth'], { type: 'oauth2-pkce' }>;
export type AuthFailure = Omit<ApiFailure, 'requestId'>;
export type AuthResult<T> = { ok: true; value: T } | { ok: false; error: AuthFailure };

/** Tokens as stored (storage.session), bound to the configuration that issued them. */
export interface Tokens {
  config: string;
  accessToken: string;
  issuedAt: number;
  expiresAt: number;
  refreshToken?: string;
}

/** Identifies an OAuth configuration: tokens issued under another policy are never used. */
export function configKey(cfg: OAuthConfig): string {
  return JSON.stringify([cfg.authorizeUrl, cfg.tokenUrl, cfg.clientId, [...cfg.scopes].sort()]);
}

/** The authorization request URL (response_type=code, S256 challenge, state). */
export function authorizeUrl(cfg: OAuthConfig, p: { redirectUri: string; state: string; challenge: string }): string {
  const url = new URL(cfg.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', cfg.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  if (cfg.scopes.length > 0) url.searchParams.set('scope', cfg.scopes.join(' '));
  url.searchParams.set('state', p.state);
  url.searchParams.set('code_challenge', p.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

const signInFailed = (detail: string, kind: AuthFailure['kind'] = 'unauthorised'): AuthFailure => ({ kind, detail, signIn: 'failed' });

/** The code from the redirect, after checking that it answers our request (same redirect URI and state). */
export function parseRedirect(redirectUrl: string, redirectUri: string, expectedState: string): AuthResult<string> {
  let url: URL;
  try {
    url = new URL(redirectUrl);
  } catch {
    return { ok: false, error: signInFailed('Sign-in answered with an unreadable address') };
  }
  if (!`${url.origin}${url.pathname}`.startsWith(new URL(redirectUri).origin)) return { ok: false, error: signInFailed('Sign-in answered to another address') };
  // Parameters come in the query (response_mode=query, the default for code) or, for some servers, the fragment.
  const params = url.searchParams.has('state') || url.searchParams.has('error') ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  const state = params.get('state');
  if (state === null || !sameString(state, expectedState)) return { ok: false, error: signInFailed('Sign-in answer does not match this request (state)') };
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    return { ok: false, error: { kind: 'unauthorised', detail: `Sign-in refused: ${error}${description ? ` (${description.slice(0, 200)})` : ''}`, signIn: 'required' } };
  }
  const code = params.get('code');
  return code ? { ok: true, value: code } : { ok: false, error: signInFailed('Sign-in answer has no authorization code') };
}

const TokenResponse = z.object({
  access_token: z.string().min(1).max(8192),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'token_type must be Bearer'),
  expires_in: z.number().positive().optional(),
  refresh_token: z.string().min(1).max(8192).optional(),
});

/** Lifetime assumed when the token endpoint does not say (RFC 6749 §5.1 makes expires_in optional). */
export const DEFAULT_LIFETIME_S = 3600;

/** POST a grant to the token endpoint (form-encoded, public client: client_id in the body). */
export async function tokenRequest(
  cfg: OAuthConfig,
  grant: Record<string, string>,
  p: { timeoutMs: number; now: number; fetch?: typeof fetch; previousRefreshToken?: string },
): Promise<AuthResult<Tokens>> {
  let res: Response;
  try {
    res = await (p.fetch ?? fetch)(cfg.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ ...grant, client_id: cfg.clientId }).toString(),
      signal: AbortSignal.timeout(p.timeoutMs),
    });
  } catch (err) {
    const name = (err as { name?: string }).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return { ok: false, error: signInFailed(`Token endpoint: ${timedOut ? `no answer within ${p.timeoutMs} ms` : String((err as Error).message ?? err)}`, timedOut ? 'timeout' : 'offline') };
  }
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const code = (json as { error?: unknown } | undefined)?.error;
    const oauthError = typeof code === 'string' ? code.slice(0, 64) : 'error';
    // invalid_grant & co: the code or refresh token is no good; the agent has to sign in again.
    if (res.status === 400 || res.status === 401) return { ok: false, error: { kind: 'unauthorised', status: res.status, detail: `Token endpoint: HTTP ${res.status} ${oauthError}`, signIn: 'required' } };
    return { ok: false, error: { ...signInFailed(`Token endpoint: HTTP ${res.status} ${oauthError}`, res.status >= 500 ? 'server_error' : 'rejected'), status: res.status } };
  }
  const parsed = TokenResponse.safeParse(json);
  if (!parsed.success) return { ok: false, error: { ...signInFailed(`Token endpoint: unexpected answer (${parsed.error.issues[0]?.message ?? ''})`, 'bad_response'), status: res.status } };
  const t = parsed.data;
  const refreshToken = t.refresh_token ?? p.previousRefreshToken; // a server that does not rotate keeps the old one valid
  return {
    ok: true,
    value: {
      config: configKey(cfg), accessToken: t.access_token, issuedAt: p.now,
      expiresAt: p.now + (t.expires_in ?? DEFAULT_LIFETIME_S) * 1000, ...(refreshToken ? { refreshToken } : {}),
    },
  };
}

/** True while the access token can still be used: not within min(60 s, half its lifetime) of expiry. */
export function isFresh(t: Tokens, now: number): boolean {
  const margin = Math.min(60_000, (t.expiresAt - t.issuedAt) / 2);
  return t.expiresAt - now > margin;
}
