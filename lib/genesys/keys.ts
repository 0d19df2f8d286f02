/**
 * The Genesys sign-in's keys in storage.session: the OAuth session's keys (lib/auth/keys.ts) under this
 * prefix, so they never mix with the verification API's, and the channel's status the options page shows.
 */

/** Prefix of every Genesys key. */
export const GENESYS_KEY_PREFIX = 'genesys:';
/** The notification channel's status, written by the worker. */
export const GENESYS_STATUS_KEY = `${GENESYS_KEY_PREFIX}status`;
