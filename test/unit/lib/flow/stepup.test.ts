/** Step-up in the flow: when it is required or offered, every phase and its API call, and what its end does to the flow. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { startFlow, nextFlow, apiCallFor, outcomeOf, stepUpBusy, stepUpOffered, DEFAULT_FLOW_CONFIG, type FlowConfig, type FlowEvent, type FlowState } from '../../../../lib/flow';
import type { StepUp } from '../../../../lib/api/contract-stepup';
import type { ApiFailure } from '../../../../lib/api/failure';
import type { Candidate } from '../../../../lib/api/contract';
import { levelOf } from '../../../../lib/guards/level';

const ada: Candidate = { customerId: 'C-1001', displayName: 'Ada Lovelace', kind: 'person' };
const number = { kind: 'number' as const, e164: '+14155550100', international: '+1 415 555 0100', valid: true };
const challenge = { challengeId: 'ch1', mode: 'caller-answer' as const, required: [{ id: 'dob', label: 'Date of birth', inputKind: 'date' as const }], additional: [], additionalNeeded: 0 };
const failure = (kind: ApiFailure['kind'], status?: number): ApiFailure => ({ kind, detail: 'x', requestId: 'r', ...(status ? { status } : {}) });
const channels = [{ channel: 'sms' as const, maskedDestination: '•••• 0100' }, { channel: 'app' as const, maskedDestination: 'Caller Verify app' }];
const view = (patch: Partial<StepUp> = {}): StepUp => ({
  id: 'su-1', channel: 'sms', maskedDestination: '•••• 0100', status: 'pending', expiresAt: '2026-01-01T00:05:00Z', codeLength: 6,
  attemptsRemaining: 5, resendsRemaining: 2, resendAvailableAt: '2026-01-01T00:00:30Z', ...patch,
});

const run = (state: FlowState, ...events: FlowEvent[]): FlowState => events.reduce(nextFlow, state);
const cfg = (patch: Partial<FlowConfig>): FlowConfig => ({ ...DEFAULT_FLOW_CONFIG, ...patch });
const identified = (config: FlowConfig, trust?: FlowState['aniTrust'], risk?: 'low' | 'medium' | 'high') =>
  run(startFlow(number, config, trust ? { aniTrust: trust } : {}), { type: 'prior.result', status: null }, { type: 'identify.result', candidates: [ada], ...(risk ? { risk } : {}) });
const result = (stepUp: StepUp, verified = false, at = 1000, retryAfterMs?: number): FlowEvent =>
  ({ type: 'stepUp.result', verified, result: { stepUp, at, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } });
const act = (action: Extract<FlowEvent, { type: 'stepUp.action' }>['action']): FlowEvent => ({ type: 'stepUp.action', action });
/** Identified under `always`, channels loaded, SMS sent, the code pending. */
const codePending = (config = cfg({ stepUp: 'always' })) =>
  run(identified(config), { type: 'stepUp.channels', channels }, act({ kind: 'choose', channel: 'sms' }), result(view()));

describe('when a step-up is required', () => {
  it('always: right after identification, before any question; the channels are the first call', () => {
    const s = identified(cfg({ stepUp: 'always' }));
    expect(s.step).toEqual({ name: 'step_up' });
    expect(s.stepUp?.phase).toEqual({ name: 'loading' });
    expect(apiCallFor(s)).toEqual({ kind: 'stepUpChannels', customerId: 'C-1001' });
    expect(outcomeOf(s)).toBe('identified');
  });
  it.each([
    ['attestation C', { attestation: 'C' as const }, undefined],
    ['failed verstat', { verstat: 'TN-Validation-Failed' }, undefined],
    ['identify risk high', undefined, 'high' as const],
  ])('low-trust: required for a low-trust call (%s)', (_name, trust, risk) => {
    expect(identified(cfg({ stepUp: 'low-trust' }), trust, risk).step.name).toBe('step_up');
  });
  it.each([['low-trust', 'low' as const], ['never', 'high' as const], ['on-guarded-action', 'high' as const]])('%s with risk %s: the questions as usual', (when, risk) => {
    expect(identified(cfg({ stepUp: when as FlowConfig['stepUp'] }), undefined, risk).step.name).toBe('challenging');
  });
  it('a state from an older version (no stepUp key) never asks', () => {
    const { stepUp: _s, ...old } = cfg({});
    expect(identified(old).step.name).toBe('challenging');
  });
  it('never for the representative of a business account', () => {
    const s = run(identified(cfg({})), { type: 'representative', on: true }, { type: 'challenge.result', challenge }, { type: 'verify.submit' },
      { type: 'verify.result', outcome: 'verified', attemptsRemaining: 3 });
    const rep = run({ ...s, config: cfg({ stepUp: 'always' }) }, { type: 'search', method: 'lastName', value: 'Clarke' }, { type: 'identify.result', candidates: [ada, ada] }, { type: 'select', customerId: 'C-1001' });
    expect(rep.step.name).toBe('challenging');
  });
});

