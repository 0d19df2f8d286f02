/**
 * Caller number (ANI) normalisation: whatever a CRM shows (formatted, tel:/sip: URI, 00/011-prefixed,
 * national, with an extension or odd unicode) becomes E.164 inside the extension and the API, and an
 * international format (never with the extension) for people.
 */
import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/min';

export type { CountryCode };

/**
 * A normalised caller number, or why there is none. `valid` is false for numbers that have a possible
 * length but are not in an allocated range (accepted: contact centres see odd numbers).
 */
export type Ani =
  | {
      kind: 'number';
      e164: string;
      international: string;
      valid: boolean;
      region?: CountryCode;
      extension?: string;
    }
  | { kind: 'withheld'; raw: string }
  | { kind: 'invalid'; raw: string };

const WITHHELD_WORD =
  '(?:anonymous|private|unknown|restricted|withheld|unavailable|not available|n a|blocked|hidden|suppressed)';
/** Withheld/"no number" markers, compared after lower-casing and collapsing separators to one space. */
const WITHHELD = new RegExp(
  `^(?:(?:(?:caller )?id|cli|number) )?${WITHHELD_WORD}(?: (?:number|caller|call|id|caller id|cli))?$` +
    '|^no (?:caller id|cli|number)$',
);
/** An extension at the end: "x123", "ext. 12", "extension 5", ";ext=12", "#123", ",,123" (pause dialling). */
const EXTENSION = /(?:\s*;\s*ext\s*=\s*|\s*(?:ext(?:ension)?\s*[.:]?|x\.?|#)\s*|\s*,+\s*)(\d{1,10})[\s#]*$/i;
/** Characters allowed between the first and last digit of a number (separators, brackets, a leading +). */
const NUMBER_BODY = /^(?:[+(][\s+(]*)?\d[\d\s\p{Pd}\u2212./()[\]]*$/u;
/** Separators libphonenumber-js may not know (all dashes, any space): replaced by a plain space. */
const SEPARATORS = /[\s\p{Pd}\u2212./[\]]+/gu;
const MAX_INPUT = 256;

type Split = { withheld: true } | { withheld: false; number: string; extension?: string; context?: string };

/** Map compatibility forms (fullwidth digits, NBSP, fullwidth +) to ASCII and drop invisible format chars. */
function clean(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\p{Nd}/gu, (d) => (/\d/.test(d) ? d : String(digitValue(d))))
    .trim();
}

/** Value of a non-ASCII decimal digit: its distance from the start of its run of 10 digits. */
function digitValue(digit: string): number {
  const cp = digit.codePointAt(0) ?? 0;
  let value = 0;
  while (value < 9 && /\p{Nd}/u.test(String.fromCodePoint(cp - value - 1))) value++;
  return value;
}

/** Decode %-escapes of a URI part, leaving it as is if the escapes are malformed. */
function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Reduce a cleaned value to the number as dialled: drop display names, URI schemes, hosts and parameters. */
function split(value: string): Split {
  let s = value;
  const bracketed = /<([^>]*)>/.exec(s); // "Anonymous" <sip:anonymous@anonymous.invalid>;tag=1
  if (bracketed) s = bracketed[1] ?? '';
  s = s.trim().replace(/^["']+|["']+$/g, '').trim();
  const scheme = /^(?:tel|sips?|callto|phone):(?:\/\/)?/i.exec(s);
  let extension: string | undefined;
  let context: string | undefined;
  if (scheme) {
    s = s.slice(scheme[0].length).replace(/\?.*$/, '');
    const at = s.indexOf('@');
    if (at >= 0) {
      if (/^anonymous\.invalid\b/i.test(s.slice(at + 1))) return { withheld: true };
      s = s.slice(0, at);
    }
    const [number = '', ...params] = decode(s).split(';');
    for (const param of params) {
      const [key = '', val = ''] = param.split('=');
      if (/^\s*ext\s*$/i.test(key) && /^\s*\d+\s*$/.test(val)) extension = val.trim();
      if (/^\s*phone-context\s*$/i.test(key) && val.trim().startsWith('+')) context = val.trim();
    }
    s = number;
  }
  const words = s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  // Blank or placeholder-only values ("", "-", "()") mean no number was presented, like "anonymous".
  if (/^[\p{P}\s]*$/u.test(s) || WITHHELD.test(words)) return { withheld: true };
  return { withheld: false, number: s.trim(), extension, context };
}

/** Parse with libphonenumber-js, returning undefined instead of throwing. */
function parse(text: string, region?: CountryCode): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, region);
  } catch {
    return undefined;
  }
}

/**
 * Pick the best reading: a valid one, preferring 00 as international prefix (CRMs use it whatever the
 * region's own prefix), then as dialled in the region (also handles its prefix, e.g. 011, 0011), then with
 * a missing + ("442079460958" from SIP trunks); failing that, a possible reading.
 */
function bestParse(body: string, region: CountryCode | undefined): PhoneNumber | undefined {
  const digits = body.replace(/\D/g, '');
  const asDialled = parse(body, region);
  const viaDoubleZero = /^00[1-9]/.test(digits) ? parse(`+${digits.slice(2)}`) : undefined;
  const missingPlus = !body.includes('+') && /^[1-9]\d{7,}$/.test(digits) ? parse(`+${digits}`) : undefined;
  const valid = [viaDoubleZero, asDialled, missingPlus].find((p) => p?.isValid());
  return valid ?? [viaDoubleZero, asDialled].find((p) => p?.isPossible());
}

/** Normalise a raw caller number to E.164 using libphonenumber-js; withheld values are recognised. */
export function normaliseAni(raw: string | null | undefined, defaultRegion: CountryCode = 'US'): Ani {
  const original = (raw ?? '').trim();
  try {
    return normalise(original, defaultRegion);
  } catch {
    return { kind: 'invalid', raw: original };
  }
}

/** The body of normaliseAni, which may throw on pathological input. */
function normalise(original: string, defaultRegion: string): Ani {
  const invalid: Ani = { kind: 'invalid', raw: original };
  if (original.length > MAX_INPUT) return invalid;
  const parts = split(clean(original));
  if (parts.withheld) return { kind: 'withheld', raw: original };
  let text = parts.number;
  let extension = parts.extension;
  const ext = EXTENSION.exec(text);
  if (ext && /\d/.test(text.slice(0, ext.index))) {
    extension ??= ext[1];
    text = text.slice(0, ext.index);
  }
  // Surrounding labels ("Call +1 ...", "... (mobile)") are dropped, but not letters touching the number.
  const body = /(?:[+(][\s+(]*)?\d(?:.*\d)?/s.exec(text);
  if (!body || !NUMBER_BODY.test(body[0])) return invalid;
  const before = text.slice(0, body.index);
  const after = text.slice(body.index + body[0].length);
  if (/\p{L}$/u.test(before) || /^[\p{Pd}\u2212]*\p{L}/u.test(after)) return invalid;
  let number = body[0];
  if (parts.context && !number.startsWith('+')) number = parts.context + number; // tel:7946-0958;phone-context=+44-20
  number = number.replace(SEPARATORS, ' ');
  const upper = defaultRegion.toUpperCase();
  const region = isSupportedCountry(upper) ? upper : undefined;
  let parsed = bestParse(number, region);
  if (!parsed) return invalid;
  if (parsed.ext) {
    extension ??= parsed.ext;
    parsed = parse(parsed.number) ?? parsed;
  }
  // The E.164 we return must read back as the same possible number (found by the idempotence property:
  // "0000000" in CA parsed as +10000000, which is not a possible number on its own).
  const back = parse(parsed.number);
  if (!back || back.number !== parsed.number || !back.isPossible()) return invalid;
  return {
    kind: 'number',
    e164: parsed.number,
    international: parsed.formatInternational(),
    valid: parsed.isValid(),
    ...(parsed.country ? { region: parsed.country } : {}),
    ...(extension ? { extension } : {}),
  };
}

/** Mask a number for display and logs, keeping the country code and at most the last 4 national digits. */
export function maskPhone(e164: string): string {
  const parsed = parse(clean(e164));
  const cc = parsed?.countryCallingCode ?? '';
  const national = parsed ? String(parsed.nationalNumber) : e164.replace(/\D/g, '');
  // Short numbers reveal at most half their digits, so a 4-digit number is never shown in full.
  const shown = Math.min(4, Math.floor(national.length / 2));
  const masked = `${'•'.repeat(Math.max(4, national.length) - shown)}${shown > 0 ? national.slice(-shown) : ''}`;
  return cc ? `+${cc} ${masked}` : masked;
}
