/**
 * Caller number (ANI) normalisation: whatever a CRM shows (formatted, tel:/sip: URI, 00/011-prefixed,
 * national, with an extension or odd unicode) becomes E.164 inside the extension and the API (never with
 * the extension), and an international format for people (with " ext. 12" when there is one).
 */
import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/min';
import { clean, split } from './phone-text.ts';

export type { CountryCode };

/**
 * A normalised caller number, or why there is none. `valid` is false for numbers written internationally
 * that have a possible length but are not in an allocated range (accepted: contact centres see odd
 * numbers); a national number must be valid in the region.
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
type NumberAni = Extract<Ani, { kind: 'number' }>;

/** An extension at the end: "x123", "ext. 12", "extension 5", ";ext=12", "#123", ",,123" (pause dialling). */
const EXTENSION = /(?:\s*;\s*ext\s*=\s*|\s*(?:ext(?:ension)?\s*[.:]?|x\.?|#)\s*|\s*,+\s*)(\d{1,10})[\s#]*$/i;
/** Characters allowed between the first and last digit of a number (separators, brackets, a leading +). */
const NUMBER_BODY = /^(?:[+(][\s+(]*)?\d[\d\s\p{Pd}\u2212./()[\]]*$/u;
/** Separators libphonenumber-js may not know (all dashes, any space): replaced by a plain space. */
const SEPARATORS = /[\s\p{Pd}\u2212./[\]]+/gu;
const MAX_INPUT = 256;

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
 * a missing + ("442079460958" from SIP trunks); failing that, a possible reading of a number written
 * internationally (+ or 00). A national reading that is not valid in the region is no reading: it would
 * send someone else's number to the API (a US "(415) 555-0123" read in GB became +44 4155550123).
 */
function bestParse(body: string, region: CountryCode | undefined): PhoneNumber | undefined {
  const digits = body.replace(/\D/g, '');
  const asDialled = parse(body, region);
  const viaDoubleZero = /^00[1-9]/.test(digits) ? parse(`+${digits.slice(2)}`) : undefined;
  const missingPlus = !body.includes('+') && /^[1-9]\d{7,}$/.test(digits) ? parse(`+${digits}`) : undefined;
  const valid = [viaDoubleZero, asDialled, missingPlus].find((p) => p?.isValid());
  const international = viaDoubleZero ?? (/^\s*\+/.test(body) ? asDialled : undefined);
  return valid ?? (international?.isPossible() ? international : undefined);
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

/**
 * The body of normaliseAni, which may throw on pathological input. A display text with its dial target,
 * `(415) 555-0123 <tel:+14155550123>` (SIP name-addr form; the detector sends a link's target so), is read
 * target first: the target wins when it is withheld or a valid number; otherwise the text counts, and an
 * unrecognised value is reported as the text the agent saw.
 */
function normalise(original: string, defaultRegion: string): Ani {
  if (original.length > MAX_INPUT) return { kind: 'invalid', raw: original };
  const cleaned = clean(original);
  // The last <…> is the target ("Anonymous" <sip:anonymous@anonymous.invalid>;tag=1), so a display text
  // may itself hold angle brackets (hostile markup is shown to the agent as the text it is).
  const addr = /^(.*)<([^<>]*)>[^<>]*$/s.exec(cleaned);
  if (!addr) return readOne(cleaned, defaultRegion, original);
  const target = readOne(addr[2] ?? '', defaultRegion, original);
  const shown = (addr[1] ?? '').trim().replace(/^["']+|["']+$/g, '').trim();
  if (!shown) return target;
  if (target.kind === 'withheld') return target;
  const text = readOne(shown, defaultRegion, original);
  if (target.kind === 'number' && target.valid) {
    // The text may show an extension the link leaves out ("(415) 555-0123 x12" → tel:+14155550123).
    const ext = EXTENSION.exec(shown);
    const extension = ext && /\d/.test(shown.slice(0, ext.index)) ? ext[1] : undefined;
    return extension && !target.extension ? withExtension(target, extension) : target;
  }
  if (text.kind === 'number' || target.kind !== 'number') return text.kind === 'invalid' ? { kind: 'invalid', raw: shown } : text;
  return target;
}

/** A number with `extension` added (kept out of the E.164, shown to the agent). */
function withExtension(ani: NumberAni, extension: string): Ani {
  return { ...ani, international: `${ani.international} ext. ${extension}`, extension };
}

/** Read one value (no display text/target pair); `original` is what invalid and withheld results carry. */
function readOne(cleaned: string, defaultRegion: string, original: string): Ani {
  const invalid: Ani = { kind: 'invalid', raw: original };
  const parts = split(cleaned);
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
  const ani: NumberAni = {
    kind: 'number', e164: parsed.number, international: parsed.formatInternational(), valid: parsed.isValid(),
    ...(parsed.country ? { region: parsed.country } : {}),
  };
  return extension ? withExtension(ani, extension) : ani;
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
