/** What a flow state means for the agent: the outcome, and which API call the background owes it. */
import type { IdentifyMethod } from '../api/contract';
import type { FlowState, Outcome } from './types';
import { isTerminal } from './machine';

/** The outcome shown at the top of the panel and on the badge. */
export function outcomeOf(state: FlowState): Outcome {
  if (state.step.name === 'verified') return 'verified';
  return state.customer ? 'identified' : 'not_identified';
}

export type ApiCall =
  | { kind: 'prior' }
  | { kind: 'identify'; method: IdentifyMethod; value: string }
  | { kind: 'challenge'; customerId: string };

/** The API call the current step waits for, if the background can make it on its own. */
export function apiCallFor(state: FlowState): ApiCall | null {
  const step = state.step;
  if (step.name === 'checking_prior') return { kind: 'prior' };
  if (step.name === 'identifying') return { kind: 'identify', method: step.method, value: step.value };
  if (step.name === 'challenging') {
    const who = state.role === 'customer' ? state.customer : state.representative;
    return who ? { kind: 'challenge', customerId: who.customerId } : null;
  }
  return null;
}

/** Whether a low-trust caller number (STIR/SHAKEN attestation C, failed verstat, high risk) was reported. */
export function isLowTrust(state: FlowState): boolean {
  const t = state.aniTrust;
  if (!t) return false;
  return t.attestation === 'C' || t.risk === 'high' || /fail/i.test(t.verstat ?? '');
}

/**
 * Whether the agent is in the middle of verifying this caller (started the questions, typed or marked an
 * answer, submitted, failed an attempt, or verified the customer with the representative still to do): a new
 * call must not replace it without the agent confirming. Questions on screen the agent has not touched yet
 * do not count (with challenge "auto" they appear with no agent action at all).
 */
export function verificationInProgress(state: FlowState): boolean {
  if (isTerminal(state)) return false;
  return state.engaged === true || state.verifyFailures > 0 || state.customerVerified || state.step.name === 'verifying';
}
