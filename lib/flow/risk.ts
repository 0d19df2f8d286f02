/**
 * The identify answer's risk in the flow (issue 24): the reasons kept for the panel, the extra questions the
 * policy asks per level, and the signals the client sends so the server can weigh them (the STIR/SHAKEN
 * attestation, the caller's number on manual look-ups and on challenges). Pure; the worker sends, the panel shows.
 */
import type { IdentifyMethod } from '../api/contract';
import type { RiskReason } from '../api/contract-risk';
import type { FlowEvent, FlowState } from './types';
import { aniTrustLow } from './stepup-flow';

/** Keep the reasons of an identify answer with the level (an answer without risk clears neither). */
export function withRiskReasons(state: FlowState, event: Extract<FlowEvent, { type: 'identify.result' }>): FlowState {
  if (event.risk === undefined || state.identifyRisk !== event.risk) return state; // the identify was not applied
  return { ...state, riskReasons: event.riskReasons ?? [] };
}

/** Extra additional questions the policy asks for the call's risk level (0 for low or no level). */
export function riskExtraQuestions(state: FlowState): number {
  const level = state.identifyRisk;
  if (level !== 'medium' && level !== 'high') return 0;
  return state.config.riskExtraQuestions?.[level] ?? 0;
}

/**
 * Extra questions the challenge asks for: the larger of the low-trust number's and the risk level's. They do
 * not add up, like the server's own low-trust rule, so one weak signal seen twice never costs two questions.
 */
export function challengeExtraQuestions(state: FlowState, lowTrustExtra: number): number {
  return Math.max(aniTrustLow(state.aniTrust) ? lowTrustExtra : 0, riskExtraQuestions(state));
}

/** The risk fields of an identify request: the attestation, and the caller's number unless the look-up is by it. */
export function identifyRiskFields(state: FlowState, method: IdentifyMethod): { attestation?: 'A' | 'B' | 'C'; ani?: string } {
  const attestation = state.aniTrust?.attestation;
  const ani = method === 'ani' ? undefined : state.entry.aniE164;
  return { ...(attestation ? { attestation } : {}), ...(ani ? { ani } : {}) };
}

/** The risk field of a challenge request: the caller's number, so a failure counts against it. */
export function challengeRiskFields(state: FlowState): { ani?: string } {
  return state.entry.aniE164 ? { ani: state.entry.aniE164 } : {};
}

/** The reasons the panel shows: medium or high only, and only when the policy shows them. */
export function shownRiskReasons(state: FlowState, showReasons: boolean): RiskReason[] {
  if (!showReasons || (state.identifyRisk !== 'medium' && state.identifyRisk !== 'high')) return [];
  return state.riskReasons ?? [];
}
