/**
 * Where the Genesys sign-in lives in storage.session: its tokens (the OAuth session's keys with a
 * `genesys:` prefix, so they never mix with the verification API's) and the channel's status, which the
 * options page shows (signed out: how to sign in for faster detection).
 */
import type { AuthStore } from '../../lib/auth/session';
import { GENESYS_KEY_PREFIX as PREFIX, GENESYS_STATUS_KEY } from '../../lib/genesys/keys';
import { authStore } from '../../platform/storage';

/** The Genesys tokens' store: storage.session under `genesys:` keys. */
export const genesysStore: AuthStore = {
  get: (key) => authStore.get(`${PREFIX}${key}`),
  set: (key, value) => authStore.set(`${PREFIX}${key}`, value),
  remove: (key) => authStore.remove(`${PREFIX}${key}`),
};

/** off: no `genesys` policy; signed-out: no token (DOM detection only); connected: calls come from the channel. */
export interface GenesysStatus { state: 'off' | 'signed-out' | 'connected' | 'error'; detail?: string; at?: number }

/** Record the channel's status for the options page. */
export async function setGenesysStatus(status: GenesysStatus): Promise<void> {
  await authStore.set(GENESYS_STATUS_KEY, { ...status, at: Date.now() });
}
