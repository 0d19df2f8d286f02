import { describe, expect, it } from 'vitest';
import { RiskAssessment } from '../../../../lib/api/contract-risk.ts';
import { DEFAULT_RISK, riskConfig } from '../../../../server/domain/risk/config.ts';
import { decideRisk, riskiest, type RiskSignals } from '../../../../server/domain/risk/decide.ts';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const DAY = 86_400_000;
const NONE: RiskSignals = { failures: 0, failureNumbers: 0, failuresFromOtherNumbers: 0, numberMisses: 0 };
const decide = (s: Partial<RiskSignals>) => RiskAssessment.parse(decideRisk({ ...NONE, ...s }, DEFAULT_RISK, NOW));
const codes = (s: Partial<RiskSignals>) => decide(s).reasons.map((r) => r.code);

describe('decideRisk', () => {
  it('is low with no reasons when nothing was seen (attestation A included)', () => {
    expect(decide({})).toEqual({ level: 'low', reasons: [] });
    expect(decide({ attestation: 'A' })).toEqual({ level: 'low', reasons: [] });
  });

  it('3 failures from other numbers is high, worded with the count, window and numbers', () => {
    const r = decide({ failures: 3, failureNumbers: 2, failuresFromOtherNumbers: 3 });
    expect(r.level).toBe('high');
    expect(r.reasons).toEqual([{ code: 'failed_attempts', count: 3, numbers: 2, hours: 24, text: '3 failed attempts on this customer in the last 24 h from 2 numbers' }]);
  });

  it('one failure is medium, singular words; failures with no known number leave "from" out', () => {
    expect(decide({ failures: 1, failureNumbers: 1 })).toMatchObject({ level: 'medium', reasons: [{ text: '1 failed attempt on this customer in the last 24 h from 1 number' }] });
    expect(decide({ failures: 2 }).reasons[0]?.text).toBe('2 failed attempts on this customer in the last 24 h');
    // Two failures from another number: medium plus the other-number point, still below high.
    expect(decide({ failures: 2, failureNumbers: 1, failuresFromOtherNumbers: 2 }).level).toBe('medium');
  });

  it('attestation C alone is medium, B alone stays low but is given as a reason', () => {
    expect(decide({ attestation: 'C' })).toMatchObject({ level: 'medium', reasons: [{ code: 'attestation', value: 'C' }] });
    expect(decide({ attestation: 'B' })).toMatchObject({ level: 'low', reasons: [{ code: 'attestation', value: 'B' }] });
  });

  it('misses from the number count from the threshold on', () => {
    expect(codes({ numberMisses: 1 })).toEqual([]);
    expect(decide({ numberMisses: 2 })).toMatchObject({ level: 'medium', reasons: [{ code: 'number_misses', count: 2, text: '2 look-ups from this number found nobody in the last 24 h' }] });
  });

  it('a contact change counts within its days only, and never from the future', () => {
    expect(decide({ contactChangedAt: NOW - 3 * DAY - 1 })).toMatchObject({ level: 'medium', reasons: [{ code: 'contact_changed', days: 3, text: 'The phone or email on file changed 3 days ago' }] });
    expect(decide({ contactChangedAt: NOW - 60_000 }).reasons[0]?.text).toBe('The phone or email on file changed today');
    expect(codes({ contactChangedAt: NOW - 14 * DAY })).toEqual([]);
    expect(codes({ contactChangedAt: NOW + DAY })).toEqual([]);
    expect(codes({ contactChangedAt: null })).toEqual([]);
  });

  it('number facts: SIM swap (medium), forwarding (medium), VoIP (low alone); together high', () => {
    expect(decide({ number: { simSwappedAt: NOW - DAY } })).toMatchObject({ level: 'medium', reasons: [{ code: 'sim_swap', days: 1 }] });
    expect(codes({ number: { simSwappedAt: NOW - 8 * DAY } })).toEqual([]);
    expect(decide({ number: { forwarded: true } }).level).toBe('medium');
    expect(decide({ number: { lineType: 'voip' } })).toMatchObject({ level: 'low', reasons: [{ code: 'line_type', value: 'voip' }] });
    expect(decide({ number: { lineType: 'mobile' } }).reasons).toEqual([]);
    const all = decide({ number: { simSwappedAt: NOW, forwarded: true, lineType: 'voip' } });
    expect(all.level).toBe('high');
    expect(all.reasons.map((r) => r.code)).toEqual(['sim_swap', 'call_forwarding', 'line_type']); // strongest first
  });

  it('medium signals add up to high (attestation C and a recent contact change)', () => {
    const r = decide({ attestation: 'C', contactChangedAt: NOW - DAY });
    expect(r.level).toBe('high');
    expect(r.reasons.map((x) => x.code).sort()).toEqual(['attestation', 'contact_changed']);
  });

  it('follows the configured window and thresholds', () => {
    const cfg = riskConfig({ windowHours: 48, failuresHigh: 5, high: 6 });
    const r = decideRisk({ ...NONE, failures: 3, failureNumbers: 1 }, cfg, NOW);
    expect(r).toMatchObject({ level: 'medium', reasons: [{ hours: 48, text: '3 failed attempts on this customer in the last 48 h from 1 number' }] });
    expect(() => riskConfig({ windowHours: 0 })).toThrow(/Invalid risk config/);
  });
});

describe('riskiest', () => {
  const low = { level: 'low' as const, reasons: [] };
  const medium = decideRisk({ ...NONE, attestation: 'C' }, DEFAULT_RISK, NOW);
  const high = decideRisk({ ...NONE, failures: 3 }, DEFAULT_RISK, NOW);
  it('takes the highest level among candidates, then the one with more reasons', () => {
    expect(riskiest([])).toEqual(low);
    expect(riskiest([low, high, medium])).toBe(high);
    const moreMedium = decideRisk({ ...NONE, attestation: 'C', number: { lineType: 'voip' } }, DEFAULT_RISK, NOW);
    expect(riskiest([medium, moreMedium])).toBe(moreMedium);
  });
});
