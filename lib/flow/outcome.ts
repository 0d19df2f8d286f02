/** What a flow state means for the agent: the outcome, and which API call the background owes it. */
import type { Candidate, IdentifyMethod } from '../api/contract';
import type { StepUpChannel } from '../api/contract-stepup';
import type { FlowEvent, FlowState, Outcome } from './types';
import { isTerminal, nextFlow } from './machine';
import { aniTrustLow } from './stepup-flow';

/** The flow's outcome: what the panel and the badge show, but for a customer named ahead of the prior check (shownOutcome). */
export function outcomeOf(state: FlowState): Outcome {
  if (state.step.name === 'verified') return 'verified';
  return state.customer ? 'identified' : 'not_identified';
}

/**
 * The customer a look-up's answer names if the prior check, still running, then finds nothing that counts
 * (the usual case): what the panel may name ahead of that check. Undefined unless the flow is at the check
 * and the answer picks exactly one customer (a choice among several waits for the flow).
 */
export function customerAhead(state: FlowState, lookUp: FlowEvent): Candidate | undefined {
  if (state.step.name !== 'checking_prior' || lookUp.type !== 'identify.result') return undefined;
  return [{ type: 'prior.result', status: null, callAgeSeconds: 0 } as const, lookUp].reduce(nextFlow, state).customer;
}

export type ApiCall =
  | { kind: 'prior' }
  | { kind: 'identify'; method: IdentifyMethod; value: string }
  | { kind: 'challenge'; customerId: string }
  | { kind: 'stepUpChannels'; customerId: string }
  | { kind: 'stepUpStart'; customerId: string; channel: StepUpChannel }
  | { kind: 'stepUpResend'; stepUpId: string }
  | { kind: 'stepUpRead'; stepUpId: string };

/** The step-up call the step-up's phase waits for (a code check is not one: the code is never stored). */
function stepUpCall(state: FlowState): ApiCall | null {
  const s = state.stepUp;
  const customerId = state.customer?.customerId;
  if (!s || !customerId) return null;
  const p = s.phase;
  if (p.name === 'loading') return { kind: 'stepUpChannels', customerId };
  if (p.name === 'sending') return { kind: 'stepUpStart', customerId, channel: p.channel };
  if (p.name === 'resending' && s.current) return { kind: 'stepUpResend', stepUpId: s.current.id };
  if (p.name === 'polling' && s.current) return { kind: 'stepUpRead', stepUpId: s.current.id };
  return null;
}

/** The API call the current step waits for, if the background can make it on its own. */
export function apiCallFor(state: FlowState): ApiCall | null {
  const step = state.step;
  if (step.name === 'checking_prior') return { kind: 'prior' };
  if (step.name === 'identifying') return { kind: 'identify', method: step.method, value: step.value };
  if (step.name === 'challenging') {
    const who = state.role === 'customer' ? state.customer : state.representative;
    return who ? { kind: 'challenge', customerId: who.customerId } : null;
  }
  if (step.name === 'step_up' || step.name === 'verified') return stepUpCall(state);
  return null;
}

/** Whether a low-trust caller number (STIR/SHAKEN attestation C, failed verstat, high risk) was reported. */
export function isLowTrust(state: FlowState): boolean {
  return aniTrustLow(state.aniTrust);
}

/**
 * Whether the agent is in the middle of verifying this caller (started the questions, typed or marked an
 * answer, submitted, failed an attempt, or verified the customer with the representative still to do): a new
 * call must not replace it without the agent confirming. Questions on screen the agent has not touched yet
 * do not count (with challenge "auto" they appear with no agent action at all).
 */
export function verificationInProgress(state: FlowState): boolean {
  if (isTerminal(state)) return false;
  return state.engaged === true || state.verifyFailures > 0 || state.customerVerified || state.step.name === 'verifying' || state.step.name === 'step_up';
}
