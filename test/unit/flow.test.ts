import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiFailure, ApiFailureKind } from '../../lib/api-failure.ts';
import type { Candidate, Question } from '../../lib/contract.ts';
import {
  DEFAULT_FLOW_CONFIG,
  apiCallFor,
  isLowTrust,
  isTerminal,
  nextFlow,
  outcomeOf,
  startFlow,
  type Challenge,
  type FlowConfig,
  type FlowEvent,
  type FlowState,
  type SearchMethod,
  type Step,
} from '../../lib/flow/index.ts';
import { normaliseAni, type Ani } from '../../lib/phone.ts';

const alice: Candidate = { customerId: 'C-1001', displayName: 'Alice Example', kind: 'person', maskedPhone: '+1 ••••••0100' };
const bob: Candidate = { customerId: 'C-1002', displayName: 'Bob Example', kind: 'person' };
const acme: Candidate = { customerId: 'B-2001', displayName: 'Acme Ltd', kind: 'business', accountName: 'Acme', role: 'Owner' };

const NUMBER: Ani = { kind: 'number', e164: '+14155550100', international: '+1 415 555 0100', valid: true, region: 'US' };
const WITHHELD: Ani = { kind: 'withheld', raw: 'Anonymous' };
const INVALID: Ani = { kind: 'invalid', raw: 'call me' };

const q = (id: string): Question => ({ id, label: `Question ${id}`, inputKind: 'text' });
const CHALLENGE: Challenge = { challengeId: 'ch-1', mode: 'caller-answer', required: [q('dob'), q('postcode')], additional: [], additionalNeeded: 0 };
const EMPTY_CHALLENGE: Challenge = { challengeId: 'ch-0', mode: 'caller-answer', required: [], additional: [], additionalNeeded: 0 };

const failure = (kind: ApiFailureKind = 'offline', extra: Partial<ApiFailure> = {}): ApiFailure => ({
  kind,
  detail: `detail ${kind}`,
  requestId: 'req-1',
  ...extra,
});

const config = (over: Partial<FlowConfig> = {}): FlowConfig => ({ ...DEFAULT_FLOW_CONFIG, ...over });

/** A state at `step`, otherwise as a fresh call with a number. */
const at = (step: Step, over: Partial<FlowState> = {}): FlowState => ({ ...startFlow(NUMBER, config()), step, ...over });

/** Drive a fresh call through `events`, checking each one was accepted. */
function run(state: FlowState, ...events: FlowEvent[]): FlowState {
  for (const ev of events) {
    const next = nextFlow(state, ev);
    expect(next, `event ${ev.type} in step ${state.step.name} was ignored`).not.toBe(state);
    state = next;
  }
  return state;
}

describe('startFlow', () => {
  it('starts by checking for a prior result, with clean counters', () => {
    const cfg = config();
    const s = startFlow(NUMBER, cfg);
    expect(s).toEqual({
      config: cfg,
      step: { name: 'checking_prior' },
      role: 'customer',
      actingFor: false,
      customerVerified: false,
      identifyFailures: 0,
      verifyFailures: 0,
      methods: [],
      factorsPassed: [],
      entry: { searchReason: 'no_match', aniE164: '+14155550100' },
    });
    expect(s.config).toBe(cfg);
  });

  it.each<[string, Ani | null, Partial<FlowConfig>, string]>([
    ['no number', null, {}, 'no_number'],
    ['a withheld number', WITHHELD, {}, 'withheld'],
    ['an invalid number', INVALID, {}, 'invalid_number'],
    ['a number (the search is for "no match")', NUMBER, {}, 'no_match'],
    ['a number with ANI lookup off', NUMBER, { aniLookup: false }, 'ani_lookup_off'],
  ])('remembers the search reason for %s', (_label, ani, over, reason) => {
    const s = startFlow(ani, config(over));
    expect(s.entry.searchReason).toBe(reason);
    expect('aniE164' in s.entry).toBe(ani?.kind === 'number');
  });

  it('keeps a pre-selected customer id and the ANI trust when given', () => {
    const s = startFlow(NUMBER, config(), { customerId: 'C-9', aniTrust: { attestation: 'B' } });
    expect(s.entry).toEqual({ searchReason: 'no_match', aniE164: '+14155550100', customerId: 'C-9' });
    expect(s.aniTrust).toEqual({ attestation: 'B' });
  });

  it('ignores an empty pre-selected customer id and leaves out missing trust', () => {
    const s = startFlow(NUMBER, config(), { customerId: '' });
    expect('customerId' in s.entry).toBe(false);
    expect('aniTrust' in s).toBe(false);
  });

  describe('without the prior check', () => {
    it('looks the number up automatically', () => {
      expect(startFlow(NUMBER, config(), { checkPrior: false }).step).toEqual({ name: 'identifying', method: 'ani', value: '+14155550100', auto: true });
    });

    it('prefers a customer id the CRM already names over the number', () => {
      expect(startFlow(NUMBER, config(), { checkPrior: false, customerId: 'C-7' }).step).toEqual({
        name: 'identifying',
        method: 'customerId',
        value: 'C-7',
        auto: true,
      });
    });

    it.each<[string, Ani | null, Partial<FlowConfig>, string]>([
      ['no number', null, {}, 'no_number'],
      ['a withheld number', WITHHELD, {}, 'withheld'],
      ['an invalid number', INVALID, {}, 'invalid_number'],
      ['ANI lookup switched off', NUMBER, { aniLookup: false }, 'ani_lookup_off'],
    ])('goes straight to search for %s', (_label, ani, over, reason) => {
      expect(startFlow(ani, config(over), { checkPrior: false }).step).toEqual({ name: 'search', reason });
    });

    it('checkPrior: true is the same as the default', () => {
      expect(startFlow(NUMBER, config(), { checkPrior: true })).toEqual(startFlow(NUMBER, config()));
    });
  });

  it('works with what normaliseAni returns for page values', () => {
    const s = startFlow(normaliseAni('(415) 555-0100', 'US'), config(), { checkPrior: false });
    expect(s.step).toEqual({ name: 'identifying', method: 'ani', value: '+14155550100', auto: true });
    expect(startFlow(normaliseAni('Anonymous'), config()).entry.searchReason).toBe('withheld');
  });
});

