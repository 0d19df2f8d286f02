/**
 * The verification flow as one pure state machine: (state, event) → state. No I/O: the background performs
 * the API call a step asks for (apiCallFor) and feeds the result back as an event. Events that do not fit
 * the current step leave the state unchanged, so a late or duplicated answer can never skip a step.
 */
import type { Candidate } from '../api/contract';
import type { Ani } from '../phone';
import type { FlowConfig, FlowEvent, FlowState, PriorStatus, Step, SearchReason } from './types';
import { newStepUp } from './stepup';
import { onStepUpEvent, stepUpRequired } from './stepup-flow';
import { withRiskReasons } from './risk';

const TERMINAL = new Set<Step['name']>(['not_identified', 'verified', 'stop', 'opted_out']);

/** Whether the flow has ended (an outcome is final). */
export function isTerminal(state: FlowState): boolean {
  return TERMINAL.has(state.step.name);
}

function searchReasonFor(ani: Ani | null, config: FlowConfig): SearchReason {
  if (!ani) return 'no_number';
  if (ani.kind === 'withheld') return 'withheld';
  if (ani.kind === 'invalid') return 'invalid_number';
  return config.aniLookup ? 'no_match' : 'ani_lookup_off';
}

/** The step after the prior-status check: pre-selected customer, ANI lookup, or manual search. */
function entryStep(state: FlowState): FlowState {
  const { entry, config } = state;
  if (entry.customerId) return { ...state, step: { name: 'identifying', method: 'customerId', value: entry.customerId, auto: true } };
  if (entry.aniE164 && config.aniLookup) return { ...state, step: { name: 'identifying', method: 'ani', value: entry.aniE164, auto: true } };
  return { ...state, step: { name: 'search', reason: entry.searchReason } };
}

/** The first state of a call. `customerId`: an initiating attendee the CRM already names. */
export function startFlow(
  ani: Ani | null,
  config: FlowConfig,
  opts: { customerId?: string; checkPrior?: boolean; aniTrust?: FlowState['aniTrust'] } = {},
): FlowState {
  const state: FlowState = {
    config, step: { name: 'checking_prior' }, role: 'customer', actingFor: false, customerVerified: false,
    identifyFailures: 0, verifyFailures: 0, methods: [], factorsPassed: [],
    entry: {
      searchReason: searchReasonFor(ani, config),
      ...(ani?.kind === 'number' ? { aniE164: ani.e164 } : {}),
      ...(opts.customerId ? { customerId: opts.customerId } : {}),
    },
    ...(opts.aniTrust ? { aniTrust: opts.aniTrust } : {}),
  };
  return opts.checkPrior === false ? entryStep(state) : state;
}

/**
 * Identified: a step-up first when the policy requires one, else the questions come at once (policy auto)
 * or once the agent engages with the question step.
 */
function select(state: FlowState, candidate: Candidate): FlowState {
  const who = state.role === 'customer' ? { customer: candidate } : { representative: candidate };
  const next = { ...state, ...who };
  if (stepUpRequired(next)) return { ...next, stepUp: newStepUp('policy'), step: { name: 'step_up' } };
  return { ...next, step: { name: state.config.challenge === 'auto' ? 'challenging' : 'engage' } };
}

/**
 * A prior result is evidence, not a verdict: it names the caller only if the API says the customer holds the
 * caller's number (or there is no number to check), and verifies only if also recorded after the call
 * started or within the policy window before. Anything else: identified (or looked up again) and asked.
 */
function onPrior(state: FlowState, prior: PriorStatus | null, callAgeSeconds: number): FlowState {
  if (!prior?.customer || prior.status === 'not_identified') return entryStep(state);
  const seen = { status: prior.status, verifiedBy: prior.verifiedBy, ...(prior.verifiedAt ? { verifiedAt: prior.verifiedAt } : {}) };
  const verified = prior.status === 'verified';
  const hasNumber = state.entry.aniE164 !== undefined;
  // A server that does not answer aniMatch gives no evidence: the same as another number.
  if (hasNumber && prior.aniMatch !== true) return entryStep(verified ? { ...state, prior: { ...seen, refused: 'other_number' } } : state);
  const fresh = prior.verifiedSecondsAgo !== undefined && prior.verifiedSecondsAgo <= callAgeSeconds + state.config.priorWindowMinutes * 60;
  if (verified && hasNumber && fresh) {
    const verifiedBy = prior.verifiedBy === 'ivr' ? 'ivr' : 'previous-agent';
    return { ...state, prior: seen, customer: prior.customer, customerVerified: true, verifiedBy, step: { name: 'verified' } };
  }
  return select(verified ? { ...state, prior: { ...seen, refused: hasNumber ? 'stale' : 'no_number' } } : state, prior.customer);
}