describe('a code step-up', () => {
  it('choose → sending (start call) → pending; the code check is not a stored call', () => {
    const loaded = run(identified(cfg({ stepUp: 'always' })), { type: 'stepUp.channels', channels });
    expect(loaded.stepUp?.phase).toEqual({ name: 'choose' });
    expect(apiCallFor(loaded)).toBeNull();
    const sending = run(loaded, act({ kind: 'choose', channel: 'sms' }));
    expect(apiCallFor(sending)).toEqual({ kind: 'stepUpStart', customerId: 'C-1001', channel: 'sms' });
    const pending = run(sending, result(view()));
    expect(pending.stepUp?.phase).toEqual({ name: 'pending' });
    expect(pending.stepUp?.current?.id).toBe('su-1');
    const checking = run(pending, act({ kind: 'check' }));
    expect(checking.stepUp?.phase).toEqual({ name: 'checking' });
    expect(apiCallFor(checking)).toBeNull();
    expect(stepUpBusy(checking.stepUp)).toBe(true);
  });
  it('a channel the customer does not have is not sent', () => {
    const loaded = run(identified(cfg({ stepUp: 'always' })), { type: 'stepUp.channels', channels });
    expect(run(loaded, act({ kind: 'choose', channel: 'email' }))).toBe(loaded);
  });
  it('passed and verified by the server → Verified, the step-up recorded for the guards', () => {
    const s = run(codePending(), act({ kind: 'check' }), result(view({ status: 'approved', verifiedInteraction: true }), true, 4242));
    expect(s.step).toEqual({ name: 'verified' });
    expect(outcomeOf(s)).toBe('verified');
    expect(s.verifiedBy).toBe('agent');
    expect(s.stepUp?.passedAt).toBe(4242);
    expect(s.factorsPassed).toContain('step-up:sms');
    expect(levelOf({ flow: s })).toBe('step-up');
  });
  it('passed but the server did not verify → the questions follow (still identified only)', () => {
    const s = run(codePending(), act({ kind: 'check' }), result(view({ status: 'approved' }), false));
    expect(s.step).toEqual({ name: 'challenging' });
    expect(outcomeOf(s)).toBe('identified');
    expect(apiCallFor(s)).toEqual({ kind: 'challenge', customerId: 'C-1001' });
  });
  it('a wrong code: pending again with the attempts left', () => {
    const s = run(codePending(), act({ kind: 'check' }), result(view({ attemptsRemaining: 4 })));
    expect(s.stepUp?.phase).toEqual({ name: 'pending' });
    expect(s.stepUp?.notice).toBe('wrong_code');
    expect(s.stepUp?.current?.attemptsRemaining).toBe(4);
  });
  it('the last wrong code locks: the flow stops as locked, with the lock end', () => {
    const s = run(codePending(), act({ kind: 'check' }), result(view({ status: 'locked', attemptsRemaining: 0, lockedUntil: '2026-01-01T00:30:00Z' })));
    expect(s.step).toEqual({ name: 'stop', why: 'locked', lockedUntil: '2026-01-01T00:30:00Z' });
    expect(s.stepUp?.phase).toEqual({ name: 'over', why: 'locked', lockedUntil: '2026-01-01T00:30:00Z' });
  });
  it.each(['expired', 'denied'] as const)('%s → choose a channel again, explained', (status) => {
    const s = run(codePending(), act({ kind: 'check' }), result(view({ status })));
    expect(s.stepUp?.phase).toEqual({ name: 'choose' });
    expect(s.stepUp?.notice).toBe(status);
    expect(s.stepUp?.current).toBeUndefined();
    expect(s.step.name).toBe('step_up');
  });
  it('resend: a call on the live step-up, then "resent"; inside the cool-down the live one stays', () => {
    const resending = run(codePending(), act({ kind: 'resend' }));
    expect(apiCallFor(resending)).toEqual({ kind: 'stepUpResend', stepUpId: 'su-1' });
    expect(run(resending, result(view({ resendsRemaining: 1 }))).stepUp?.notice).toBe('resent');
    const waited = run(resending, { type: 'stepUp.failed', error: failure('rate_limited', 429) });
    expect(waited.stepUp?.phase).toEqual({ name: 'pending' });
    expect(waited.stepUp?.notice).toBe('resend_wait');
    expect(waited.stepUp?.current?.id).toBe('su-1');
  });
  it('another channel: back to the choice', () => {
    const s = run(codePending(), act({ kind: 'other' }));
    expect(s.stepUp?.phase).toEqual({ name: 'choose' });
    expect(s.stepUp?.current).toBeUndefined();
  });
});

