import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { describe, expect, it } from 'vitest';
import { maskPhone, normaliseAni } from '../../../../lib/phone.ts';
import { maskE164, plainE164, toE164 } from '../../../../server/domain/e164.ts';
import { syntheticPhone } from '../../../../server/seed/generate.ts';

const CODES = ['1', '7', '20', '33', '39', '44', '49', '61', '81', '86', '91', '353', '358', '380', '971', '880', '1242'];
const e164 = fc
  .tuple(fc.constantFrom(...CODES), fc.stringMatching(/^[0-9]{4,13}$/))
  .map(([cc, rest]) => `+${cc}${rest}`.slice(0, 16));

describe('E.164 fast paths', () => {
  it('toE164 agrees with normaliseAni on any +digits value', () => {
    fc.assert(
      fc.property(e164, (raw) => {
        const slow = normaliseAni(raw, 'US');
        const fast = toE164(raw, 'US');
        expect(fast.kind).toBe(slow.kind);
        if (fast.kind === 'number' && slow.kind === 'number') expect(fast.e164).toBe(slow.e164);
      }),
      { numRuns: 400 },
    );
  });

  it('maskE164 gives maskPhone for stored (E.164) numbers, and never shows more than the last 4 digits', () => {
    fc.assert(
      fc.property(e164, (raw) => {
        const stored = normaliseAni(raw, 'US');
        if (stored.kind !== 'number') return;
        const masked = maskE164(stored.e164);
        expect(masked.replace(/^\+\d+ /, '')).toMatch(/^•{2,}\d{0,4}$/);
        // maskPhone re-parses, and libphonenumber may strip a national prefix again ("+86 0…"): then the
        // two may show a different number of digits (both at most 4, both from the end). Otherwise they agree.
        if (parsePhoneNumberFromString(stored.e164)?.number === stored.e164) expect(masked).toBe(maskPhone(stored.e164));
        else expect(stored.e164.endsWith(masked.replace(/^.*•/, ''))).toBe(true);
      }),
      { numRuns: 400 },
    );
    for (const n of ['+14155550100', '+442079460123', '+35312345678', syntheticPhone(123_456), '+7 495 123-45-67']) {
      expect(maskE164(n)).toBe(maskPhone(n));
    }
  });

  it('takes the fast path only for plain E.164', () => {
    expect(plainE164('+14155550100')).toBe('+14155550100');
    expect(plainE164('+1 415 555 0100')).toBeUndefined();
    expect(plainE164('+1415')).toBeUndefined();
    expect(plainE164('+999123456789')).toBeUndefined();
  });
});