describe('prior.result', () => {
  const start = startFlow(NUMBER, config());

  it('a verified result with a customer ends the flow verified (by the IVR)', () => {
    const s = nextFlow(start, { type: 'prior.result', status: { status: 'verified', customer: alice, verifiedBy: 'ivr' } });
    expect(s).toMatchObject({ step: { name: 'verified' }, customer: alice, customerVerified: true, verifiedBy: 'ivr' });
    expect(outcomeOf(s)).toBe('verified');
    expect(isTerminal(s)).toBe(true);
  });

  it('a verified result left by an agent counts as verified by a previous agent', () => {
    const s = nextFlow(start, { type: 'prior.result', status: { status: 'verified', customer: alice, verifiedBy: 'agent' } });
    expect(s.verifiedBy).toBe('previous-agent');
  });

  it('an identified result selects the customer and asks for questions', () => {
    const s = nextFlow(start, { type: 'prior.result', status: { status: 'identified', customer: bob, verifiedBy: 'agent' } });
    expect(s).toMatchObject({ step: { name: 'challenging' }, customer: bob, customerVerified: false });
    expect(outcomeOf(s)).toBe('identified');
    expect(apiCallFor(s)).toEqual({ kind: 'challenge', customerId: bob.customerId });
  });

  it.each<[string, Extract<FlowEvent, { type: 'prior.result' }>['status']]>([
    ['no prior result', null],
    ['not identified', { status: 'not_identified', verifiedBy: 'agent' }],
    ['verified without a customer', { status: 'verified', verifiedBy: 'ivr' }],
    ['identified without a customer', { status: 'identified', verifiedBy: 'agent' }],
  ])('%s → the usual entry step', (_label, status) => {
    expect(nextFlow(start, { type: 'prior.result', status }).step).toEqual({ name: 'identifying', method: 'ani', value: '+14155550100', auto: true });
    const withheld = startFlow(WITHHELD, config());
    expect(nextFlow(withheld, { type: 'prior.result', status }).step).toEqual({ name: 'search', reason: 'withheld' });
  });

  it('is ignored outside checking_prior', () => {
    const s = at({ name: 'search', reason: 'withheld' });
    expect(nextFlow(s, { type: 'prior.result', status: { status: 'verified', customer: alice, verifiedBy: 'ivr' } })).toBe(s);
  });
});

