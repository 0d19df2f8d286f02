/** The identify answer's risk in the flow: reasons kept, extra questions per level and policy, signals sent to the API. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  startFlow, nextFlow, apiCallFor, challengeExtraQuestions, challengeRiskFields, identifyRiskFields, riskExtraQuestions, shownRiskReasons,
  DEFAULT_FLOW_CONFIG, type FlowConfig, type FlowEvent, type FlowState,
} from '../../../../lib/flow';
import type { Candidate, IdentifyMethod } from '../../../../lib/api/contract';
import type { RiskReason } from '../../../../lib/api/contract-risk';
import { RiskPolicySchema, riskExtraFrom } from '../../../../lib/policy/risk';

const ada: Candidate = { customerId: 'C-1001', displayName: 'Ada Lovelace', kind: 'person' };
const number = { kind: 'number' as const, e164: '+14155550100', international: '+1 415 555 0100', valid: true };
const reasons: RiskReason[] = [{ code: 'failed_attempts', count: 3, numbers: 2, hours: 24, text: '3 failed attempts on this customer in the last 24 h from 2 numbers' }];
const LEVELS = ['low', 'medium', 'high'] as const;
const ATTESTATIONS = [undefined, 'A', 'B', 'C'] as const;

const run = (state: FlowState, ...events: FlowEvent[]): FlowState => events.reduce(nextFlow, state);
const cfg = (patch: Partial<FlowConfig>): FlowConfig => ({ ...DEFAULT_FLOW_CONFIG, ...patch });
/** A call identified by its number, the answer rated `risk`. */
const identified = (config: FlowConfig, risk?: (typeof LEVELS)[number], attestation?: 'A' | 'B' | 'C') =>
  run(startFlow(number, config, attestation ? { aniTrust: { attestation } } : {}), { type: 'prior.result', status: null },
    { type: 'identify.result', candidates: [ada], ...(risk ? { risk, riskReasons: risk === 'low' ? [] : reasons } : {}) });

describe('risk reasons in the flow', () => {
  it('keeps the level and reasons of the identify answer, and still asks the questions', () => {
    const s = identified(cfg({}), 'high');
    expect(s.identifyRisk).toBe('high');
    expect(s.riskReasons).toEqual(reasons);
    expect(s.step.name).toBe('challenging');
    expect(apiCallFor(s)).toEqual({ kind: 'challenge', customerId: ada.customerId });
  });

  it('an answer without risk (an older server) sets neither', () => {
    const s = identified(cfg({}));
    expect(s.identifyRisk).toBeUndefined();
    expect(s.riskReasons).toBeUndefined();
    expect(riskExtraQuestions(s)).toBe(0);
  });

  it('a late identify answer (no longer identifying) changes nothing, reasons included', () => {
    const s = identified(cfg({}), 'low');
    const late = nextFlow(s, { type: 'identify.result', candidates: [ada], risk: 'high', riskReasons: reasons });
    expect(late).toBe(s);
  });

  it('a second look-up (a representative) replaces the level and its reasons', () => {
    let s = identified(cfg({}), 'high');
    s = run(s, { type: 'representative', on: true });
    expect(s.identifyRisk).toBe('high');
    const again = run(startFlow(null, cfg({})), { type: 'prior.result', status: null }, { type: 'search', method: 'lastName', value: 'Lovelace' },
      { type: 'identify.result', candidates: [ada], risk: 'medium', riskReasons: [] });
    expect(again.identifyRisk).toBe('medium');
    expect(again.riskReasons).toEqual([]);
  });

  it('shows reasons for medium and high only, and only when the policy shows them', () => {
    for (const level of LEVELS) {
      const s = identified(cfg({}), level);
      expect(shownRiskReasons(s, true)).toEqual(level === 'low' ? [] : reasons);
      expect(shownRiskReasons(s, false)).toEqual([]);
    }
  });
});

