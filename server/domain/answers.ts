/**
 * Answer normalisation and comparison for verification. Dates in common notations become
 * YYYY-MM-DD, digits keep only digits, text loses case and spaces (so postcodes match without their
 * space). Normalised values are compared as SHA-256 digests with crypto.timingSafeEqual.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Question } from '../../lib/api/contract.ts';

type DateOrder = 'DMY' | 'MDY';
type InputKind = Question['inputKind'];

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Month number (1-12) of an English month name or its abbreviation ("apr", "sept"), else 0. */
function monthNumber(name: string): number {
  if (name.length < 3) return 0;
  return MONTHS.findIndex((m) => m.startsWith(name) || (name === 'sept' && m === 'september')) + 1;
}

/** YYYY-MM-DD when y/m/d is a real calendar date between 1800 and 2199, else undefined. */
function isoDate(y: number, m: number, d: number): string | undefined {
  if (y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Day and month of two numbers written in `order`. */
function dayMonth(first: number, second: number, order: DateOrder): [number, number] {
  return order === 'DMY' ? [first, second] : [second, first];
}

/**
 * A date as YYYY-MM-DD, or undefined. Accepts 1980-04-12, 1980/04/12, 12/04/1980 (and with - or .),
 * 12 April 1980, 12th Apr 1980, April 12, 1980, 12-Apr-1980 and 8 keyed digits (19800412 or 12041980).
 */
export function normaliseDate(raw: string, order: DateOrder = 'DMY'): string | undefined {
  const s = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(\d)(?:st|nd|rd|th)\b/g, '$1')
    .replace(/[,\s]+/g, ' ')
    .trim();
  let m = /^(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(s);
  if (m) {
    const [d, mo] = dayMonth(Number(m[1]), Number(m[2]), order);
    return isoDate(Number(m[3]), mo, d);
  }
  m = /^(\d{8})$/.exec(s);
  if (m) {
    const t = m[1] ?? '';
    const compact = isoDate(Number(t.slice(0, 4)), Number(t.slice(4, 6)), Number(t.slice(6)));
    const [d, mo] = dayMonth(Number(t.slice(0, 2)), Number(t.slice(2, 4)), order);
    return compact ?? isoDate(Number(t.slice(4)), mo, d);
  }
  m = /^(\d{1,2})[- ]([a-z]+)\.?[- ](\d{4})$/.exec(s);
  if (m) return isoDate(Number(m[3]), monthNumber(m[2] ?? ''), Number(m[1]));
  m = /^([a-z]+)\.? (\d{1,2}) (\d{4})$/.exec(s);
  if (m) return isoDate(Number(m[3]), monthNumber(m[1] ?? ''), Number(m[2]));
  return undefined;
}

/** An answer in comparable form for its input kind; undefined when it is empty or not a date. */
export function normaliseAnswer(kind: InputKind, raw: string, order: DateOrder = 'DMY'): string | undefined {
  let out: string | undefined;
  if (kind === 'date') out = normaliseDate(raw, order);
  else if (kind === 'digits') out = raw.normalize('NFKC').replace(/\D/g, '');
  else out = raw.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  return out === '' ? undefined : out;
}

/** SHA-256 of a string (fixed length, so timingSafeEqual can compare any two answers). */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Whether a given answer matches the expected one after normalisation, compared in constant time. */
export function answersMatch(kind: InputKind, given: string, expected: string, order: DateOrder = 'DMY'): boolean {
  const a = normaliseAnswer(kind, given, order);
  const b = normaliseAnswer(kind, expected, order);
  const same = timingSafeEqual(digest(`a:${a ?? ''}`), digest(`a:${b ?? ''}`));
  return same && a !== undefined && b !== undefined;
}
