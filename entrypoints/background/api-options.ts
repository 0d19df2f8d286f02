/** API client options from the effective settings: base URL, timeout, credentials. */
import type { ApiClientOptions } from '../../lib/api/client';
import { loadSettings } from './settings-store';
import { tokenSource } from './auth';
import type { Policy } from '../../lib/policy/schema';

export type WorkerClientOptions = ApiClientOptions & { lowTrustExtraQuestions: number };

/** API client options from the effective settings (credentials from policy `apiAuth`: bearer token or OAuth). */
export async function clientOptions(): Promise<WorkerClientOptions> {
  return clientOptionsFrom((await loadSettings()).settings);
}

/** The same from settings already loaded (a new call's handler has them: no second read before its look-up). */
export function clientOptionsFrom(settings: Policy): WorkerClientOptions {
  const auth = settings.apiAuth;
  return {
    baseUrl: settings.apiBaseUrl,
    timeoutMs: settings.apiTimeoutMs,
    ...(auth.type === 'bearer' ? { bearerToken: auth.token } : {}),
    ...(auth.type === 'oauth2-pkce' ? { auth: tokenSource(auth, settings.apiTimeoutMs) } : {}),
    lowTrustExtraQuestions: settings.verification.lowTrustExtraQuestions,
  };
}
