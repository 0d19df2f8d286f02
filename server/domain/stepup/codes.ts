/**
 * One-time codes: drawn uniformly from the digits, stored only as a salted scrypt digest (a 6-digit code
 * has a million values, so a plain hash would be reversed at once by anyone reading the table; scrypt makes
 * each guess cost time and memory), compared in constant time. Destinations are masked for the agent.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;

/** A new code of `length` digits (uniform: crypto.randomInt per digit). */
export function newCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += String(randomInt(10));
  return code;
}

/** Whether `code` has the shape of a code of `length` digits (ASCII digits only). */
export function codeShapeOk(code: string, length: number): boolean {
  return code.length === length && /^[0-9]+$/.test(code);
}

/** `scrypt$<salt>$<digest>` of a code, both base64url. */
export async function hashCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(code, salt, KEY_BYTES, PARAMS);
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `code` matches a stored digest (constant-time on the digest). */
export async function codeMatches(code: string, stored: string): Promise<boolean> {
  const [kind, salt, digest] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !digest) return false;
  const key = await scryptAsync(code, Buffer.from(salt, 'base64url'), KEY_BYTES, PARAMS);
  const want = Buffer.from(digest, 'base64url');
  return want.length === key.length && timingSafeEqual(key, want);
}

/** A phone number with all but its last 4 digits hidden (`+1 ••• ••• 0100`). */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, e164.length > 11 ? 3 : 2)} ••• ${e164.slice(-4)}`;
}

/** An email address with the local part and the domain's name mostly hidden (`a•••@e•••.com`). */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local.slice(0, 1)}•••@${domain.slice(0, 1)}•••${tld}`;
}
