/**
 * The OAuth session's keys in the token store (storage.session in the worker). Apart from the session code
 * so the storage registry can list them without pulling the OAuth code (and zod) into every page bundle.
 */

/** The current tokens, bound to the configuration that issued them. */
export const TOKENS_KEY = 'auth:tokens';
/** A sign-in in progress: state and PKCE verifier, written before the browser window opens. */
export const PENDING_KEY = 'auth:pending';
/** The last failed silent sign-in, for its back-off. */
export const SILENT_KEY = 'auth:silent';