describe('identify.result', () => {
  const auto = (method: 'ani' | 'customerId' = 'ani'): FlowState =>
    at({ name: 'identifying', method, value: method === 'ani' ? '+14155550100' : 'C-7', auto: true });
  const manual = (method: SearchMethod = 'accountNumber', over: Partial<FlowState> = {}): FlowState =>
    at({ name: 'identifying', method, value: '12345678', auto: false }, over);

  it('one candidate → selected, questions next, method recorded', () => {
    const s = nextFlow(auto(), { type: 'identify.result', candidates: [alice] });
    expect(s).toMatchObject({ step: { name: 'challenging' }, customer: alice, methods: ['ani'] });
    expect(s.step).toEqual({ name: 'challenging' });
  });

  it('several candidates → choose, keeping their order', () => {
    const s = nextFlow(auto(), { type: 'identify.result', candidates: [bob, alice, acme] });
    expect(s.step).toEqual({ name: 'choose', candidates: [bob, alice, acme] });
    expect(s.customer).toBeUndefined();
  });

  it('a single last-name match still asks the agent to confirm (choose)', () => {
    const s = nextFlow(manual('lastName'), { type: 'identify.result', candidates: [alice] });
    expect(s.step).toEqual({ name: 'choose', candidates: [alice] });
  });

  it('records each method once', () => {
    const s = nextFlow(manual('phone', { methods: ['ani', 'phone'] }), { type: 'identify.result', candidates: [alice] });
    expect(s.methods).toEqual(['ani', 'phone']);
  });

  it('no match on the automatic ANI lookup → search (no match), no failure counted', () => {
    const s = nextFlow(auto(), { type: 'identify.result', candidates: [] });
    expect(s.step).toEqual({ name: 'search', reason: 'no_match' });
    expect(s.identifyFailures).toBe(0);
  });

  it('no match on an automatic customer-id lookup → search with the entry reason', () => {
    const s = { ...auto('customerId'), entry: { searchReason: 'withheld' as const, customerId: 'C-7' } };
    expect(nextFlow(s, { type: 'identify.result', candidates: [] }).step).toEqual({ name: 'search', reason: 'withheld' });
  });

  it('no match on a manual search → counted, search again with a notice', () => {
    const s = nextFlow(manual(), { type: 'identify.result', candidates: [] });
    expect(s.identifyFailures).toBe(1);
    expect(s.step).toEqual({ name: 'search', reason: 'no_match', notice: 'no_match' });
  });

  it('no match for a representative search keeps the representative reason', () => {
    const s = nextFlow(manual('customerId', { role: 'representative', customer: alice, customerVerified: true }), {
      type: 'identify.result',
      candidates: [],
    });
    expect(s.step).toEqual({ name: 'search', reason: 'representative', notice: 'no_match' });
  });

  it('the last allowed failed search ends the flow as not identified', () => {
    const cfg = config({ maxIdentifyAttempts: 3 });
    const s = nextFlow(manual('accountNumber', { config: cfg, identifyFailures: 2 }), { type: 'identify.result', candidates: [] });
    expect(s).toMatchObject({ identifyFailures: 3, step: { name: 'not_identified' } });
    expect(isTerminal(s)).toBe(true);
    expect(outcomeOf(s)).toBe('not_identified');
  });

  it('with one attempt allowed, the first failed search is final', () => {
    const s = nextFlow(manual('accountNumber', { config: config({ maxIdentifyAttempts: 1 }) }), { type: 'identify.result', candidates: [] });
    expect(s.step).toEqual({ name: 'not_identified' });
  });

  it('a match for a representative sets the representative, not the customer', () => {
    const s = nextFlow(manual('customerId', { role: 'representative', customer: alice, customerVerified: true }), {
      type: 'identify.result',
      candidates: [bob],
    });
    expect(s).toMatchObject({ customer: alice, representative: bob, step: { name: 'challenging' } });
    expect(apiCallFor(s)).toEqual({ kind: 'challenge', customerId: bob.customerId });
  });

  it('is ignored outside identifying', () => {
    for (const step of [{ name: 'checking_prior' }, { name: 'search', reason: 'no_match' }, { name: 'verified' }] as Step[]) {
      const s = at(step);
      expect(nextFlow(s, { type: 'identify.result', candidates: [alice] })).toBe(s);
    }
  });
});

describe('select and search', () => {
  const choose = at({ name: 'choose', candidates: [alice, bob] });

  it('select picks a listed candidate', () => {
    expect(nextFlow(choose, { type: 'select', customerId: bob.customerId })).toMatchObject({ customer: bob, step: { name: 'challenging' } });
  });

  it('select of an id not in the list is ignored', () => {
    expect(nextFlow(choose, { type: 'select', customerId: 'C-9999' })).toBe(choose);
  });

  it('select outside choose is ignored', () => {
    const s = at({ name: 'search', reason: 'no_match' });
    expect(nextFlow(s, { type: 'select', customerId: alice.customerId })).toBe(s);
  });

  it('search from the search step starts a manual lookup with the trimmed value', () => {
    const s = at({ name: 'search', reason: 'withheld' });
    expect(nextFlow(s, { type: 'search', method: 'lastName', value: '  Example ' }).step).toEqual({
      name: 'identifying',
      method: 'lastName',
      value: 'Example',
      auto: false,
    });
  });

  it('search is also allowed from choose (none of these)', () => {
    expect(nextFlow(choose, { type: 'search', method: 'customerId', value: 'C-5' }).step).toMatchObject({ name: 'identifying', method: 'customerId' });
  });

  it('a blank search value is ignored', () => {
    const s = at({ name: 'search', reason: 'withheld' });
    expect(nextFlow(s, { type: 'search', method: 'lastName', value: '   ' })).toBe(s);
    expect(nextFlow(s, { type: 'search', method: 'lastName', value: '' })).toBe(s);
  });

  it('a method the policy does not offer is ignored', () => {
    const s = at({ name: 'search', reason: 'withheld' }, { config: config({ methods: ['customerId'] }) });
    expect(nextFlow(s, { type: 'search', method: 'lastName', value: 'Example' })).toBe(s);
    expect(nextFlow(s, { type: 'search', method: 'customerId', value: 'C-1' }).step.name).toBe('identifying');
  });

  it('search outside search/choose is ignored', () => {
    for (const step of [{ name: 'identifying', method: 'ani', value: '+1', auto: true }, { name: 'verify', challenge: CHALLENGE }] as Step[]) {
      const s = at(step);
      expect(nextFlow(s, { type: 'search', method: 'customerId', value: 'C-1' })).toBe(s);
    }
  });
});

