import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64url, codeChallengeS256, newCodeVerifier, newState, sameString, verifierFromBytes } from '../../../../lib/auth/pkce.ts';

// RFC 7636 appendix B: the 32 octets, the verifier they give, and its S256 challenge.
const RFC_OCTETS = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121];
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE (RFC 7636)', () => {
  it('appendix B: octets → verifier → S256 challenge', async () => {
    const verifier = verifierFromBytes(new Uint8Array(RFC_OCTETS));
    expect(verifier).toBe(RFC_VERIFIER);
    expect(await codeChallengeS256(verifier)).toBe(RFC_CHALLENGE);
  });

  it('fresh verifiers: 43 unreserved characters, never the same twice', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newCodeVerifier()));
    expect(seen.size).toBe(200);
    for (const v of seen) expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('challenges are 43-character base64url SHA-256 digests for any valid verifier (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 96 }), async (bytes) => {
      const c = await codeChallengeS256(verifierFromBytes(bytes));
      return /^[A-Za-z0-9_-]{43}$/.test(c);
    }), { numRuns: 50 });
  });

  it('refuses verifiers that RFC 7636 forbids', async () => {
    await expect(codeChallengeS256('short')).rejects.toThrow(RangeError);
    await expect(codeChallengeS256(`${'a'.repeat(43)} `)).rejects.toThrow(RangeError);
    expect(() => verifierFromBytes(new Uint8Array(31))).toThrow(RangeError);
  });

  it('base64url has no padding and no + or /', () => {
    expect(base64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(base64url(new Uint8Array([]))).toBe('');
  });

  it('state: 128 random bits, compared exactly', () => {
    const s = newState();
    expect(s).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newState()).not.toBe(s);
    expect(sameString(s, s)).toBe(true);
    expect(sameString(s, `${s.slice(0, -1)}x`)).toBe(s.endsWith('x'));
    expect(sameString(s, s.slice(1))).toBe(false);
  });
});
