/**
 * OAuth 2.0 authorization-code flow with PKCE for a public client (RFC 6749 §4.1, RFC 7636, RFC 8252) on
 * oauth4webapi: the authorize URL, the redirect the authorization server sends back (state checked), and the
 * token endpoint (code exchange and refresh). Pure code; fetch is injected in tests. Failures are ApiFailure
 * kinds without a request id (the API call that needed the token adds its own).
 */
import {
  authorizationCodeGrantRequest, AuthorizationResponseError, calculatePKCECodeChallenge, customFetch, generateRandomCodeVerifier,
  generateRandomState, None, processAuthorizationCodeResponse, processRefreshTokenResponse, refreshTokenGrantRequest, ResponseBodyError,
  validateAuthResponse, type AuthorizationServer, type Client, type TokenEndpointResponse,
} from 'oauth4webapi';
import type { ApiFailure } from '../api/failure';
import type { Policy } from '../policy/schema';

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

/**
 * The policy names endpoints, not an issuer, and nothing is discovered: the authorize URL's origin stands in
 * as the issuer oauth4webapi requires. It is never compared with what the server sends (see parseRedirect
 * and withoutIdToken), so a wrong guess cannot refuse a sign-in.
 */
const server = (cfg: OAuthConfig): AuthorizationServer => ({ issuer: new URL(cfg.authorizeUrl).origin, authorization_endpoint: cfg.authorizeUrl, token_endpoint: cfg.tokenUrl });
const client = (cfg: OAuthConfig): Client => ({ client_id: cfg.clientId });

/** A fresh `state` and PKCE code verifier for one authorization request. */
export function newAuthRequest(): { state: string; verifier: string } {
  return { state: generateRandomState(), verifier: generateRandomCodeVerifier() };
}