describe('challenge and verify', () => {
  const challenging = at({ name: 'challenging' }, { customer: alice, methods: ['ani'] });

  it('challenge.result → verify with the questions', () => {
    expect(nextFlow(challenging, { type: 'challenge.result', challenge: CHALLENGE }).step).toEqual({ name: 'verify', challenge: CHALLENGE });
  });

  it('a challenge with no questions stops the flow', () => {
    const s = nextFlow(challenging, { type: 'challenge.result', challenge: EMPTY_CHALLENGE });
    expect(s.step).toEqual({ name: 'stop', why: 'no_questions' });
    expect(isTerminal(s)).toBe(true);
    expect(outcomeOf(s)).toBe('identified');
  });

  it('a challenge with only additional questions is enough', () => {
    const c: Challenge = { ...EMPTY_CHALLENGE, additional: [q('pet')], additionalNeeded: 1 };
    expect(nextFlow(challenging, { type: 'challenge.result', challenge: c }).step.name).toBe('verify');
  });

  it('carries the failed-attempt notice from the new challenge into verify', () => {
    const s = at({ name: 'challenging', notice: 'failed_attempt' }, { customer: alice });
    expect(nextFlow(s, { type: 'challenge.result', challenge: CHALLENGE }).step).toEqual({ name: 'verify', challenge: CHALLENGE, notice: 'failed_attempt' });
  });

  it('verify.submit → verifying; verify.interrupted → verify again with a resubmit notice', () => {
    const verify = at({ name: 'verify', challenge: CHALLENGE, notice: 'failed_attempt' }, { customer: alice });
    const verifying = nextFlow(verify, { type: 'verify.submit' });
    expect(verifying.step).toEqual({ name: 'verifying', challenge: CHALLENGE });
    expect(nextFlow(verifying, { type: 'verify.interrupted' }).step).toEqual({ name: 'verify', challenge: CHALLENGE, notice: 'resubmit' });
  });

  const verifying = at({ name: 'verifying', challenge: CHALLENGE }, { customer: alice, factorsPassed: ['dob'] });

  it('a verified answer verifies the customer, by the agent, merging the factors', () => {
    const s = nextFlow(verifying, { type: 'verify.result', outcome: 'verified', attemptsRemaining: 2, passed: ['dob', 'postcode'] });
    expect(s).toMatchObject({ step: { name: 'verified' }, customerVerified: true, verifiedBy: 'agent', factorsPassed: ['dob', 'postcode'] });
    expect(outcomeOf(s)).toBe('verified');
  });

  it('a verified answer without a passed list keeps the factors', () => {
    const s = nextFlow(verifying, { type: 'verify.result', outcome: 'verified', attemptsRemaining: 2 });
    expect(s.factorsPassed).toEqual(['dob']);
  });

  it('a failed answer with attempts left → new questions with a notice', () => {
    const s = nextFlow(verifying, { type: 'verify.result', outcome: 'failed', attemptsRemaining: 2 });
    expect(s).toMatchObject({ verifyFailures: 1, step: { name: 'challenging', notice: 'failed_attempt' } });
    expect(apiCallFor(s)).toEqual({ kind: 'challenge', customerId: alice.customerId });
  });

  it('a failed answer when the server has no attempts left → stop (exhausted)', () => {
    const s = nextFlow(verifying, { type: 'verify.result', outcome: 'failed', attemptsRemaining: 0 });
    expect(s).toMatchObject({ verifyFailures: 1, step: { name: 'stop', why: 'verify_exhausted' } });
  });

  it('the policy limit on failures stops the flow even if the server allows more', () => {
    const s = nextFlow({ ...verifying, verifyFailures: 2, config: config({ maxVerifyAttempts: 3 }) }, {
      type: 'verify.result',
      outcome: 'failed',
      attemptsRemaining: 5,
    });
    expect(s).toMatchObject({ verifyFailures: 3, step: { name: 'stop', why: 'verify_exhausted' } });
  });

  it('verify events outside their steps are ignored', () => {
    const verify = at({ name: 'verify', challenge: CHALLENGE }, { customer: alice });
    expect(nextFlow(verify, { type: 'verify.result', outcome: 'verified', attemptsRemaining: 1 })).toBe(verify);
    expect(nextFlow(verify, { type: 'verify.interrupted' })).toBe(verify);
    expect(nextFlow(verifying, { type: 'verify.submit' })).toBe(verifying);
    expect(nextFlow(challenging, { type: 'verify.submit' })).toBe(challenging);
    expect(nextFlow(verify, { type: 'challenge.result', challenge: CHALLENGE })).toBe(verify);
  });
});