describe('extra questions for risk (every level, policy value and attestation)', () => {
  it('riskExtraQuestions: the policy value of the level; low, no level or no policy: none', () => {
    for (let medium = 0; medium <= 5; medium++) {
      for (let high = 0; high <= 5; high++) {
        const config = cfg({ riskExtraQuestions: { medium, high } });
        expect(riskExtraQuestions(identified(config))).toBe(0);
        expect(riskExtraQuestions(identified(config, 'low'))).toBe(0);
        expect(riskExtraQuestions(identified(config, 'medium'))).toBe(medium);
        expect(riskExtraQuestions(identified(config, 'high'))).toBe(high);
      }
    }
    expect(riskExtraQuestions(identified(cfg({}), 'high'))).toBe(0); // a state stored before the policy key existed
  });

  it('challengeExtraQuestions: the larger of the low-trust and the risk extra, never their sum', () => {
    for (const attestation of ATTESTATIONS) {
      for (const level of [undefined, ...LEVELS]) {
        for (let lowTrust = 0; lowTrust <= 5; lowTrust++) {
          for (let high = 0; high <= 5; high++) {
            const s = identified(cfg({ riskExtraQuestions: { medium: 1, high } }), level, attestation);
            const fromTrust = attestation === 'C' ? lowTrust : 0;
            const fromRisk = level === 'high' ? high : level === 'medium' ? 1 : 0;
            expect(challengeExtraQuestions(s, lowTrust), `${attestation} ${level} ${lowTrust} ${high}`).toBe(Math.max(fromTrust, fromRisk));
          }
        }
      }
    }
  });

  it('is never below either source nor above 5 (random policies and answers)', () => {
    fc.assert(fc.property(
      fc.constantFrom(...ATTESTATIONS), fc.constantFrom(undefined, ...LEVELS), fc.nat(5), fc.nat(5), fc.nat(5),
      (attestation, level, lowTrust, medium, high) => {
        const s = identified(cfg({ riskExtraQuestions: { medium, high } }), level, attestation);
        const n = challengeExtraQuestions(s, lowTrust);
        expect(n).toBeGreaterThanOrEqual(riskExtraQuestions(s));
        expect(n).toBeGreaterThanOrEqual(attestation === 'C' ? lowTrust : 0);
        expect(n).toBeLessThanOrEqual(5);
      },
    ));
  });

  it('the policy defaults: high asks one more, medium none; showReasons on', () => {
    const policy = RiskPolicySchema.parse({});
    expect(policy).toEqual({ mediumExtraQuestions: 0, highExtraQuestions: 1, showReasons: true });
    expect(riskExtraFrom(policy)).toEqual({ medium: 0, high: 1 });
    expect(riskExtraFrom(undefined)).toEqual({ medium: 0, high: 1 });
    expect(RiskPolicySchema.safeParse({ highExtraQuestions: 6 }).success).toBe(false);
    expect(RiskPolicySchema.safeParse({ mediumExtraQuestions: -1 }).success).toBe(false);
  });
});

describe('risk signals sent to the API', () => {
  it('identify: the attestation always; the caller number only when the look-up is by something else', () => {
    const s = startFlow(number, cfg({}), { aniTrust: { attestation: 'C' } });
    const methods: IdentifyMethod[] = ['ani', 'customerId', 'accountNumber', 'phone', 'lastName'];
    for (const method of methods) {
      expect(identifyRiskFields(s, method)).toEqual(method === 'ani' ? { attestation: 'C' } : { attestation: 'C', ani: number.e164 });
    }
    expect(identifyRiskFields(startFlow(null, cfg({})), 'lastName')).toEqual({});
    expect(identifyRiskFields(startFlow({ kind: 'withheld', raw: 'Anonymous' }, cfg({})), 'lastName')).toEqual({});
  });

  it('challenge: the caller number when there is one', () => {
    expect(challengeRiskFields(startFlow(number, cfg({})))).toEqual({ ani: number.e164 });
    expect(challengeRiskFields(startFlow(null, cfg({})))).toEqual({});
  });
});