describe('an app approval', () => {
  const waiting = () => run(identified(cfg({ stepUp: 'always' })), { type: 'stepUp.channels', channels }, act({ kind: 'choose', channel: 'app' }),
    result(view({ channel: 'app', codeLength: undefined }), false, 10_000, 2000));
  it('is read again only after the server\'s Retry-After, through a stored phase', () => {
    const s = waiting();
    expect(s.stepUp?.pollAfter).toBe(12_000);
    expect(run(s, act({ kind: 'poll', now: 11_000 }))).toBe(s);
    const polling = run(s, act({ kind: 'poll', now: 12_000 }));
    expect(apiCallFor(polling)).toEqual({ kind: 'stepUpRead', stepUpId: 'su-1' });
    expect(run(polling, result(view({ channel: 'app', status: 'approved', verifiedInteraction: true }), true)).step.name).toBe('verified');
  });
  it('has no code to check', () => {
    const s = waiting();
    expect(run(s, act({ kind: 'check' }))).toBe(s);
  });
});

describe('failures and impossibilities', () => {
  it('API down while loading or sending: an error with retry that resumes the same call', () => {
    const loading = identified(cfg({ stepUp: 'always' }));
    const down = run(loading, { type: 'stepUp.failed', error: failure('offline') });
    expect(down.stepUp?.phase).toMatchObject({ name: 'error', retry: 'loading' });
    expect(apiCallFor(down)).toBeNull();
    expect(run(down, { type: 'retry' }).stepUp?.phase).toEqual({ name: 'loading' });
    const sending = run(loading, { type: 'stepUp.channels', channels }, act({ kind: 'choose', channel: 'sms' }), { type: 'stepUp.failed', error: failure('timeout') });
    expect(run(sending, { type: 'retry' }).stepUp?.phase).toEqual({ name: 'sending', channel: 'sms' });
  });
  it('API down during a check: the step-up stays; retry asks for the code again', () => {
    const s = run(codePending(), act({ kind: 'check' }), { type: 'stepUp.failed', error: failure('offline') });
    expect(s.stepUp?.phase).toMatchObject({ name: 'error', retry: 'pending' });
    const back = run(s, { type: 'retry' });
    expect(back.stepUp?.phase).toEqual({ name: 'pending' });
    expect(back.stepUp?.current?.id).toBe('su-1');
  });
  it('a locked customer (423) stops the flow; no channel or no start left stops it as no_step_up', () => {
    const loading = identified(cfg({ stepUp: 'always' }));
    expect(run(loading, { type: 'stepUp.failed', error: { ...failure('locked', 423), lockedUntil: 'T' } }).step).toEqual({ name: 'stop', why: 'locked', lockedUntil: 'T' });
    expect(run(loading, { type: 'stepUp.channels', channels: [] }).step).toEqual({ name: 'stop', why: 'no_step_up' });
    const refused = run(loading, { type: 'stepUp.channels', channels }, act({ kind: 'choose', channel: 'sms' }), { type: 'stepUp.failed', error: failure('rejected', 409) });
    expect(refused.step).toEqual({ name: 'stop', why: 'no_step_up' });
  });
});

describe('offered instead of the questions (low-trust)', () => {
  it('on the question step and when no questions are on file, low-trust policy only', () => {
    const atVerify = run(identified(cfg({ stepUp: 'low-trust' })), { type: 'challenge.result', challenge });
    expect(stepUpOffered(atVerify)).toBe(true);
    expect(stepUpOffered(run(identified(cfg({ stepUp: 'always' })), { type: 'stepUp.channels', channels }))).toBe(false);
    expect(stepUpOffered(run(identified(cfg({})), { type: 'challenge.result', challenge }))).toBe(false);
    const s = run(atVerify, { type: 'stepUp.offer', reason: 'knowledge' });
    expect(s.step).toEqual({ name: 'step_up' });
    expect(s.stepUp?.reason).toBe('knowledge');
    const none = run(identified(cfg({ stepUp: 'low-trust' })), { type: 'challenge.result', challenge: { ...challenge, required: [] } });
    expect(none.step).toMatchObject({ name: 'stop', why: 'no_questions' });
    expect(run(none, { type: 'stepUp.offer', reason: 'knowledge' }).step.name).toBe('step_up');
  });
  it('is refused where it is not offered', () => {
    const s = run(identified(cfg({})), { type: 'challenge.result', challenge });
    expect(run(s, { type: 'stepUp.offer', reason: 'knowledge' })).toBe(s);
  });
});