describe('representative (caller acting for the customer)', () => {
  it('verifying the customer first, then the representative', () => {
    let s = startFlow(NUMBER, config(), { checkPrior: false });
    s = run(
      s,
      { type: 'representative', on: true },
      { type: 'identify.result', candidates: [alice] },
      { type: 'challenge.result', challenge: CHALLENGE },
      { type: 'verify.submit' },
      { type: 'verify.result', outcome: 'verified', attemptsRemaining: 2, passed: ['dob'] },
    );
    expect(s).toMatchObject({ role: 'representative', customerVerified: true, step: { name: 'search', reason: 'representative' } });
    expect(s.verifiedBy).toBeUndefined();
    expect(outcomeOf(s)).toBe('identified');
    s = run(
      s,
      { type: 'search', method: 'customerId', value: bob.customerId },
      { type: 'identify.result', candidates: [bob] },
      { type: 'challenge.result', challenge: CHALLENGE },
      { type: 'verify.submit' },
      { type: 'verify.result', outcome: 'verified', attemptsRemaining: 2, passed: ['postcode'] },
    );
    expect(s).toMatchObject({
      role: 'representative',
      customer: alice,
      representative: bob,
      customerVerified: true,
      verifiedBy: 'agent',
      factorsPassed: ['dob', 'postcode'],
      methods: ['ani', 'customerId'],
      step: { name: 'verified' },
    });
  });

  it('can be switched on and off while the customer is the subject', () => {
    const s = at({ name: 'search', reason: 'withheld' });
    const on = nextFlow(s, { type: 'representative', on: true });
    expect(on.actingFor).toBe(true);
    expect(nextFlow(on, { type: 'representative', on: false }).actingFor).toBe(false);
  });

  it('is ignored once the representative is the subject, and after the end', () => {
    const rep = at({ name: 'search', reason: 'representative' }, { role: 'representative', actingFor: true, customer: alice, customerVerified: true });
    expect(nextFlow(rep, { type: 'representative', on: false })).toBe(rep);
    const done = at({ name: 'verified' }, { customer: alice });
    expect(nextFlow(done, { type: 'representative', on: true })).toBe(done);
  });
});

describe('api.failed and retry', () => {
  it.each<[string, Step, Step]>([
    ['identifying', { name: 'identifying', method: 'ani', value: '+14155550100', auto: true }, { name: 'identifying', method: 'ani', value: '+14155550100', auto: true }],
    ['challenging', { name: 'challenging', notice: 'failed_attempt' }, { name: 'challenging', notice: 'failed_attempt' }],
    ['verifying', { name: 'verifying', challenge: CHALLENGE }, { name: 'verify', challenge: CHALLENGE }],
  ])('a failure while %s → error that retries the right step', (_label, step, retry) => {
    const s = at(step, { customer: alice });
    const error = failure('timeout');
    const failed = nextFlow(s, { type: 'api.failed', error });
    expect(failed.step).toEqual({ name: 'error', error, retry });
    const retried = nextFlow(failed, { type: 'retry' });
    expect(retried.step).toEqual(retry);
    expect({ ...retried, step: null }).toEqual({ ...s, step: null });
  });

  it('a failed prior check falls back to the usual entry step (no error shown)', () => {
    const s = startFlow(NUMBER, config());
    expect(nextFlow(s, { type: 'api.failed', error: failure('offline') }).step).toMatchObject({ name: 'identifying', method: 'ani' });
  });

  it('a locked answer stops the flow, keeping until when', () => {
    const s = at({ name: 'verifying', challenge: CHALLENGE }, { customer: alice });
    expect(nextFlow(s, { type: 'api.failed', error: failure('locked', { lockedUntil: '2030-01-01T00:00:00Z' }) }).step).toEqual({
      name: 'stop',
      why: 'locked',
      lockedUntil: '2030-01-01T00:00:00Z',
    });
    expect(nextFlow(s, { type: 'api.failed', error: failure('locked') }).step).toEqual({ name: 'stop', why: 'locked' });
  });

  it('a locked answer to the prior check also stops the flow', () => {
    expect(nextFlow(startFlow(NUMBER, config()), { type: 'api.failed', error: failure('locked') }).step).toEqual({ name: 'stop', why: 'locked' });
  });

  it('failures and retries outside their steps are ignored', () => {
    for (const step of [{ name: 'search', reason: 'withheld' }, { name: 'verify', challenge: CHALLENGE }, { name: 'verified' }, { name: 'choose', candidates: [alice] }] as Step[]) {
      const s = at(step, { customer: alice });
      expect(nextFlow(s, { type: 'api.failed', error: failure() })).toBe(s);
      expect(nextFlow(s, { type: 'retry' })).toBe(s);
    }
  });

  it('a late answer while in error does not leave the error step', () => {
    const err = at({ name: 'error', error: failure(), retry: { name: 'identifying', method: 'ani', value: '+1', auto: true } });
    expect(nextFlow(err, { type: 'identify.result', candidates: [alice] })).toBe(err);
    expect(nextFlow(err, { type: 'api.failed', error: failure('timeout') })).toBe(err);
  });
});

