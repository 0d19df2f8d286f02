import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isGuardLevel, levelOf, meets, type GuardLevel, type LevelInput } from '../../../../lib/guards/level.ts';

type StepUp = NonNullable<LevelInput['flow']>['stepUp'];
const ix = (step: string, customer?: unknown, stepUp?: StepUp): LevelInput => ({ flow: { step: { name: step }, customer, ...(stepUp ? { stepUp } : {}) } });
const LEVELS: GuardLevel[] = ['none', 'identified', 'verified', 'step-up'];

describe('levelOf', () => {
  it('is none without an interaction or a customer', () => {
    expect(levelOf(null)).toBe('none');
    expect(levelOf(undefined)).toBe('none');
    expect(levelOf(ix('search'))).toBe('none');
    expect(levelOf(ix('not_identified'))).toBe('none');
  });
  it('is identified with a customer until the flow reaches verified', () => {
    for (const step of ['verify', 'verifying', 'challenging', 'stop', 'opted_out', 'error']) expect(levelOf(ix(step, { customerId: 'C1' }))).toBe('identified');
  });
  it('is verified at the verified step, step-up only with a recorded step-up time', () => {
    expect(levelOf(ix('verified', { customerId: 'C1' }))).toBe('verified');
    expect(levelOf(ix('verified', { customerId: 'C1' }, { passedAt: 1 }))).toBe('step-up');
    expect(levelOf(ix('verified', { customerId: 'C1' }, { passedAt: '1' }))).toBe('verified');
    expect(levelOf(ix('verified', { customerId: 'C1' }, {}))).toBe('verified');
    // Only the flow's own record counts: a passedAt beside the flow (not where the flow keeps it) does not.
    expect(levelOf({ flow: { step: { name: 'verified' }, customer: { customerId: 'C1' } }, stepUp: { passedAt: 1 } } as LevelInput)).toBe('verified');
  });
  it('gives no step-up credit to an unverified or unidentified caller', () => {
    expect(levelOf(ix('verify', { customerId: 'C1' }, { passedAt: 5 }))).toBe('identified');
    expect(levelOf(ix('verified', undefined, { passedAt: 5 }))).toBe('verified');
  });
});

describe('meets', () => {
  it('orders none < identified < verified < step-up', () => {
    expect(meets('identified', 'verified')).toBe(false);
    expect(meets('none', 'verified')).toBe(false);
    expect(meets('verified', 'verified')).toBe(true);
    expect(meets('verified', 'step-up')).toBe(false);
    expect(meets('step-up', 'step-up')).toBe(true);
    expect(meets('step-up', 'verified')).toBe(true);
  });
  it('is monotone: a higher level meets whatever a lower one meets', () => {
    fc.assert(fc.property(fc.constantFrom(...LEVELS), fc.constantFrom(...LEVELS), fc.constantFrom('verified' as const, 'step-up' as const), (a, b, req) => {
      const [lo, hi] = LEVELS.indexOf(a) <= LEVELS.indexOf(b) ? [a, b] : [b, a];
      return !meets(lo, req) || meets(hi, req);
    }));
  });
});

describe('isGuardLevel', () => {
  it('accepts the four names only', () => {
    for (const l of LEVELS) expect(isGuardLevel(l)).toBe(true);
    for (const v of ['verified ', 'VERIFIED', '', null, 2, {}, 'toString', '__proto__']) expect(isGuardLevel(v)).toBe(false);
  });
});
