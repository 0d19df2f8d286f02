/** Types of the verification flow (see machine.ts): its configuration, steps, state and events. */
import type { AniTrust, Candidate, IdentifyMethod, Question } from '../api/contract';
import type { ApiFailure } from '../api/failure';
import type { RiskReason } from '../api/contract-risk';
import type { z } from 'zod';
import { SEARCH_METHODS, type OptOutReason, type SearchMethod } from '../values';
import type { StepUpWhen, StepUpPolicyChannel } from '../policy/stepup';
import type { StepUpAction, StepUpFlow, StepUpOption, StepUpResult } from './stepup';

/** The three outcomes an agent ever sees. */
export type Outcome = 'verified' | 'identified' | 'not_identified';

export type { SearchMethod, OptOutReason } from '../values';

/** Policy that shapes the flow; copied into the state when a call starts. */
export interface FlowConfig {
  aniLookup: boolean;
  methods: SearchMethod[];
  maxIdentifyAttempts: number;
  verifyMode: 'caller-answer' | 'agent-judged';
  maxVerifyAttempts: number;
  allowOptOut: boolean;
  /** How long before the call started a prior verification still counts (policy verification.priorStatusWindowMinutes). */
  priorWindowMinutes: number;
  /** When the challenge is created: once the agent engages with the question step, or at once. */
  challenge: 'on-engage' | 'auto';
  /** Policy verification.stepUp, stepUpChannels, stepUpReplacesQuestions (absent in a state stored by an older version: never). */
  stepUp?: StepUpWhen;
  stepUpChannels?: StepUpPolicyChannel[];
  stepUpReplacesQuestions?: boolean;
  /** Policy risk.*ExtraQuestions: extra additional questions per identify risk level (absent: none). */
  riskExtraQuestions?: { medium: number; high: number };
  /** Policy risk.showReasons (absent: shown). */
  riskShowReasons?: boolean;
}

export const DEFAULT_FLOW_CONFIG: FlowConfig = {
  aniLookup: true,
  methods: [...SEARCH_METHODS],
  maxIdentifyAttempts: 3,
  verifyMode: 'caller-answer',
  maxVerifyAttempts: 3,
  allowOptOut: true,
  priorWindowMinutes: 15,
  challenge: 'auto',
};

/** A challenge as the panel may see it: in caller-answer mode it never carries expected values. */
export interface Challenge {
  challengeId: string;
  mode: 'caller-answer' | 'agent-judged';
  required: Question[];
  additional: Question[];
  additionalNeeded: number;
}

export type SearchReason = 'withheld' | 'invalid_number' | 'no_number' | 'no_match' | 'ani_lookup_off' | 'representative';

/** Who the current identify/verify step is about. */
export type Role = 'customer' | 'representative';

export type Step =
  | { name: 'checking_prior' }
  | { name: 'identifying'; method: IdentifyMethod; value: string; auto: boolean }
  | { name: 'choose'; candidates: Candidate[] }
  | { name: 'search'; reason: SearchReason; notice?: 'no_match' }
  | { name: 'not_identified' }
  | { name: 'engage' }
  | { name: 'challenging'; notice?: 'failed_attempt' }
  | { name: 'verify'; challenge: Challenge; notice?: 'failed_attempt' | 'resubmit' }
  | { name: 'verifying'; challenge: Challenge }
  | { name: 'step_up' }
  | { name: 'verified' }
  | { name: 'stop'; why: 'verify_exhausted' | 'locked' | 'no_questions' | 'no_step_up'; lockedUntil?: string }
  | { name: 'opted_out'; reason: OptOutReason }
  | { name: 'error'; error: ApiFailure; retry: Step };

export type VerifiedBy = 'agent' | 'ivr' | 'previous-agent';

/** What the API recorded for the interaction before this call's flow started, as the API answers it. */
export interface PriorStatus {
  status: Outcome;
  customer?: Candidate;
  verifiedBy: 'ivr' | 'agent';
  verifiedAt?: string;
  /** Age of the verification by the API's clock. */
  verifiedSecondsAgo?: number;
  /** Whether the customer holds the caller's number (decided by the API). */
  aniMatch?: boolean;
}

/**
 * Why a prior result was not honoured as the verdict: older than the call (and the window), for a customer
 * who does not hold the caller's number, or no number to check it against.
 */
export type PriorRefusal = 'stale' | 'other_number' | 'no_number';

export interface FlowState {
  config: FlowConfig;
  step: Step;
  role: Role;
  /** The person the call is about (account holder, or employee contact of a business account). */
  customer?: Candidate;
  /** The caller, when they act for the customer. */
  representative?: Candidate;
  actingFor: boolean;
  customerVerified: boolean;
  verifiedBy?: VerifiedBy;
  identifyFailures: number;
  verifyFailures: number;
  /** The agent started the questions: engaged the question step, or typed or marked an answer. */
  engaged?: boolean;
  methods: IdentifyMethod[];
  factorsPassed: string[];
  aniTrust?: z.infer<typeof AniTrust>;
  /** The prior result the flow started from: who recorded it and when, and why it was not honoured, if so. */
  prior?: { status: Outcome; verifiedBy: 'ivr' | 'agent'; verifiedAt?: string; refused?: PriorRefusal };
  /** The risk level the identify answer carried, when the server sends one. */
  identifyRisk?: 'low' | 'medium' | 'high';
  /** The reasons of that risk level, as the API words them (lib/flow/risk.ts). */
  riskReasons?: RiskReason[];
  /** A step-up (code or app approval) asked for on this call, and whether it passed. */
  stepUp?: StepUpFlow;
  /** How the call started: where the flow goes when there is no prior result. */
  entry: { aniE164?: string; searchReason: SearchReason; customerId?: string };
}

export type FlowEvent =
  /** `callAgeSeconds`: how long ago the call started, by this side's clock (a missing age counts as 0). */
  | { type: 'prior.result'; status: PriorStatus | null; callAgeSeconds?: number }
  | { type: 'identify.result'; candidates: Candidate[]; risk?: 'low' | 'medium' | 'high'; riskReasons?: RiskReason[] }
  | { type: 'select'; customerId: string }
  | { type: 'search'; method: SearchMethod; value: string }
  | { type: 'engage' }
  | { type: 'challenge.result'; challenge: Challenge }
  | { type: 'verify.submit' }
  | { type: 'verify.result'; outcome: 'verified' | 'failed'; attemptsRemaining: number; passed?: string[] }
  | { type: 'verify.interrupted' }
  | { type: 'api.failed'; error: ApiFailure }
  | { type: 'optOut'; reason: OptOutReason }
  | { type: 'representative'; on: boolean }
  | { type: 'retry' }
  /** The agent chose a step-up instead of the questions (knowledge), or a guarded action asked for one. */
  | { type: 'stepUp.offer'; reason: 'knowledge' | 'guarded-action'; label?: string }
  | { type: 'stepUp.channels'; channels: StepUpOption[] }
  | { type: 'stepUp.action'; action: StepUpAction }
  /** `verified`: the server recorded the interaction as verified by this step-up. */
  | { type: 'stepUp.result'; result: StepUpResult; verified: boolean }
  | { type: 'stepUp.failed'; error: ApiFailure };