describe('opting out', () => {
  it('ends any open step as opted out when allowed', () => {
    for (const step of [{ name: 'checking_prior' }, { name: 'search', reason: 'withheld' }, { name: 'verify', challenge: CHALLENGE }] as Step[]) {
      const s = nextFlow(at(step), { type: 'optOut', reason: 'caller_declined' });
      expect(s.step).toEqual({ name: 'opted_out', reason: 'caller_declined' });
      expect(isTerminal(s)).toBe(true);
    }
  });

  it('is ignored when the policy does not allow it', () => {
    const s = at({ name: 'search', reason: 'withheld' }, { config: config({ allowOptOut: false }) });
    expect(nextFlow(s, { type: 'optOut', reason: 'urgent' })).toBe(s);
  });

  it('is ignored once the flow has ended', () => {
    for (const step of [{ name: 'verified' }, { name: 'not_identified' }, { name: 'stop', why: 'locked' }, { name: 'opted_out', reason: 'other' }] as Step[]) {
      const s = at(step, { customer: alice });
      expect(nextFlow(s, { type: 'optOut', reason: 'urgent' })).toBe(s);
    }
  });
});

describe('outcomeOf, isTerminal, apiCallFor, isLowTrust', () => {
  it('outcome: verified only in the verified step; identified when a customer is known', () => {
    expect(outcomeOf(at({ name: 'verified' }, { customer: alice }))).toBe('verified');
    expect(outcomeOf(at({ name: 'verify', challenge: CHALLENGE }, { customer: alice }))).toBe('identified');
    expect(outcomeOf(at({ name: 'opted_out', reason: 'urgent' }, { customer: alice }))).toBe('identified');
    expect(outcomeOf(at({ name: 'opted_out', reason: 'urgent' }))).toBe('not_identified');
    expect(outcomeOf(at({ name: 'checking_prior' }))).toBe('not_identified');
  });

  it('terminal steps are exactly not_identified, verified, stop and opted_out', () => {
    const steps: Step[] = [
      { name: 'checking_prior' },
      { name: 'identifying', method: 'ani', value: '+1', auto: true },
      { name: 'choose', candidates: [alice] },
      { name: 'search', reason: 'withheld' },
      { name: 'not_identified' },
      { name: 'challenging' },
      { name: 'verify', challenge: CHALLENGE },
      { name: 'verifying', challenge: CHALLENGE },
      { name: 'verified' },
      { name: 'stop', why: 'no_questions' },
      { name: 'opted_out', reason: 'other' },
      { name: 'error', error: failure(), retry: { name: 'challenging' } },
    ];
    const terminal = steps.filter((step) => isTerminal(at(step))).map((s) => s.name);
    expect(terminal).toEqual(['not_identified', 'verified', 'stop', 'opted_out']);
  });

  it('apiCallFor: prior check, identify, challenge for the current subject, nothing otherwise', () => {
    expect(apiCallFor(at({ name: 'checking_prior' }))).toEqual({ kind: 'prior' });
    expect(apiCallFor(at({ name: 'identifying', method: 'lastName', value: 'Example', auto: false }))).toEqual({
      kind: 'identify',
      method: 'lastName',
      value: 'Example',
    });
    expect(apiCallFor(at({ name: 'challenging' }, { customer: alice }))).toEqual({ kind: 'challenge', customerId: alice.customerId });
    expect(apiCallFor(at({ name: 'challenging' }, { role: 'representative', customer: alice, representative: bob }))).toEqual({
      kind: 'challenge',
      customerId: bob.customerId,
    });
    expect(apiCallFor(at({ name: 'challenging' }))).toBeNull();
    expect(apiCallFor(at({ name: 'challenging' }, { role: 'representative', customer: alice }))).toBeNull();
    for (const step of [{ name: 'verify', challenge: CHALLENGE }, { name: 'verifying', challenge: CHALLENGE }, { name: 'search', reason: 'withheld' }] as Step[]) {
      expect(apiCallFor(at(step, { customer: alice }))).toBeNull();
    }
  });

  it.each<[string, FlowState['aniTrust'], boolean]>([
    ['no trust data', undefined, false],
    ['attestation A', { attestation: 'A' }, false],
    ['attestation B', { attestation: 'B' }, false],
    ['attestation C', { attestation: 'C' }, true],
    ['high risk', { risk: 'high' }, true],
    ['medium risk', { risk: 'medium' }, false],
    ['a failed verstat', { verstat: 'TN-Validation-Failed' }, true],
    ['a failed verstat in lower case', { verstat: 'tn-validation-failed' }, true],
    ['a passed verstat', { verstat: 'TN-Validation-Passed' }, false],
  ])('isLowTrust with %s → %s', (_label, aniTrust, low) => {
    const s = startFlow(NUMBER, config(), aniTrust ? { aniTrust } : {});
    expect(isLowTrust(s)).toBe(low);
  });
});

