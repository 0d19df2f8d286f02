/** The verification flow state machine: every transition, and properties over random event sequences. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { startFlow, nextFlow, isTerminal, outcomeOf, apiCallFor, isLowTrust, DEFAULT_FLOW_CONFIG, type FlowEvent, type FlowState, type Challenge, type PriorStatus, verificationInProgress } from '../../../../lib/flow';
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
  /** A prior result as the API answers it for Ada, verified `ago` seconds ago, holding the caller's number. */
  const prior = (extra: Partial<PriorStatus> = {}): PriorStatus => ({ status: 'verified', customer: ada, verifiedBy: 'ivr', verifiedAt: '2026-12-06T14:02:00.000Z', verifiedSecondsAgo: 30, aniMatch: true, ...extra });
  const withPrior = (p: PriorStatus, callAgeSeconds = 0, ani: typeof number | null = number, config = DEFAULT_FLOW_CONFIG) =>
    run(startFlow(ani, config), { type: 'prior.result', status: p, callAgeSeconds });

  it('verified in the IVR, recorded within the window before the call, for the holder of the number → verified, nothing asked', () => {
    const s = withPrior(prior());
    expect(s.step.name).toBe('verified');
    expect(s.verifiedBy).toBe('ivr');
    expect(s.prior).toEqual({ status: 'verified', verifiedBy: 'ivr', verifiedAt: '2026-12-06T14:02:00.000Z' });
    expect(outcomeOf(s)).toBe('verified');
  });
  it('verified by a previous agent', () => {
    expect(withPrior(prior({ verifiedBy: 'agent' })).verifiedBy).toBe('previous-agent');
  });
  it('the window: recorded after the call started always counts; before it, only within priorWindowMinutes', () => {
    const window = DEFAULT_FLOW_CONFIG.priorWindowMinutes * 60;
    expect(withPrior(prior({ verifiedSecondsAgo: 600 + window }), 600).step.name).toBe('verified'); // at the edge
    expect(withPrior(prior({ verifiedSecondsAgo: 601 + window }), 600).step.name).toBe('challenging');
    const none = { ...DEFAULT_FLOW_CONFIG, priorWindowMinutes: 0 };
    expect(withPrior(prior({ verifiedSecondsAgo: 20 }), 30, number, none).step.name).toBe('verified'); // after the call started
    expect(withPrior(prior({ verifiedSecondsAgo: 40 }), 30, number, none).step.name).toBe('challenging'); // before it
    expect(withPrior(prior({ verifiedSecondsAgo: 0 }), -5, number, none).step.name).toBe('verified'); // a negative age counts as 0
  });
  it('an old verification → identified and asked, with the reason kept for the panel', () => {
    const s = withPrior(prior({ verifiedSecondsAgo: 86_400 }));
    expect(s.step.name).toBe('challenging');
    expect(s.customer).toEqual(ada);
    expect(s.customerVerified).toBe(false);
    expect(s.prior?.refused).toBe('stale');
    expect(outcomeOf(s)).toBe('identified');
  });
  it('no verifiedAt (age unknown) is never fresh', () => {
    const { verifiedSecondsAgo: _, ...noAge } = prior();
    expect(withPrior(noAge).step.name).toBe('challenging');
  });
  it("a customer who does not hold the caller's number (or no answer about it) → the prior result is ignored, the number looked up", () => {
    for (const p of [prior({ aniMatch: false }), { ...prior(), aniMatch: undefined }, prior({ status: 'identified', aniMatch: false })]) {
      const s = withPrior(p);
      expect(s.step).toEqual({ name: 'identifying', method: 'ani', value: '+14155550100', auto: true });
      expect(s.customer).toBeUndefined();
      expect(s.prior?.refused).toBe(p.status === 'verified' ? 'other_number' : undefined);
    }
  });
  it('no caller number to check → identified and asked, never verified', () => {
    const s = withPrior(prior(), 0, null);
    expect(s.step.name).toBe('challenging');
    expect(s.prior?.refused).toBe('no_number');
  });
  it('identified earlier → straight to the questions', () => {
    const s = withPrior(prior({ status: 'identified' }));
    expect(s.step.name).toBe('challenging');
    expect(s.prior).toBeUndefined();
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

describe('challenge on engage (policy verification.challenge)', () => {
  const onEngage = { ...DEFAULT_FLOW_CONFIG, challenge: 'on-engage' as const };
  it('identified → waits for the agent, asks the API nothing; engage → the challenge is fetched', () => {
    const s = run(fromAni(onEngage), { type: 'identify.result', candidates: [ada] });
    expect(s.step).toEqual({ name: 'engage' });
    expect(apiCallFor(s)).toBeNull();
    expect(outcomeOf(s)).toBe('identified');
    const engaged = run(s, { type: 'engage' });
    expect(engaged.step).toEqual({ name: 'challenging' });
    expect(apiCallFor(engaged)).toEqual({ kind: 'challenge', customerId: 'C-1001' });
  });
  it('engage means nothing outside that step; auto never stops there', () => {
    expect(run(fromAni(onEngage), { type: 'engage' }).step.name).toBe('identifying');
    expect(run(fromAni(), { type: 'identify.result', candidates: [ada] }).step.name).toBe('challenging');
  });
  it('a failed attempt asks again without a new engagement (the agent is engaged)', () => {
    const s = run(fromAni(onEngage), { type: 'identify.result', candidates: [ada] }, { type: 'engage' }, { type: 'challenge.result', challenge });
    expect(submit(s, 'failed').step).toEqual({ name: 'challenging', notice: 'failed_attempt' });
  });
});

describe('verification in progress (a new call then needs the agent to confirm)', () => {
  const s0 = fromAni();
  const engaged = run(atVerify(), { type: 'engage' });
  const cases: [string, FlowState, boolean][] = [
    ['checking prior', startFlow(number, DEFAULT_FLOW_CONFIG), false],
    ['identifying', s0, false],
    ['choose', run(s0, { type: 'identify.result', candidates: [ada, joan] }), false],
    ['search', run(startFlow(null, DEFAULT_FLOW_CONFIG), { type: 'prior.result', status: null }), false],
    ['engage (questions not started)', run(fromAni({ ...DEFAULT_FLOW_CONFIG, challenge: 'on-engage' }), { type: 'identify.result', candidates: [ada] }), false],
    ['challenging, agent engaged (on-engage)', run(fromAni({ ...DEFAULT_FLOW_CONFIG, challenge: 'on-engage' }), { type: 'identify.result', candidates: [ada] }, { type: 'engage' }), true],
    ['challenging (auto, untouched)', run(s0, { type: 'identify.result', candidates: [ada] }), false],
    ['verify, questions on screen untouched (auto)', atVerify(), false],
    ['verify, an answer typed', engaged, true],
    ['verifying', run(atVerify(), { type: 'verify.submit' }), true],
    ['error while verifying', run(engaged, { type: 'verify.submit' }, { type: 'api.failed', error: failure('offline') }), true],
    ['error while identifying', run(s0, { type: 'api.failed', error: failure('offline') }), false],
    ['after a failed attempt', submit(atVerify(), 'failed'), true],
    ['customer verified, representative to do', run(submit(run(atVerify(), { type: 'representative', on: true }), 'verified'), { type: 'search', method: 'lastName', value: 'Clarke' }), true],
    ['verified', submit(engaged, 'verified'), false],
    ['stopped', submit(engaged, 'failed', 0), false],
    ['opted out', run(engaged, { type: 'optOut', reason: 'other' }), false],
    ['not identified', run(s0, { type: 'identify.result', candidates: [] }, ...Array.from({ length: 3 }, (): FlowEvent[] => [{ type: 'search', method: 'lastName', value: 'x' }, { type: 'identify.result', candidates: [] }]).flat()), false],
  ];
  it.each(cases)('%s → %s', (_name, state, expected) => {
    expect(verificationInProgress(state)).toBe(expected);
  });
  it('every step name is covered above', () => {
    const names = new Set(cases.map(([, st]) => st.step.name));
    const all: FlowState['step']['name'][] = ['checking_prior', 'identifying', 'choose', 'search', 'not_identified', 'engage', 'challenging', 'verify', 'verifying', 'verified', 'stop', 'opted_out', 'error'];
    expect([...names].sort()).toEqual([...all].sort());
  });
  it('engage marks the agent engaged once, only at the question steps', () => {
    expect(run(engaged, { type: 'engage' })).toBe(engaged);
    expect(run(s0, { type: 'engage' })).toBe(s0);
    expect(engaged.step).toEqual(atVerify().step);
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
    fc.record({ aniMatch: fc.option(fc.boolean(), { nil: undefined }), verifiedSecondsAgo: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }), callAgeSeconds: fc.integer({ min: -10, max: 600 }) })
      .map(({ aniMatch, verifiedSecondsAgo, callAgeSeconds }): FlowEvent => ({
        type: 'prior.result', callAgeSeconds,
        status: { status: 'verified', customer: ada, verifiedBy: 'ivr', ...(aniMatch === undefined ? {} : { aniMatch }), ...(verifiedSecondsAgo === undefined ? {} : { verifiedSecondsAgo }) },
      })),
    fc.constant<FlowEvent>({ type: 'engage' }),
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
    fc.assert(fc.property(fc.array(event, { maxLength: 40 }), fc.constantFrom<'auto' | 'on-engage'>('auto', 'on-engage'), (events, mode) => {
      let s = startFlow(number, { ...DEFAULT_FLOW_CONFIG, challenge: mode });
      let sawVerified = false;
      let engagedYet = false;
      for (const e of events) {
        const before = s;
        s = nextFlow(s, e);
        if (isTerminal(before)) expect(s).toBe(before);
        if ((e.type === 'verify.result' && e.outcome === 'verified') || e.type === 'prior.result') sawVerified ||= s.step.name === 'verified';
        // A prior result verifies only with the number held and a known age within the call and the window.
        if (e.type === 'prior.result' && before.step.name === 'checking_prior' && s.step.name === 'verified') {
          expect(e.status?.aniMatch).toBe(true);
          expect(e.status?.verifiedSecondsAgo).toBeLessThanOrEqual(Math.max(0, e.callAgeSeconds ?? 0) + s.config.priorWindowMinutes * 60);
        }
        // In on-engage mode no challenge is asked for before an engage event.
        engagedYet ||= e.type === 'engage';
        if (mode === 'on-engage' && apiCallFor(s)?.kind === 'challenge') expect(engagedYet).toBe(true);
        if (outcomeOf(s) === 'verified') expect(sawVerified).toBe(true);
        expect(s.identifyFailures).toBeLessThanOrEqual(s.config.maxIdentifyAttempts);
        expect(s.verifyFailures).toBeLessThanOrEqual(s.config.maxVerifyAttempts);
      }
    }), { numRuns: 300 });
  });
});
