/**
 * The worker's side of `apiAuth: oauth2-pkce`: lib/auth/session.ts wired to browser.identity and
 * storage.session, and the interactive sign-in the panel asks for. Tokens live in storage.session only
 * (see README, "API authentication"); nothing is kept in the worker's memory.
 */
import { browser } from 'wxt/browser';
import type { TokenSource } from '../../lib/api/client';
import type { ApiFailure } from '../../lib/api/failure';
import type { OAuthConfig } from '../../lib/auth/oauth';
import { accessToken, renewAfter401, signIn, type AuthEnv } from '../../lib/auth/session';
import { authStore } from '../../platform/storage';


/** The auth environment for one configuration. */
function authEnv(config: OAuthConfig, timeoutMs: number): AuthEnv {
  return {
    config,
    store: authStore,
    timeoutMs,
    redirectUri: browser.identity.getRedirectURL(),
    launch: async (url, interactive) => {
      const redirect = await browser.identity.launchWebAuthFlow({ url, interactive });
      if (!redirect) throw new Error('Sign-in ended without an answer');
      return redirect;
    },
  };
}

/** The token source the API client uses: silent only, never a window. */
export function tokenSource(config: OAuthConfig, timeoutMs: number): TokenSource {
  const env = authEnv(config, timeoutMs);
  return { token: () => accessToken(env), renew: (rejected) => renewAfter401(env, rejected) };
}

/** Interactive sign-in (the panel's button); undefined on success, else why it failed. */
export async function signInInteractively(config: OAuthConfig, timeoutMs: number): Promise<ApiFailure | undefined> {
  const r = await signIn(authEnv(config, timeoutMs), true);
  return r.ok ? undefined : { ...r.error, requestId: '' };
}