describe('full calls', () => {
  it('number → no prior → ANI match → questions → verified', () => {
    const s = run(
      startFlow(NUMBER, config()),
      { type: 'prior.result', status: null },
      { type: 'identify.result', candidates: [alice] },
      { type: 'challenge.result', challenge: CHALLENGE },
      { type: 'verify.submit' },
      { type: 'verify.result', outcome: 'verified', attemptsRemaining: 2, passed: ['dob', 'postcode'] },
    );
    expect(s).toMatchObject({ step: { name: 'verified' }, customer: alice, methods: ['ani'], verifyFailures: 0, identifyFailures: 0 });
  });

  it('withheld → manual search with a failure → choose → fail once → verified', () => {
    const s = run(
      startFlow(WITHHELD, config()),
      { type: 'prior.result', status: null },
      { type: 'search', method: 'accountNumber', value: '999' },
      { type: 'identify.result', candidates: [] },
      { type: 'search', method: 'lastName', value: 'Example' },
      { type: 'identify.result', candidates: [alice, bob] },
      { type: 'select', customerId: alice.customerId },
      { type: 'api.failed', error: failure('timeout') },
      { type: 'retry' },
      { type: 'challenge.result', challenge: CHALLENGE },
      { type: 'verify.submit' },
      { type: 'verify.result', outcome: 'failed', attemptsRemaining: 2 },
      { type: 'challenge.result', challenge: CHALLENGE },
      { type: 'verify.submit' },
      { type: 'verify.result', outcome: 'verified', attemptsRemaining: 1 },
    );
    expect(s).toMatchObject({ step: { name: 'verified' }, customer: alice, identifyFailures: 1, verifyFailures: 1, methods: ['accountNumber', 'lastName'] });
  });
});

