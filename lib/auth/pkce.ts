/**
 * PKCE (RFC 7636) with the S256 method, and the random `state` of an authorization request. Pure code on
 * Web Crypto (`crypto.getRandomValues`, `crypto.subtle`), which extension workers, pages and Node share.
 */

/** base64url without padding (RFC 7636 appendix A). */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A code verifier from 32 random octets: 43 characters of [A-Za-z0-9-_] (RFC 7636 §4.1). */
export function verifierFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 32 || bytes.length > 96) throw new RangeError('a code verifier needs 32 to 96 random octets');
  return base64url(bytes);
}

/** A fresh code verifier. */
export function newCodeVerifier(): string {
  return verifierFromBytes(crypto.getRandomValues(new Uint8Array(32)));
}

/** code_challenge = BASE64URL(SHA256(ASCII(code_verifier))) (RFC 7636 §4.2, method S256). */
export async function codeChallengeS256(verifier: string): Promise<string> {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new RangeError('not a valid code verifier');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** A fresh, unguessable `state` (128 random bits), checked when the authorization server answers. */
export function newState(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

/** Constant-time comparison of two strings (the returned `state` against the one sent). */
export function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
