import { describe, expect, it } from 'vitest';
import { computeKpis, percentile, timesToVerify } from '../../../../lib/reports/kpi.ts';
import { failed, ivr, optOut, row, verifiedIn } from './helpers.ts';

describe('percentile (nearest rank)', () => {
  it('picks the value at rank ceil(p·n)', () => {
    const v = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(v, 0.5)).toBe(50);
    expect(percentile(v, 0.9)).toBe(90);
    expect(percentile(v, 1)).toBe(100);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3], 0.5)).toBe(2);
  });
  it('is null without values', () => expect(percentile([], 0.5)).toBeNull());
});

describe('computeKpis', () => {
  it('3 withheld opt-outs and 1 ANI-verified call', () => {
    const k = computeKpis([optOut(1), optOut(2), optOut(3), verifiedIn(4, 42)]);
    expect(k).toMatchObject({
      total: 4, verified: 1, identified: 0, notIdentified: 3, optOuts: 3, aniMatches: 1, verifyTried: 1, failures: 0, lockouts: 0,
      identificationRate: 0.25, aniMatchRate: 0.25, verificationRate: 0.25, failureRate: 0, lockoutRate: 0, optOutRate: 0.75,
      medianTtvMs: 42_000, p90TtvMs: 42_000, reasksAvoided: 0, reasksAvoidedShare: 0,
    });
  });

  it('rates are null, not 0 or NaN, when nothing is there to divide by', () => {
    const k = computeKpis([]);
    expect(k.total).toBe(0);
    for (const key of ['identificationRate', 'aniMatchRate', 'verificationRate', 'failureRate', 'lockoutRate', 'optOutRate', 'medianTtvMs', 'p90TtvMs', 'reasksAvoidedShare'] as const) {
      expect(k[key], key).toBeNull();
    }
    expect(computeKpis([optOut(1)]).failureRate).toBeNull(); // no verification tried
  });

  it('failures and lockouts count calls that tried verification and did not end verified', () => {
    const rows = [failed(1, 1), failed(2, 2), failed(3, 3), failed(4, 5), verifiedIn(5, 60), row(6, { attempts: { identify: 0, verify: 3 } })];
    const k = computeKpis(rows, 3);
    expect(k).toMatchObject({ verifyTried: 6, failures: 4, lockouts: 2, failureRate: 4 / 6, lockoutRate: 2 / 6 });
    expect(computeKpis(rows, 2).lockouts).toBe(3); // the policy's limit decides
    expect(computeKpis(rows, 1).lockouts).toBe(4);
  });

  it('identified-only calls count for identification, ANI match only when ANI was tried', () => {
    const manual = row(2, { outcome: 'identified', methods: ['lastName'], attempts: { identify: 1, verify: 0 }, factorsPassed: [] });
    const k = computeKpis([failed(1, 1), manual, optOut(3)]);
    expect(k).toMatchObject({ identified: 2, identificationRate: 2 / 3, aniMatches: 1, aniMatchRate: 1 / 3, verificationRate: 0 });
  });

  it('re-asks avoided: verified by the IVR, or by a previous agent (agent with no attempt); their times are left out', () => {
    const previous = row(3, { verifiedBy: 'agent', attempts: { identify: 0, verify: 0 } });
    const rows = [ivr(1), ivr(2), previous, verifiedIn(4, 30), verifiedIn(5, 90), failed(6, 0)];
    const k = computeKpis(rows);
    expect(k).toMatchObject({ verified: 5, reasksAvoided: 3, reasksAvoidedShare: 3 / 5, medianTtvMs: 30_000, p90TtvMs: 90_000 });
    expect(Array.from(timesToVerify(rows))).toEqual([30_000, 90_000]);
  });

  it('median and p90 over many calls, in any input order', () => {
    const rows = Array.from({ length: 100 }, (_, i) => verifiedIn(i + 1, ((i * 37) % 100) + 1));
    const k = computeKpis(rows);
    expect(k.medianTtvMs).toBe(50_000);
    expect(k.p90TtvMs).toBe(90_000);
  });
});
