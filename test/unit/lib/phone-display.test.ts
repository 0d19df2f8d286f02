/**
 * What the agent sees for each caller string of the shared table (the e2e runs the same table through
 * the browser), and how a display text with its dial target is read: the target wins when both parse.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseAni, type Ani, type CountryCode } from '../../../lib/phone.ts';
import { CALLER_STRINGS } from '../../fixtures/crm/caller-strings.ts';

const messages = JSON.parse(readFileSync(new URL('../../../public/_locales/en/messages.json', import.meta.url), 'utf8')) as Record<string, { message: string }>;
const say = (key: string, arg = ''): string => (messages[key]?.message ?? key).replace('$1', arg);

/** The panel's caller line (CallerNumber) for what the detector sends: blank text is no number at all. */
function shown(value: string, region: string): string {
  const raw = value.trim() || null;
  const ani: Ani | null = raw === null ? null : normaliseAni(raw, region as CountryCode);
  if (!ani) return say('numberMissing');
  if (ani.kind === 'number') return ani.international;
  return ani.kind === 'withheld' ? say('numberWithheld') : say('numberInvalid', ani.raw);
}

describe('caller strings: what the agent sees', () => {
  it('has at least 60 strings covering every kind of display', () => {
    expect(CALLER_STRINGS.length).toBeGreaterThanOrEqual(60);
    const kinds = new Set(CALLER_STRINGS.map(([, , s]) => (/^\+/.test(s) ? (/ ext\. /.test(s) ? 'ext' : 'number') : s.split(':')[0])));
    expect([...kinds].sort()).toEqual(['No caller number found on this page', 'Number withheld', 'Unrecognised number', 'ext', 'number']);
  });

  it.each(CALLER_STRINGS)('%j in %s shows %j', (value, region, expected) => {
    expect(shown(value, region)).toBe(expected);
  });

  it('never looks up the extension: the E.164 has none', () => {
    for (const [value, region, expected] of CALLER_STRINGS.filter(([, , s]) => / ext\. /.test(s))) {
      const ani = normaliseAni(value, region as CountryCode);
      expect(ani.kind === 'number' && ani.e164).toBe(`+${expected.replace(/ ext\. .*$/, '').replace(/\D/g, '')}`);
    }
  });
});

describe('display text with its dial target (what the detector sends for a tel:/sip: link)', () => {
  it.each([
    ['(415) 555-0123 <tel:+14155550123>', 'GB', '+1 415 555 0123', '+14155550123'],
    ['(415) 555-0123 x12 <tel:+14155550123>', 'GB', '+1 415 555 0123 ext. 12', '+14155550123'],
    ['Ada <sip:+14155550123@pbx.example.com;user=phone>', 'GB', '+1 415 555 0123', '+14155550123'],
    ['020 7946 0958 <tel:02079460958>', 'GB', '+44 20 7946 0958', '+442079460958'],
    ['+44 20 7946 0958 <tel:garbage>', 'US', '+44 20 7946 0958', '+442079460958'],
    ['+44 20 7946 0958 <tel:+1 555 555 5555>', 'US', '+44 20 7946 0958', '+442079460958'],
  ])('%j in %s shows %j and looks up %s', (value, region, expected, e164) => {
    expect(shown(value, region)).toBe(expected);
    expect(normaliseAni(value, region as CountryCode)).toMatchObject({ kind: 'number', e164 });
  });

  it('reads a withheld target as withheld and an unreadable pair as the text the agent saw', () => {
    expect(shown('Anonymous <tel:Anonymous>', 'US')).toBe('Number withheld');
    expect(shown('+1 415 555 0123 <sip:anonymous@anonymous.invalid>', 'US')).toBe('Number withheld');
    expect(shown('(415) 555-0123 <tel:(415) 555-0123>', 'GB')).toBe('Unrecognised number: (415) 555-0123');
    expect(normaliseAni('(415) 555-0123 <tel:(415) 555-0123>', 'GB').kind).toBe('invalid');
  });
});
