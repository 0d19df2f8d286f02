/** API client options from the effective settings: base URL, timeout, credentials. */
import type { ApiClientOptions } from '../api-client';
import { loadSettings } from './settings-store';

/** API client options from the effective settings (bearer token from policy `apiAuth`). */
export async function clientOptions(): Promise<ApiClientOptions & { lowTrustExtraQuestions: number }> {
  const { settings } = await loadSettings();
  return {
    baseUrl: settings.apiBaseUrl,
    timeoutMs: settings.apiTimeoutMs,
    ...(settings.apiAuth.type === 'bearer' ? { bearerToken: settings.apiAuth.token } : {}),
    lowTrustExtraQuestions: settings.verification.lowTrustExtraQuestions,
  };
}
