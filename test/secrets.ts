/**
 * The check every "no answer leaked" assertion uses. Short secrets (a PIN "1815", a ZIP "94107") also occur
 * by chance inside random ids and timestamps; those places are not leaks, and a test that fails on them
 * fails at random (CI did, on a request id holding "1815").
 */

/** Random UUIDs (request, challenge and token ids): a UUID such as "…-1815-…" or "ab1815cd-…" is not a leak. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Whether `secret` occurs in `text` as itself: not inside a longer digit run (an epoch time may hold
 * "94107") nor inside a UUID. Any other neighbour counts: `"1815"`, `pin=1815`, `a 1815 b` are leaks.
 */
export function containsSecret(text: string, secret: string): boolean {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<!\\d)${escaped}(?!\\d)`).test(text.replace(UUID, '<uuid>'));
}

/** The secrets of `secrets` that `text` contains (see containsSecret); [] when none leaked. */
export function leakedSecrets(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => containsSecret(text, s));
}
