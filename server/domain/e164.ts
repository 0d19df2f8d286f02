/**
 * A fast path for numbers that are already E.164 ("+14155550100"), the form of generated seed files and
 * of most ANIs from telephony platforms: libphonenumber-js's verdict (possible length, read unchanged)
 * is memoised by the first five digits and the length, the only inputs that verdict depends on here,
 * so hot paths skip re-parsing. Anything else goes through normaliseAni (lib/phone.ts). Masking
 * likewise only needs the country calling code, memoised by the first three digits.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { maskPhone, normaliseAni, type Ani, type CountryCode } from '../../lib/phone.ts';

const PLAIN_E164 = /^\+[1-9]\d{6,14}$/;

/** Verdicts of plainE164 by country-code prefix and length (the only inputs a possible-length check uses). */
const plainVerdicts = new Map<string, boolean>();

/** The number itself when it is plain E.164 that libphonenumber reads unchanged with a possible length. */
export function plainE164(raw: string): string | undefined {
  if (!PLAIN_E164.test(raw)) return undefined;
  const key = `${raw.slice(0, 6)}/${raw.length}`;
  let ok = plainVerdicts.get(key);
  if (ok === undefined) {
    const parsed = parsePhoneNumberFromString(raw);
    ok = parsed?.isPossible() === true && parsed.number === raw;
    if (plainVerdicts.size < 100_000) plainVerdicts.set(key, ok);
  }
  return ok ? raw : undefined;
}

/** E.164 of a caller number: the fast path when it applies, else normaliseAni's reading. */
export function toE164(raw: string, region: CountryCode): Ani | { kind: 'number'; e164: string } {
  const e164 = plainE164(raw);
  return e164 !== undefined ? { kind: 'number', e164 } : normaliseAni(raw, region);
}

/** Country calling codes by the first three digits (calling codes are prefix-free and 1-3 digits long). */
const callingCodes = new Map<string, string>();

/**
 * maskPhone (lib/phone.ts) with a fast path for E.164: "+<country code> " then bullets and at most the
 * last 4 national digits, without parsing each number. (maskPhone re-parses, which for a few numbers
 * strips a national prefix again and so may show one digit fewer.)
 */
export function maskE164(e164: string): string {
  if (!PLAIN_E164.test(e164)) return maskPhone(e164);
  const prefix = e164.slice(1, 4);
  let cc = callingCodes.get(prefix);
  if (cc === undefined) {
    cc = parsePhoneNumberFromString(e164)?.countryCallingCode;
    if (cc === undefined || !e164.startsWith(cc, 1)) return maskPhone(e164);
    callingCodes.set(prefix, cc);
  }
  const national = e164.slice(1 + cc.length);
  const shown = Math.min(4, Math.floor(national.length / 2));
  return `+${cc} ${'•'.repeat(Math.max(4, national.length) - shown)}${shown > 0 ? national.slice(-shown) : ''}`;
}
