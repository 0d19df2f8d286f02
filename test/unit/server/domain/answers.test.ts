import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answersMatch, normaliseAnswer, normaliseDate } from '../../../../server/domain/answers.ts';

describe('normaliseDate', () => {
  it.each([
    '1980-04-12',
    '1980/4/12',
    '12/04/1980',
    '12-04-1980',
    '12.4.1980',
    '12 April 1980',
    '12th April, 1980',
    '12 apr 1980',
    '12-Apr-1980',
    'April 12 1980',
    'April 12, 1980',
    'Apr. 12th 1980',
    '  APRIL   12  1980 ',
    '19800412',
    '12041980',
    '１２/０４/１９８０',
  ])('reads %s as 1980-04-12 (day first)', (raw) => {
    expect(normaliseDate(raw, 'DMY')).toBe('1980-04-12');
  });

  it('reads numeric dates month first with MDY', () => {
    expect(normaliseDate('04/12/1980', 'MDY')).toBe('1980-04-12');
    expect(normaliseDate('04121980', 'MDY')).toBe('1980-04-12');
    expect(normaliseDate('04/12/1980', 'DMY')).toBe('1980-12-04');
    expect(normaliseDate('12 April 1980', 'MDY')).toBe('1980-04-12');
  });

  it.each(['', '1980', '31/02/1980', '12/13/1980', '32 April 1980', 'Smarch 12 1980', '12/04/80', 'yesterday', '1980-04-12T00:00'])(
    'rejects %s',
    (raw) => {
      expect(normaliseDate(raw, 'DMY')).toBeUndefined();
    },
  );

  it('round-trips any real date written in any supported notation', () => {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.nat(4), (date, style) => {
        const iso = date.toISOString().slice(0, 10);
        const [y, m, d] = iso.split('-');
        const written = [
          iso,
          `${d}/${m}/${y}`,
          `${Number(d)} ${months[Number(m) - 1]} ${y}`,
          `${months[Number(m) - 1]?.slice(0, 3)} ${Number(d)}, ${y}`,
          `${d}${m}${y}`,
        ][style] as string;
        expect(normaliseDate(written, 'DMY')).toBe(iso);
      }),
      { numRuns: 300 },
    );
  });
});

describe('normaliseAnswer / answersMatch', () => {
  it('ignores case and spaces in text (postcodes without their space)', () => {
    expect(normaliseAnswer('text', ' sw1a  1aa ')).toBe('sw1a1aa');
    expect(answersMatch('text', 'sw1a1aa', 'SW1A 1AA')).toBe(true);
    expect(answersMatch('text', 'SW1A 1AB', 'SW1A 1AA')).toBe(false);
  });

  it('keeps only digits for digits questions', () => {
    expect(normaliseAnswer('digits', '1-8 1 5')).toBe('1815');
    expect(answersMatch('digits', '18 15', '1815')).toBe(true);
    expect(answersMatch('digits', '1816', '1815')).toBe(false);
  });

  it('compares dates by value', () => {
    expect(answersMatch('date', '10 December 1985', '1985-12-10')).toBe(true);
    expect(answersMatch('date', '12/10/1985', '1985-12-10', 'MDY')).toBe(true);
    expect(answersMatch('date', '12/10/1985', '1985-12-10', 'DMY')).toBe(false);
  });

  it('never matches an empty or unreadable answer, even against an empty or unreadable expected value', () => {
    expect(answersMatch('text', '', '')).toBe(false);
    expect(answersMatch('digits', 'abc', 'xyz')).toBe(false);
    expect(answersMatch('date', 'soon', 'soon')).toBe(false);
    expect(answersMatch('text', '   ', 'x')).toBe(false);
  });
});
