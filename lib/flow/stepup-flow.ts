/**
 * Where the step-up meets the rest of the flow: when the policy requires one before the questions (always,
 * or low-trust for a low-trust call), when the agent may choose one instead of the questions (low-trust),
 * when a guarded action asks for one beside a Verified call, and what a passed, locked or impossible
 * step-up does to the flow's step. "Verified" comes only from the server: a passed step-up verifies when
 * the server says it recorded the interaction as verified, else the questions follow.
 */
import type { AniTrust } from '../api/contract';
import type { z } from 'zod';
import type { FlowEvent, FlowState } from './types';
import { newStepUp, onAction, onChannels, onFailure, onResult, type StepUpFlow } from './stepup';
import { stepUpDue } from '../policy/stepup';

/** Whether a reported caller number is low trust (STIR/SHAKEN attestation C, failed verstat, high risk). */
export function aniTrustLow(t: z.infer<typeof AniTrust> | undefined): boolean {
  if (!t) return false;
  return t.attestation === 'C' || t.risk === 'high' || /fail/i.test(t.verstat ?? '');
}

/** A low-trust call: the caller number's trust, or the identify answer's risk level of high. */
export function lowTrustCall(state: FlowState): boolean {
  return aniTrustLow(state.aniTrust) || state.identifyRisk === 'high';
}

/** Whether the policy requires a step-up of the (just identified) customer before the questions. */
export function stepUpRequired(state: FlowState): boolean {
  if (state.role !== 'customer') return false;
  return stepUpDue(state.config.stepUp ?? 'never', { lowTrust: lowTrustCall(state), guardedAction: false });
}

/** Whether the agent may choose a step-up instead of the questions (low-trust policy, the customer's questions on screen or none on file). */
export function stepUpOffered(state: FlowState): boolean {
  const s = state.step;
  if (state.config.stepUp !== 'low-trust' || state.role !== 'customer' || !state.customer) return false;
  return s.name === 'verify' || (s.name === 'stop' && s.why === 'no_questions');
}

/** The step after a passed step-up of the flow's own step: Verified when the server recorded it, else the questions. */
function afterPass(state: FlowState, stepUp: StepUpFlow, verified: boolean, onVerified: (s: FlowState, passed: string[]) => FlowState): FlowState {
  const s = { ...state, stepUp };
  if (verified) return onVerified(s, [`step-up:${stepUp.current?.channel ?? 'code'}`]);
  return { ...s, step: { name: 'challenging' } };
}

/** The step-up's own end as the flow's step: locked stops the call, no channel (or no start left) stops it too. */
function afterOver(state: FlowState, stepUp: StepUpFlow): FlowState {
  if (stepUp === state.stepUp) return state;
  const p = stepUp.phase;
  if (state.step.name !== 'step_up' || p.name !== 'over') return { ...state, stepUp };
  if (p.why === 'locked') return { ...state, stepUp, step: { name: 'stop', why: 'locked', ...(p.lockedUntil ? { lockedUntil: p.lockedUntil } : {}) } };
  return { ...state, stepUp, step: { name: 'stop', why: 'no_step_up' } };
}

type StepUpEvent = Extract<FlowEvent, { type: `stepUp.${string}` }>;

/** Apply a step-up event. `onVerified` is the flow's own "verified" transition (representative handling included). */
export function onStepUpEvent(state: FlowState, event: StepUpEvent, onVerified: (s: FlowState, passed: string[]) => FlowState): FlowState {
  const cur = state.stepUp;
  if (event.type === 'stepUp.offer') {
    if (event.reason === 'knowledge') return stepUpOffered(state) ? { ...state, stepUp: newStepUp('knowledge'), step: { name: 'step_up' } } : state;
    // Once per call: a step-up already asked for (or passed) stays as it is.
    const may = (state.config.stepUp ?? 'never') !== 'never' && state.step.name === 'verified' && state.customer !== undefined && state.role !== 'representative';
    return may && cur === undefined ? { ...state, stepUp: newStepUp('guarded-action', event.label) } : state;
  }
  if (!cur) return state;
  const inStep = state.step.name === 'step_up';
  // Beside a Verified call only; a step-up of the flow's own step only while the flow waits for it.
  if (!inStep && !(state.step.name === 'verified' && cur.reason === 'guarded-action')) return state;
  switch (event.type) {
    case 'stepUp.channels':
      return afterOver(state, onChannels(cur, event.channels));
    case 'stepUp.action':
      return afterOver(state, onAction(cur, event.action));
    case 'stepUp.failed':
      return afterOver(state, onFailure(cur, event.error));
    case 'stepUp.result': {
      const next = onResult(cur, event.result);
      if (next === cur) return state;
      if (next.phase.name === 'passed' && inStep) return afterPass(state, next, event.verified, onVerified);
      return afterOver(state, next);
    }
  }
}