describe('a guarded action asks for a step-up beside a Verified call', () => {
  const verified = (when: FlowConfig['stepUp']) => run(identified(cfg({ stepUp: when })), { type: 'challenge.result', challenge }, { type: 'verify.submit' },
    { type: 'verify.result', outcome: 'verified', attemptsRemaining: 3, passed: ['dob'] });
  it('offered once, stays Verified, and a pass records passedAt (the guards open)', () => {
    const v = verified('on-guarded-action');
    const s = run(v, { type: 'stepUp.offer', reason: 'guarded-action', label: 'Reset MFA device' });
    expect(s.stepUp).toMatchObject({ reason: 'guarded-action', label: 'Reset MFA device', phase: { name: 'loading' } });
    expect(run(s, { type: 'stepUp.offer', reason: 'guarded-action', label: 'Other' })).toBe(s);
    const passed = run(s, { type: 'stepUp.channels', channels }, act({ kind: 'choose', channel: 'sms' }), result(view()), act({ kind: 'check' }),
      result(view({ status: 'approved', verifiedInteraction: true }), true, 77));
    expect(passed.step.name).toBe('verified');
    expect(passed.stepUp?.passedAt).toBe(77);
    expect(levelOf({ flow: v })).toBe('verified');
    expect(levelOf({ flow: passed })).toBe('step-up');
  });
  it('not under policy never, and not before Verified', () => {
    const v = verified('never');
    expect(run(v, { type: 'stepUp.offer', reason: 'guarded-action', label: 'x' })).toBe(v);
    const idOnly = run(identified(cfg({ stepUp: 'on-guarded-action' })), { type: 'challenge.result', challenge });
    expect(run(idOnly, { type: 'stepUp.offer', reason: 'guarded-action', label: 'x' })).toBe(idOnly);
  });
});

describe('properties', () => {
  const events: fc.Arbitrary<FlowEvent> = fc.oneof(
    fc.constant<FlowEvent>({ type: 'stepUp.channels', channels }),
    fc.constant<FlowEvent>({ type: 'stepUp.offer', reason: 'knowledge' }),
    fc.constant<FlowEvent>({ type: 'stepUp.offer', reason: 'guarded-action', label: 'x' }),
    fc.constantFrom('sms', 'app', 'email').map((channel) => act({ kind: 'choose', channel } as never)),
    fc.constantFrom<FlowEvent>(act({ kind: 'check' }), act({ kind: 'resend' }), act({ kind: 'other' }), act({ kind: 'retry' }), act({ kind: 'poll', now: 1e13 }), { type: 'retry' }),
    fc.constantFrom('pending', 'approved', 'expired', 'denied', 'locked').map((status) => result(view({ status: status as StepUp['status'] }), false)),
    fc.constantFrom('offline', 'locked', 'rate_limited', 'rejected').map((kind) => ({ type: 'stepUp.failed', error: failure(kind as ApiFailure['kind'], kind === 'rejected' ? 409 : undefined) }) as FlowEvent),
    fc.constant<FlowEvent>({ type: 'challenge.result', challenge }),
    fc.constant<FlowEvent>({ type: 'verify.submit' }),
    fc.constant<FlowEvent>({ type: 'verify.result', outcome: 'failed', attemptsRemaining: 2 }),
  );
  it('without a server answer that verified (questions or step-up), never Verified, never a step-up level', () => {
    fc.assert(fc.property(fc.constantFrom('always', 'low-trust', 'on-guarded-action', 'never'), fc.array(events, { maxLength: 30 }), (when, evs) => {
      const s = run(identified(cfg({ stepUp: when as FlowConfig['stepUp'] }), { attestation: 'C' }), ...evs);
      expect(outcomeOf(s)).not.toBe('verified');
      expect(levelOf({ flow: s })).not.toBe('step-up');
    }), { numRuns: 500 });
  });
  it('a step-up phase that waits for the worker always names its call or is a code check', () => {
    fc.assert(fc.property(fc.array(events, { maxLength: 30 }), (evs) => {
      const s = run(identified(cfg({ stepUp: 'always' })), ...evs);
      if (s.step.name === 'step_up' && stepUpBusy(s.stepUp)) expect(apiCallFor(s) !== null || s.stepUp?.phase.name === 'checking').toBe(true);
    }), { numRuns: 500 });
  });
});