describe('nextFlow properties', () => {
  const pool = [alice, bob, acme];
  const candidates = fc.subarray(pool);
  const apiFailure: fc.Arbitrary<ApiFailure> = fc.record({
    kind: fc.constantFrom<ApiFailureKind>('offline', 'timeout', 'unauthorised', 'locked', 'rate_limited', 'rejected', 'bad_response', 'server_error'),
    detail: fc.string({ maxLength: 5 }),
    requestId: fc.uuid(),
  });
  const challenge: fc.Arbitrary<Challenge> = fc.record({
    challengeId: fc.constantFrom('ch-1', 'ch-2'),
    mode: fc.constantFrom('caller-answer' as const, 'agent-judged' as const),
    required: fc.subarray([q('dob'), q('postcode')]),
    additional: fc.subarray([q('pet')]),
    additionalNeeded: fc.nat(2),
  });
  const method = fc.constantFrom<SearchMethod>('customerId', 'accountNumber', 'phone', 'lastName');
  const event: fc.Arbitrary<FlowEvent> = fc.oneof(
    fc.record({
      type: fc.constant('prior.result' as const),
      status: fc.option(
        fc.record(
          {
            status: fc.constantFrom('verified' as const, 'identified' as const, 'not_identified' as const),
            customer: fc.constantFrom(...pool),
            verifiedBy: fc.constantFrom('ivr' as const, 'agent' as const),
          },
          { requiredKeys: ['status', 'verifiedBy'] },
        ),
      ),
    }),
    fc.record({ type: fc.constant('identify.result' as const), candidates }),
    fc.record({ type: fc.constant('select' as const), customerId: fc.constantFrom(...pool.map((c) => c.customerId), 'C-none') }),
    fc.record({ type: fc.constant('search' as const), method, value: fc.constantFrom('C-1', ' Example ', '', '  ') }),
    fc.record({ type: fc.constant('challenge.result' as const), challenge }),
    fc.constant({ type: 'verify.submit' as const }),
    fc.record(
      {
        type: fc.constant('verify.result' as const),
        outcome: fc.constantFrom('verified' as const, 'failed' as const),
        attemptsRemaining: fc.nat(3),
        passed: fc.subarray(['dob', 'postcode', 'pet']),
      },
      { requiredKeys: ['type', 'outcome', 'attemptsRemaining'] },
    ),
    fc.constant({ type: 'verify.interrupted' as const }),
    fc.record({ type: fc.constant('api.failed' as const), error: apiFailure }),
    fc.record({ type: fc.constant('optOut' as const), reason: fc.constantFrom('caller_declined' as const, 'no_details' as const, 'urgent' as const, 'other' as const) }),
    fc.record({ type: fc.constant('representative' as const), on: fc.boolean() }),
    fc.constant({ type: 'retry' as const }),
  );
  const flowConfig: fc.Arbitrary<FlowConfig> = fc.record({
    aniLookup: fc.boolean(),
    methods: fc.subarray(['customerId', 'accountNumber', 'phone', 'lastName'] as SearchMethod[], { minLength: 1 }),
    maxIdentifyAttempts: fc.integer({ min: 1, max: 4 }),
    verifyMode: fc.constantFrom('caller-answer' as const, 'agent-judged' as const),
    maxVerifyAttempts: fc.integer({ min: 1, max: 4 }),
    allowOptOut: fc.boolean(),
  });
  const ani: fc.Arbitrary<Ani | null> = fc.constantFrom(null, NUMBER, WITHHELD, INVALID);
  const startOpts = fc.record({ customerId: fc.constantFrom('C-1001', 'C-7'), checkPrior: fc.boolean() }, { requiredKeys: [] });

  /** Which steps each event applies to, from the documented behaviour. */
  function fits(state: FlowState, ev: FlowEvent): boolean {
    const step = state.step;
    switch (ev.type) {
      case 'prior.result':
        return step.name === 'checking_prior';
      case 'identify.result':
        return step.name === 'identifying';
      case 'select':
        return step.name === 'choose' && step.candidates.some((c) => c.customerId === ev.customerId);
      case 'search':
        return (step.name === 'search' || step.name === 'choose') && state.config.methods.includes(ev.method) && ev.value.trim() !== '';
      case 'challenge.result':
        return step.name === 'challenging';
      case 'verify.submit':
        return step.name === 'verify';
      case 'verify.interrupted':
      case 'verify.result':
        return step.name === 'verifying';
      case 'api.failed':
        return ['checking_prior', 'identifying', 'challenging', 'verifying'].includes(step.name);
      case 'optOut':
        return state.config.allowOptOut && !isTerminal(state);
      case 'representative':
        return state.role === 'customer' && !isTerminal(state);
      case 'retry':
        return step.name === 'error';
    }
  }

  it('events that do not fit leave the state unchanged; invariants hold along any sequence', () => {
    fc.assert(
      fc.property(ani, flowConfig, startOpts, fc.array(event, { maxLength: 25 }), (a, cfg, opts, events) => {
        let state = startFlow(a, cfg, opts);
        for (const ev of events) {
          const next = nextFlow(state, ev);
          if (!fits(state, ev)) expect(next).toBe(state);
          if (isTerminal(state)) expect(next).toBe(state); // final outcomes never change
          expect(next.config).toBe(cfg);
          expect(next.identifyFailures).toBeGreaterThanOrEqual(state.identifyFailures);
          expect(next.verifyFailures).toBeGreaterThanOrEqual(state.verifyFailures);
          expect(next.identifyFailures).toBeLessThanOrEqual(cfg.maxIdentifyAttempts);
          expect(next.verifyFailures).toBeLessThanOrEqual(cfg.maxVerifyAttempts);
          expect(new Set(next.methods).size).toBe(next.methods.length);
          expect(new Set(next.factorsPassed).size).toBe(next.factorsPassed.length);
          if (next.step.name === 'verified') expect(next.customer).toBeDefined();
          if (next.customerVerified) expect(next.customer).toBeDefined();
          if (next.role === 'representative') expect(next.customerVerified).toBe(true);
          if (next.step.name === 'error') expect(['identifying', 'challenging', 'verify']).toContain(next.step.retry.name);
          if (next.step.name === 'challenging') expect(apiCallFor(next)).not.toBeNull();
          expect(outcomeOf(next)).toBe(next.step.name === 'verified' ? 'verified' : next.customer ? 'identified' : 'not_identified');
          state = next;
        }
      }),
      { numRuns: 500 },
    );
  });
});