/** The authorization request URL (response_type=code, S256 challenge of `verifier`, state). */
export async function authorizeUrl(cfg: OAuthConfig, p: { redirectUri: string; state: string; verifier: string }): Promise<string> {
  const url = new URL(cfg.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', cfg.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  if (cfg.scopes.length > 0) url.searchParams.set('scope', cfg.scopes.join(' '));
  url.searchParams.set('state', p.state);
  url.searchParams.set('code_challenge', await calculatePKCECodeChallenge(p.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

const signInFailed = (detail: string, kind: AuthFailure['kind'] = 'unauthorised'): AuthFailure => ({ kind, detail, signIn: 'failed' });
const messageOf = (err: unknown): string => String((err as Error)?.message ?? err).slice(0, 200);

/** The redirect's parameters (for the code exchange), after checking that they answer our request (redirect URI, state). */
export function parseRedirect(cfg: OAuthConfig, redirectUrl: string, redirectUri: string, expectedState: string): AuthResult<URLSearchParams> {
  let url: URL;
  try {
    url = new URL(redirectUrl);
  } catch {
    return { ok: false, error: signInFailed('Sign-in answered with an unreadable address') };
  }
  if (!`${url.origin}${url.pathname}`.startsWith(new URL(redirectUri).origin)) return { ok: false, error: signInFailed('Sign-in answered to another address') };
  // Parameters come in the query (response_mode=query, the default for code) or, for some servers, the fragment.
  const params = new URLSearchParams(url.searchParams.has('state') || url.searchParams.has('error') ? url.search : url.hash.slice(1));
  // One authorization server per policy, so there is no mix-up to detect (RFC 9207), and no issuer in the
  // policy to compare `iss` with: servers that send it (Keycloak, Entra) must not be refused for it.
  params.delete('iss');
  try {
    const checked = validateAuthResponse(server(cfg), client(cfg), params, expectedState);
    return checked.get('code') ? { ok: true, value: checked } : { ok: false, error: signInFailed('Sign-in answer has no authorization code') };
  } catch (err) {
    if (!(err instanceof AuthorizationResponseError)) return { ok: false, error: signInFailed(`Sign-in answer refused: ${messageOf(err)}`) };
    const description = err.error_description ? ` (${err.error_description.slice(0, 200)})` : '';
    return { ok: false, error: { kind: 'unauthorised', detail: `Sign-in refused: ${err.error.slice(0, 64)}${description}`, signIn: 'required' } };
  }
}

/** Lifetime assumed when the token endpoint does not say (RFC 6749 §5.1 makes expires_in optional). */
export const DEFAULT_LIFETIME_S = 3600;
const MAX_TOKEN_LENGTH = 8192;

/** A grant for the token endpoint: the checked redirect with its verifier, or a refresh token. */
export type Grant = { callback: URLSearchParams; redirectUri: string; verifier: string } | { refreshToken: string };

/**
 * Only the access token is used. An id_token (scopes with `openid`) would be checked against the stand-in
 * issuer, which real servers do not match, so it is dropped unread as it always was.
 */
async function withoutIdToken(res: Response): Promise<Response> {
  if (!res.ok) return res;
  const body: unknown = await res.clone().json().catch(() => undefined);
  if (typeof body !== 'object' || body === null || !('id_token' in body)) return res;
  const { id_token: _dropped, ...rest } = body as Record<string, unknown>;
  return Response.json(rest, { status: res.status, headers: res.headers });
}

/** Exchange a code or refresh token at the token endpoint (public client: client_id in the form). */
export async function tokenRequest(cfg: OAuthConfig, grant: Grant, p: { timeoutMs: number; now: number; fetch?: typeof fetch }): Promise<AuthResult<Tokens>> {
  const [as, c] = [server(cfg), client(cfg)];
  const options = { signal: AbortSignal.timeout(p.timeoutMs), ...(p.fetch ? { [customFetch]: p.fetch } : {}) };
  let res: Response;
  try {
    res = 'refreshToken' in grant
      ? await refreshTokenGrantRequest(as, c, None(), grant.refreshToken, options)
      : await authorizationCodeGrantRequest(as, c, None(), grant.callback, grant.redirectUri, grant.verifier, options);
  } catch (err) {
    const name = (err as { name?: string }).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return { ok: false, error: signInFailed(`Token endpoint: ${timedOut ? `no answer within ${p.timeoutMs} ms` : messageOf(err)}`, timedOut ? 'timeout' : 'offline') };
  }
  let t: TokenEndpointResponse;
  try {
    const checked = await withoutIdToken(res);
    t = 'refreshToken' in grant ? await processRefreshTokenResponse(as, c, checked) : await processAuthorizationCodeResponse(as, c, checked);
  } catch (err) {
    if (res.ok) return { ok: false, error: { ...signInFailed(`Token endpoint: unexpected answer (${messageOf(err)})`, 'bad_response'), status: res.status } };
    const detail = `Token endpoint: HTTP ${res.status} ${err instanceof ResponseBodyError ? err.error.slice(0, 64) : 'error'}`;
    // invalid_grant & co: the code or refresh token is no good; the agent has to sign in again.
    if (res.status === 400 || res.status === 401) return { ok: false, error: { kind: 'unauthorised', status: res.status, detail, signIn: 'required' } };
    return { ok: false, error: { ...signInFailed(detail, res.status >= 500 ? 'server_error' : 'rejected'), status: res.status } };
  }
  // The API takes Bearer tokens only (no DPoP proofs); what is stored stays bounded and has a lifetime.
  if (t.token_type !== 'bearer' || t.access_token.length > MAX_TOKEN_LENGTH || (t.refresh_token?.length ?? 0) > MAX_TOKEN_LENGTH || t.expires_in === 0) {
    return { ok: false, error: { ...signInFailed('Token endpoint: unexpected answer (not a bounded Bearer token with a lifetime)', 'bad_response'), status: res.status } };
  }
  const refreshToken = t.refresh_token ?? ('refreshToken' in grant ? grant.refreshToken : undefined); // a server that does not rotate keeps the old one valid
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