function onIdentifyResult(state: FlowState, step: Extract<Step, { name: 'identifying' }>, candidates: Candidate[], risk?: FlowState['identifyRisk']): FlowState {
  const s = { ...state, methods: state.methods.includes(step.method) ? state.methods : [...state.methods, step.method], ...(risk ? { identifyRisk: risk } : {}) };
  const [first] = candidates;
  if (!first) {
    if (step.auto) return { ...s, step: { name: 'search', reason: step.method === 'ani' ? 'no_match' : s.entry.searchReason } };
    const identifyFailures = s.identifyFailures + 1;
    if (identifyFailures >= s.config.maxIdentifyAttempts) return { ...s, identifyFailures, step: { name: 'not_identified' } };
    const reason: SearchReason = s.role === 'representative' ? 'representative' : s.entry.searchReason;
    return { ...s, identifyFailures, step: { name: 'search', reason, notice: 'no_match' } };
  }
  if (candidates.length === 1 && step.method !== 'lastName') return select(s, first);
  return { ...s, step: { name: 'choose', candidates } };
}

function onVerifyResult(state: FlowState, event: Extract<FlowEvent, { type: 'verify.result' }>): FlowState {
  if (event.outcome === 'verified') {
    const factorsPassed = [...new Set([...state.factorsPassed, ...(event.passed ?? [])])];
    if (state.role === 'customer' && state.actingFor) {
      return { ...state, factorsPassed, customerVerified: true, role: 'representative', step: { name: 'search', reason: 'representative' } };
    }
    return { ...state, factorsPassed, customerVerified: state.customerVerified || state.role === 'customer', verifiedBy: 'agent', step: { name: 'verified' } };
  }
  const verifyFailures = state.verifyFailures + 1;
  if (event.attemptsRemaining <= 0 || verifyFailures >= state.config.maxVerifyAttempts) {
    return { ...state, verifyFailures, step: { name: 'stop', why: 'verify_exhausted' } };
  }
  return { ...state, verifyFailures, step: { name: 'challenging', notice: 'failed_attempt' } };
}

/** A step-up the server counted as verification: the same as passed questions (a representative may follow). */
const passedStepUp = (state: FlowState, passed: string[]): FlowState =>
  onVerifyResult(state, { type: 'verify.result', outcome: 'verified', attemptsRemaining: 0, passed });

/** Apply one event. */
export function nextFlow(state: FlowState, event: FlowEvent): FlowState {
  const step = state.step;
  switch (event.type) {
    case 'prior.result':
      return step.name === 'checking_prior' ? onPrior(state, event.status, Math.max(0, event.callAgeSeconds ?? 0)) : state;
    case 'engage':
      if (step.name === 'engage') return { ...state, engaged: true, step: { name: 'challenging' } };
      return !state.engaged && (step.name === 'challenging' || step.name === 'verify') ? { ...state, engaged: true } : state;
    case 'identify.result':
      return step.name === 'identifying' ? withRiskReasons(onIdentifyResult(state, step, event.candidates, event.risk), event) : state;
    case 'select': {
      if (step.name !== 'choose') return state;
      const picked = step.candidates.find((c) => c.customerId === event.customerId);
      return picked ? select(state, picked) : state;
    }
    case 'search': {
      if ((step.name !== 'search' && step.name !== 'choose') || !state.config.methods.includes(event.method)) return state;
      const value = event.value.trim();
      return value ? { ...state, step: { name: 'identifying', method: event.method, value, auto: false } } : state;
    }
    case 'challenge.result': {
      if (step.name !== 'challenging') return state;
      const { challenge } = event;
      if (challenge.required.length + challenge.additional.length === 0) return { ...state, step: { name: 'stop', why: 'no_questions' } };
      return { ...state, step: { name: 'verify', challenge, ...(step.notice ? { notice: step.notice } : {}) } };
    }
    case 'verify.submit':
      return step.name === 'verify' ? { ...state, step: { name: 'verifying', challenge: step.challenge } } : state;
    case 'verify.interrupted':
      return step.name === 'verifying' ? { ...state, step: { name: 'verify', challenge: step.challenge, notice: 'resubmit' } } : state;
    case 'verify.result':
      return step.name === 'verifying' ? onVerifyResult(state, event) : state;
    case 'api.failed': {
      if (!['checking_prior', 'identifying', 'challenging', 'verifying'].includes(step.name)) return state;
      if (event.error.kind === 'locked') {
        return { ...state, step: { name: 'stop', why: 'locked', ...(event.error.lockedUntil ? { lockedUntil: event.error.lockedUntil } : {}) } };
      }
      if (step.name === 'checking_prior') return entryStep(state); // no prior status: ask as usual
      const retry: Step = step.name === 'verifying' ? { name: 'verify', challenge: step.challenge } : step;
      return { ...state, step: { name: 'error', error: event.error, retry } };
    }
    case 'optOut':
      return state.config.allowOptOut && !isTerminal(state) ? { ...state, step: { name: 'opted_out', reason: event.reason } } : state;
    case 'representative':
      return state.role === 'customer' && !isTerminal(state) ? { ...state, actingFor: event.on } : state;
    case 'retry':
      if (step.name === 'error') return { ...state, step: step.retry };
      return state.stepUp?.phase.name === 'error' ? onStepUpEvent(state, { type: 'stepUp.action', action: { kind: 'retry' } }, passedStepUp) : state;
    case 'stepUp.offer':
    case 'stepUp.channels':
    case 'stepUp.action':
    case 'stepUp.result':
    case 'stepUp.failed':
      return onStepUpEvent(state, event, passedStepUp);
  }
}
