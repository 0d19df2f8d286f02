/** The verification flow state machine: every transition, and properties over random event sequences. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { startFlow, nextFlow, isTerminal, outcomeOf, apiCallFor, isLowTrust, DEFAULT_FLOW_CONFIG, type FlowEvent, type FlowState, type Challenge } from '../../../../lib/flow';
import type { Candidate } from '../../../../lib/api/contract';
import type { ApiFailure } from '../../../../lib/api/failure';

const ada: Candidate = { customerId: 'C-1001', displayName: 'Ada Lovelace', kind: 'person' };
const joan: Candidate = { customerId: 'C-1004', displayName: 'Joan Clarke', kind: 'person' };
const alan: Candidate = { customerId: 'C-1003', displayName: 'Alan Turing', kind: 'person' };
const number = { kind: 'number' as const, e164: '+14155550100', international: '+1 415 555 0100', valid: true };
const challenge: Challenge = { challengeId: 'ch1', mode: 'caller-answer', required: [{ id: 'dob', label: 'Date of birth', inputKind: 'date' }], additional: [{ id: 'postcode', label: 'Postcode', inputKind: 'text' }], additionalNeeded: 1 };
const failure = (kind: ApiFailure['kind']): ApiFailure => ({ kind, detail: 'x', requestId: 'r' });

const run = (state: FlowState, ...events: FlowEvent[]): FlowState => events.reduce(nextFlow, state);
const fromAni = (config = DEFAULT_FLOW_CONFIG) => run(startFlow(number, config), { type: 'prior.result', status: null });
const atVerify = () => run(fromAni(), { type: 'identify.result', candidates: [ada] }, { type: 'challenge.result', challenge });
const submit = (s: FlowState, outcome: 'verified' | 'failed', attemptsRemaining = 2) =>
  run(s, { type: 'verify.submit' }, { type: 'verify.result', outcome, attemptsRemaining, passed: outcome === 'verified' ? ['dob'] : [] });

describe('start and prior status', () => {
  it('checks the prior status first, then looks the ANI up', () => {
    const s = startFlow(number, DEFAULT_FLOW_CONFIG);
    expect(s.step).toEqual({ name: 'checking_prior' });
    expect(apiCallFor(s)).toEqual({ kind: 'prior' });
    expect(fromAni().step).toEqual({ name: 'identifying', method: 'ani', value: '+14155550100', auto: true });
  });
  it('skips the prior check when asked', () => {
    expect(startFlow(number, DEFAULT_FLOW_CONFIG, { checkPrior: false }).step.name).toBe('identifying');
  });
  it.each([
    [null, 'no_number'], [{ kind: 'withheld' as const, raw: 'anonymous' }, 'withheld'], [{ kind: 'invalid' as const, raw: 'x' }, 'invalid_number'],
  ])('no usable ANI (%j) → search (%s)', (ani, reason) => {
    expect(run(startFlow(ani, DEFAULT_FLOW_CONFIG), { type: 'prior.result', status: null }).step).toEqual({ name: 'search', reason });
  });
  it('ANI lookup disabled by policy → search', () => {
    expect(fromAni({ ...DEFAULT_FLOW_CONFIG, aniLookup: false }).step).toEqual({ name: 'search', reason: 'ani_lookup_off' });
  });
  it('initiating attendee pre-selects the customer (customerId lookup, no search)', () => {
    const s = run(startFlow(null, DEFAULT_FLOW_CONFIG, { customerId: 'C-1001' }), { type: 'prior.result', status: null });
    expect(s.step).toEqual({ name: 'identifying', method: 'customerId', value: 'C-1001', auto: true });
    expect(run(s, { type: 'identify.result', candidates: [ada] }).step.name).toBe('challenging');
  });
  it('verified in the IVR → verified at once, nothing asked', () => {
    const s = run(startFlow(number, DEFAULT_FLOW_CONFIG), { type: 'prior.result', status: { status: 'verified', customer: ada, verifiedBy: 'ivr' } });
    expect(s.step.name).toBe('verified');
    expect(s.verifiedBy).toBe('ivr');
    expect(outcomeOf(s)).toBe('verified');
  });
  it('verified by a previous agent', () => {
    const s = run(startFlow(number, DEFAULT_FLOW_CONFIG), { type: 'prior.result', status: { status: 'verified', customer: ada, verifiedBy: 'agent' } });
    expect(s.verifiedBy).toBe('previous-agent');
  });
  it('identified earlier → straight to the questions', () => {
    const s = run(startFlow(number, DEFAULT_FLOW_CONFIG), { type: 'prior.result', status: { status: 'identified', customer: ada, verifiedBy: 'ivr' } });
    expect(s.step.name).toBe('challenging');
    expect(outcomeOf(s)).toBe('identified');
  });
  it('prior check failing is not an error: the flow goes on', () => {
    expect(run(startFlow(number, DEFAULT_FLOW_CONFIG), { type: 'api.failed', error: failure('offline') }).step.name).toBe('identifying');
  });
});

describe('identification', () => {
  it('1 ANI match → identified only, never verified by ANI alone', () => {
    const s = run(fromAni(), { type: 'identify.result', candidates: [ada] });
    expect(s.customer).toEqual(ada);
    expect(outcomeOf(s)).toBe('identified');
    expect(apiCallFor(s)).toEqual({ kind: 'challenge', customerId: 'C-1001' });
  });
  it('several matches → chooser → select', () => {
    const s = run(fromAni(), { type: 'identify.result', candidates: [alan, joan] });
    expect(s.step).toEqual({ name: 'choose', candidates: [alan, joan] });
    expect(run(s, { type: 'select', customerId: 'C-9999' })).toBe(s);
    expect(run(s, { type: 'select', customerId: 'C-1004' }).customer).toEqual(joan);
  });
  it('0 ANI matches → search, not counted as a failed attempt', () => {
    const s = run(fromAni(), { type: 'identify.result', candidates: [] });
    expect(s.step).toEqual({ name: 'search', reason: 'no_match' });
    expect(s.identifyFailures).toBe(0);
  });
  it('last-name search always shows the list, even with one result', () => {
    const s = run(fromAni(), { type: 'identify.result', candidates: [] }, { type: 'search', method: 'lastName', value: ' Lovelace ' });
    expect(s.step).toEqual({ name: 'identifying', method: 'lastName', value: 'Lovelace', auto: false });
    expect(run(s, { type: 'identify.result', candidates: [ada] }).step.name).toBe('choose');
  });
  it('manual search misses count; the last allowed one ends at "not identified"', () => {
    let s = run(startFlow(null, DEFAULT_FLOW_CONFIG), { type: 'prior.result', status: null });
    for (let i = 1; i <= 2; i++) {
      s = run(s, { type: 'search', method: 'accountNumber', value: '1234' }, { type: 'identify.result', candidates: [] });
      expect(s.step).toEqual({ name: 'search', reason: 'no_number', notice: 'no_match' });
      expect(s.identifyFailures).toBe(i);
    }
    s = run(s, { type: 'search', method: 'accountNumber', value: '1234' }, { type: 'identify.result', candidates: [] });
    expect(s.step.name).toBe('not_identified');
    expect(isTerminal(s)).toBe(true);
    expect(outcomeOf(s)).toBe('not_identified');
  });
  it('methods not allowed by policy and empty values are ignored', () => {
    const s = run(startFlow(null, { ...DEFAULT_FLOW_CONFIG, methods: ['customerId'] }), { type: 'prior.result', status: null });
    expect(run(s, { type: 'search', method: 'lastName', value: 'x' })).toBe(s);
    expect(run(s, { type: 'search', method: 'customerId', value: '   ' })).toBe(s);
  });
  it('records the methods used once each', () => {
    const s = run(fromAni(), { type: 'identify.result', candidates: [] }, { type: 'search', method: 'lastName', value: 'L' }, { type: 'identify.result', candidates: [ada] });
    expect(s.methods).toEqual(['ani', 'lastName']);
  });
});

describe('verification', () => {
  it('challenge → questions → verified', () => {
    const s = atVerify();
    expect(s.step).toEqual({ name: 'verify', challenge });
    const v = submit(s, 'verified');
    expect(v.step.name).toBe('verified');
    expect(v.verifiedBy).toBe('agent');
    expect(v.factorsPassed).toEqual(['dob']);
    expect(outcomeOf(v)).toBe('verified');
  });
  it('a challenge with no questions stops (nothing to verify with)', () => {
    const s = run(fromAni(), { type: 'identify.result', candidates: [ada] }, { type: 'challenge.result', challenge: { ...challenge, required: [], additional: [] } });
    expect(s.step).toEqual({ name: 'stop', why: 'no_questions' });
  });
  it('a failed attempt asks again with a fresh challenge and a notice', () => {
    const s = submit(atVerify(), 'failed', 2);
    expect(s.step).toEqual({ name: 'challenging', notice: 'failed_attempt' });
    expect(run(s, { type: 'challenge.result', challenge }).step).toEqual({ name: 'verify', challenge, notice: 'failed_attempt' });
  });
  it('attempts exhausted (by count or by the API) → stop processing', () => {
    let s = atVerify();
    s = submit(s, 'failed', 2);
    s = run(s, { type: 'challenge.result', challenge });
    s = submit(s, 'failed', 1);
    s = run(s, { type: 'challenge.result', challenge });
    s = submit(s, 'failed', 5);
    expect(s.step).toEqual({ name: 'stop', why: 'verify_exhausted' });
    expect(submit(atVerify(), 'failed', 0).step).toEqual({ name: 'stop', why: 'verify_exhausted' });
    expect(outcomeOf(s)).toBe('identified');
  });
  it('locked by the API at any call → stop, with lockedUntil', () => {
    const locked: ApiFailure = { ...failure('locked'), lockedUntil: '2026-11-23T10:00:00Z' };
    for (const s of [fromAni(), run(fromAni(), { type: 'identify.result', candidates: [ada] }), run(atVerify(), { type: 'verify.submit' })]) {
      expect(run(s, { type: 'api.failed', error: locked }).step).toEqual({ name: 'stop', why: 'locked', lockedUntil: '2026-11-23T10:00:00Z' });
    }
  });
  it('interrupted verify (worker stopped, answers not stored) → asks to resubmit', () => {
    const s = run(atVerify(), { type: 'verify.submit' }, { type: 'verify.interrupted' });
    expect(s.step).toEqual({ name: 'verify', challenge, notice: 'resubmit' });
  });
});

describe('API errors at each step can be retried', () => {
  const steps: [string, FlowState][] = [
    ['identifying', fromAni()],
    ['challenging', run(fromAni(), { type: 'identify.result', candidates: [ada] })],
  ];
  it.each(steps)('%s → error → retry returns to it', (_name, s) => {
    const e = run(s, { type: 'api.failed', error: failure('server_error') });
    expect(e.step).toEqual({ name: 'error', error: failure('server_error'), retry: s.step });
    expect(run(e, { type: 'retry' }).step).toEqual(s.step);
  });
  it('verifying → error → retry returns to the question form', () => {
    const e = run(atVerify(), { type: 'verify.submit' }, { type: 'api.failed', error: failure('timeout') });
    expect(run(e, { type: 'retry' }).step).toEqual({ name: 'verify', challenge });
  });
  it('errors outside API steps are ignored', () => {
    const s = atVerify();
    expect(run(s, { type: 'api.failed', error: failure('offline') })).toBe(s);
  });
});

describe('opt-out', () => {
  const states: [string, FlowState][] = [
    ['checking prior', startFlow(number, DEFAULT_FLOW_CONFIG)],
    ['identifying', fromAni()],
    ['choose', run(fromAni(), { type: 'identify.result', candidates: [alan, joan] })],
    ['verify', atVerify()],
    ['error', run(fromAni(), { type: 'api.failed', error: failure('offline') })],
  ];
  it.each(states)('allowed at %s', (_n, s) => {
    const o = run(s, { type: 'optOut', reason: 'caller_declined' });
    expect(o.step).toEqual({ name: 'opted_out', reason: 'caller_declined' });
    expect(outcomeOf(o)).toBe(s.customer ? 'identified' : 'not_identified');
  });
  it('refused when the policy forbids it, and after the flow ended', () => {
    const off = run(startFlow(number, { ...DEFAULT_FLOW_CONFIG, allowOptOut: false }), { type: 'optOut', reason: 'other' });
    expect(off.step.name).toBe('checking_prior');
    const done = submit(atVerify(), 'verified');
    expect(run(done, { type: 'optOut', reason: 'other' })).toBe(done);
  });
});

describe('representative', () => {
  it('customer verified, then the representative is identified and verified; outcome names both', () => {
    let s = run(atVerify(), { type: 'representative', on: true });
    s = submit(s, 'verified');
    expect(s.customerVerified).toBe(true);
    expect(s.role).toBe('representative');
    expect(s.step).toEqual({ name: 'search', reason: 'representative' });
    expect(outcomeOf(s)).toBe('identified');
    s = run(s, { type: 'search', method: 'lastName', value: 'Clarke' }, { type: 'identify.result', candidates: [joan] }, { type: 'select', customerId: 'C-1004' });
    expect(s.representative).toEqual(joan);
    expect(apiCallFor(s)).toEqual({ kind: 'challenge', customerId: 'C-1004' });
    s = submit(run(s, { type: 'challenge.result', challenge }), 'verified');
    expect(s.step.name).toBe('verified');
    expect(s.customer).toEqual(ada);
    expect(outcomeOf(s)).toBe('verified');
  });
  it('a representative miss counts against identification attempts', () => {
    let s = submit(run(atVerify(), { type: 'representative', on: true }), 'verified');
    s = run(s, { type: 'search', method: 'lastName', value: 'Nobody' }, { type: 'identify.result', candidates: [] });
    expect(s.step).toEqual({ name: 'search', reason: 'representative', notice: 'no_match' });
  });
  it('cannot be toggled once the representative step began or the flow ended', () => {
    const s = submit(run(atVerify(), { type: 'representative', on: true }), 'verified');
    expect(run(s, { type: 'representative', on: false })).toBe(s);
  });
});

describe('ANI trust', () => {
  it.each([
    [{ attestation: 'C' as const }, true], [{ attestation: 'A' as const }, false], [{ verstat: 'TN-Validation-Failed' }, true],
    [{ verstat: 'TN-Validation-Passed' }, false], [{ risk: 'high' as const }, true], [undefined, false],
  ])('%j → low trust %s', (aniTrust, low) => {
    expect(isLowTrust(startFlow(number, DEFAULT_FLOW_CONFIG, aniTrust ? { aniTrust } : {}))).toBe(low);
  });
});

describe('properties', () => {
  const cand = fc.constantFrom(ada, joan, alan);
  const event: fc.Arbitrary<FlowEvent> = fc.oneof(
    fc.constant<FlowEvent>({ type: 'prior.result', status: null }),
    fc.array(cand, { maxLength: 3 }).map((candidates): FlowEvent => ({ type: 'identify.result', candidates })),
    cand.map((c): FlowEvent => ({ type: 'select', customerId: c.customerId })),
    fc.constantFrom('customerId', 'lastName').map((method): FlowEvent => ({ type: 'search', method: method as 'lastName', value: 'x' })),
    fc.constant<FlowEvent>({ type: 'challenge.result', challenge }),
    fc.constant<FlowEvent>({ type: 'verify.submit' }),
    fc.record({ outcome: fc.constantFrom<'verified' | 'failed'>('verified', 'failed'), attemptsRemaining: fc.integer({ min: 0, max: 3 }) }).map((r): FlowEvent => ({ type: 'verify.result', ...r })),
    fc.constant<FlowEvent>({ type: 'verify.interrupted' }),
    fc.constantFrom<ApiFailure['kind']>('offline', 'locked', 'server_error').map((k): FlowEvent => ({ type: 'api.failed', error: failure(k) })),
    fc.constant<FlowEvent>({ type: 'optOut', reason: 'other' }),
    fc.boolean().map((on): FlowEvent => ({ type: 'representative', on })),
    fc.constant<FlowEvent>({ type: 'retry' }),
  );
  it('never throws; terminal states absorb every event; verified only after a verify result or a prior status', () => {
    fc.assert(fc.property(fc.array(event, { maxLength: 40 }), (events) => {
      let s = startFlow(number, DEFAULT_FLOW_CONFIG);
      let sawVerified = false;
      for (const e of events) {
        const before = s;
        s = nextFlow(s, e);
        if (isTerminal(before)) expect(s).toBe(before);
        if ((e.type === 'verify.result' && e.outcome === 'verified') || e.type === 'prior.result') sawVerified ||= s.step.name === 'verified';
        if (outcomeOf(s) === 'verified') expect(sawVerified).toBe(true);
        expect(s.identifyFailures).toBeLessThanOrEqual(s.config.maxIdentifyAttempts);
        expect(s.verifyFailures).toBeLessThanOrEqual(s.config.maxVerifyAttempts);
      }
    }), { numRuns: 300 });
  });
});
