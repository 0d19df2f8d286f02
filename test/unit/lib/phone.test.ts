import fc from 'fast-check';
import { getExampleNumber, parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { maskPhone, normaliseAni, type Ani, type CountryCode } from '../../../lib/phone.ts';
import { PHONE_CASES } from './phone-cases.ts';

const REGIONS: CountryCode[] = ['US', 'CA', 'GB', 'DE', 'FR', 'IE', 'AU', 'IN', 'ES', 'MX', 'BR'];
REGIONS.push('IT', 'NL', 'JP', 'ZA');
const FIXED_LINES = ['+14155550100', '+442079460958', '+441134960000', '+4930901820', '+33123456789', '+35312345678'];
FIXED_LINES.push('+61298765432', '+912223456789', '+34911234567', '+525512345678', '+551131234567');
/** Valid seeds: each region's mobile example plus known fixed-line numbers. */
const SEEDS: PhoneNumber[] = [
  ...REGIONS.map((r) => getExampleNumber(r, examples)),
  ...FIXED_LINES.map((n) => parsePhoneNumberFromString(n)),
].filter((p): p is PhoneNumber => p !== undefined && p.isValid());

/** Valid numbers made by replacing the last 4 digits of a seed. */
const validNumber = fc
  .tuple(fc.constantFrom(...SEEDS), fc.integer({ min: 0, max: 9999 }))
  .map(([seed, tail]) => parsePhoneNumberFromString(`${seed.number.slice(0, -4)}${String(tail).padStart(4, '0')}`))
  .filter((p): p is PhoneNumber => p !== undefined && p.isValid() && p.country !== undefined);

/** Strings that look like phone numbers, URIs and withheld markers, to reach the number code paths. */
const PHONE_CHARS = [...'01234567890123456789012345678901234567', ...'+-() .x#;=@:tel sip ext00'];
PHONE_CHARS.push('\u00a0', '\u2013', '０');
const phoneish = fc.string({
  unit: fc.constantFrom(...PHONE_CHARS),
  maxLength: 40,
});
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), phoneish);

const KINDS = ['number', 'withheld', 'invalid'];

/** Fullwidth digits and non-breaking spaces, as pasted from some CRMs. */
function unicodeNoise(s: string): string {
  return s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/ /g, '\u00a0');
}

