/** API client options from the effective settings: base URL, timeout, credentials. */
import type { ApiClientOptions } from '../../lib/api/client';
import { loadSettings } from './settings-store';
import { tokenSource } from './auth';

/** API client options from the effective settings (credentials from policy `apiAuth`: bearer token or OAuth). */
export async function clientOptions(): Promise<ApiClientOptions & { lowTrustExtraQuestions: number }> {
  const { settings } = await loadSettings();
  const auth = settings.apiAuth;
  return {
    baseUrl: settings.apiBaseUrl,
    timeoutMs: settings.apiTimeoutMs,
    ...(auth.type === 'bearer' ? { bearerToken: auth.token } : {}),
    ...(auth.type === 'oauth2-pkce' ? { auth: tokenSource(auth, settings.apiTimeoutMs) } : {}),
    lowTrustExtraQuestions: settings.verification.lowTrustExtraQuestions,
  };
}