describe('normaliseAni: real-world cases', () => {
  it('keeps markup in the display text as the text the agent saw (the last <…> is the dial target)', () => {
    const evil = '<img src=x onerror="document.title=1">';
    expect(normaliseAni(evil, 'GB')).toEqual({ kind: 'invalid', raw: evil });
    expect(normaliseAni(`${evil} <tel:img src=x>`, 'GB')).toEqual({ kind: 'invalid', raw: evil });
    expect(normaliseAni('<b>(415) 555-0123</b> <tel:+14155550123>', 'GB')).toMatchObject({ kind: 'number', e164: '+14155550123' });
  });
  it('has a large enough table', () => {
    expect(PHONE_CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(PHONE_CASES)('%j (%s) → %s', (input, region, expected, extra) => {
    const ani = normaliseAni(input, region);
    if (expected === 'withheld' || expected === 'invalid') {
      expect(ani).toEqual({ kind: expected, raw: (input ?? '').trim() });
      return;
    }
    expect(ani).toMatchObject({ kind: 'number', e164: expected, valid: extra?.valid ?? true });
    if (ani.kind !== 'number') return;
    expect(ani.extension).toBe(extra?.ext);
    // The extension is shown to the agent, never part of the E.164.
    const shown = extra?.ext ? ani.international.replace(new RegExp(` ext\\. ${extra.ext}$`), '') : ani.international;
    expect(shown).not.toMatch(/ext|[x#;]/i);
    expect(shown.replace(/\D/g, '')).toBe(expected.slice(1));
  });

  it('reports the country of valid numbers', () => {
    expect(normaliseAni('020 7946 0958', 'GB')).toMatchObject({ region: 'GB', international: '+44 20 7946 0958' });
    expect(normaliseAni('+1 415 555 0100 ext. 123')).toEqual({
      kind: 'number',
      e164: '+14155550100',
      international: '+1 415 555 0100 ext. 123',
      valid: true,
      region: 'US',
      extension: '123',
    });
  });

  it('accepts a lower-case or unknown default region', () => {
    expect(normaliseAni('020 7946 0958', 'gb' as CountryCode)).toMatchObject({ e164: '+442079460958' });
    expect(normaliseAni('+44 20 7946 0958', 'XX' as CountryCode)).toMatchObject({ e164: '+442079460958' });
    expect(normaliseAni('020 7946 0958', 'XX' as CountryCode).kind).toBe('invalid');
  });
});

describe('normaliseAni: properties', () => {
  it('round-trips valid numbers written national, international, 00, 011, tel:, sip: or with unicode noise', () => {
    fc.assert(
      fc.property(validNumber, fc.constantFrom(...REGIONS), (p, other) => {
        const national = p.formatNational();
        const forms: [string, CountryCode][] = [
          [national, p.country ?? 'US'],
          [p.formatInternational(), other],
          [`00 ${p.countryCallingCode} ${p.nationalNumber}`, other],
          [`011 ${p.countryCallingCode} ${p.nationalNumber}`, 'US'],
          [p.getURI(), other],
          [`sip:${p.number}@pbx.example.com;user=phone`, other],
          [`<sips:${p.number}@sbc.example.net:5061;transport=tls>`, other],
          [`${unicodeNoise(p.formatInternational())} ext. 42`, other],
        ];
        for (const [text, region] of forms) {
          expect(normaliseAni(text, region), `${text} (${region})`).toMatchObject({
            kind: 'number',
            e164: p.number,
            valid: true,
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never throws and always returns one of the three kinds', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...REGIONS), (text, region) => {
        const ani: Ani = normaliseAni(text, region);
        expect(KINDS).toContain(ani.kind);
        if (ani.kind === 'number') {
          expect(ani.e164).toMatch(/^\+[1-9]\d{3,14}$/);
          if (!ani.extension) expect(ani.international).not.toMatch(/ext/i);
        } else if (!/<[^>]*>/.test(text)) {
          // (A display text with a <dial target> reports the text the agent saw; see phone-display.test.ts.)
          expect(ani.raw).toBe(text.trim());
        }
      }),
      { numRuns: 400 },
    );
  });

  it('is idempotent on its own E.164 and international output', () => {
    const source = fc.oneof(phoneish, validNumber.map((p) => p.formatNational()));
    fc.assert(
      fc.property(source, fc.constantFrom(...REGIONS), fc.constantFrom(...REGIONS), (text, region, other) => {
        const first = normaliseAni(text, region);
        if (first.kind !== 'number') return;
        const again = normaliseAni(first.e164, other);
        expect(again).toMatchObject({ kind: 'number', e164: first.e164, valid: first.valid });
        expect(normaliseAni(first.international, other)).toMatchObject({ e164: first.e164 });
      }),
      { numRuns: 300 },
    );
  });
});

describe('maskPhone', () => {
  it('masks known numbers', () => {
    expect(maskPhone('+14155550100')).toBe('+1 ••••••0100');
    expect(maskPhone('+442079460958')).toBe('+44 ••••••0958');
    expect(maskPhone('garbage')).toBe('••••');
  });

  it('keeps the calling code and reveals only the last 4 national digits', () => {
    fc.assert(
      fc.property(validNumber, (p) => {
        const masked = maskPhone(p.number);
        const prefix = `+${p.countryCallingCode} `;
        expect(masked.startsWith(prefix)).toBe(true);
        const revealed = masked.slice(prefix.length).replace(/\D/g, '');
        expect(revealed).toHaveLength(4);
        expect(p.nationalNumber.endsWith(revealed)).toBe(true);
        expect(masked.slice(prefix.length)).toHaveLength(p.nationalNumber.length);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws or reveals more than 4 digits beyond the calling code for any input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const masked = maskPhone(text);
        const rest = masked.replace(/^\+\d+ /, '');
        expect(rest.replace(/\D/g, '').length).toBeLessThanOrEqual(4);
      }),
      { numRuns: 400 },
    );
  });
});
