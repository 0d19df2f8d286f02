/**
 * Step-up inside the flow, pure: the part of the flow state that follows one proof of something the caller
 * has (a code sent to the customer, or an approval in their app). It runs as the identity step the policy
 * requires (the flow's `step_up` step) or beside a Verified call once a guarded action asks for it. Every
 * answer of the server arrives as an event; nothing here decides that a code is right. The code the agent
 * types never enters this state.
 */
import type { StepUp, StepUpChannel } from '../api/contract-stepup';
import type { ApiFailure } from '../api/failure';

/** Why the step-up is on screen: the policy requires it, the agent chose it instead of questions, or a guarded action. */
export type StepUpReason = 'policy' | 'knowledge' | 'guarded-action';

/** A channel the customer has on file, as the agent may see it (masked). */
export interface StepUpOption {
  channel: StepUpChannel;
  maskedDestination: string;
}

/** Where the step-up stands. `loading`, `sending`, `resending`, `polling` and `checking` wait for the worker. */
export type StepUpPhase =
  | { name: 'loading' }
  | { name: 'choose' }
  | { name: 'sending'; channel: StepUpChannel }
  | { name: 'pending' }
  | { name: 'polling' }
  | { name: 'checking' }
  | { name: 'resending' }
  | { name: 'passed' }
  | { name: 'over'; why: 'no_channels' | 'locked' | 'no_more'; lockedUntil?: string }
  | { name: 'error'; error: ApiFailure; retry: 'loading' | 'sending' | 'pending' | 'resending'; channel?: StepUpChannel };

/** What the panel explains next to the current phase. */
export type StepUpNotice = 'wrong_code' | 'expired' | 'denied' | 'resent' | 'resend_wait';

export interface StepUpFlow {
  reason: StepUpReason;
  phase: StepUpPhase;
  channels: StepUpOption[];
  /** The server's view of the live step-up (no code: the contract has none). */
  current?: StepUp;
  notice?: StepUpNotice;
  /** When the caller passed (epoch ms, worker clock): the CRM guards' step-up level reads this. */
  passedAt?: number;
  /** The guarded action that asked for it. */
  label?: string;
  /** Not before this time (epoch ms) is a pending app approval read again: the server's Retry-After. */
  pollAfter?: number;
}

/** The server's answer to a start, check, resend or read. `verified`: the server recorded the interaction as verified. */
export interface StepUpResult {
  stepUp: StepUp;
  at: number;
  retryAfterMs?: number;
}

/** A new step-up sub-flow that first loads the customer's channels. */
export function newStepUp(reason: StepUpReason, label?: string): StepUpFlow {
  return { reason, phase: { name: 'loading' }, channels: [], ...(label ? { label } : {}) };
}

/** Whether the worker owes the step-up an API call. */
export function stepUpBusy(s: StepUpFlow | undefined): boolean {
  return s !== undefined && ['loading', 'sending', 'resending', 'polling', 'checking'].includes(s.phase.name);
}

/** The channels arrived (already in the policy's order): choose, or over when there is none. */
export function onChannels(s: StepUpFlow, channels: StepUpOption[]): StepUpFlow {
  if (s.phase.name !== 'loading') return s;
  return channels.length === 0 ? { ...s, channels, phase: { name: 'over', why: 'no_channels' } } : { ...s, channels, phase: { name: 'choose' } };
}

/** The server's view after a start, check, resend or read. */
export function onResult(s: StepUpFlow, r: StepUpResult): StepUpFlow {
  const was = s.phase.name;
  if (!['sending', 'checking', 'resending', 'polling'].includes(was)) return s;
  const { stepUp } = r;
  const { notice: _n, pollAfter: _p, ...base } = s;
  switch (stepUp.status) {
    case 'approved':
      return { ...base, current: stepUp, phase: { name: 'passed' }, passedAt: r.at };
    case 'locked':
      return { ...base, current: stepUp, phase: { name: 'over', why: 'locked', ...(stepUp.lockedUntil ? { lockedUntil: stepUp.lockedUntil } : {}) } };
    case 'expired':
    case 'denied': {
      const { current: _c, ...rest } = base;
      return { ...rest, phase: { name: 'choose' }, notice: stepUp.status };
    }
    case 'pending': {
      const notice: StepUpNotice | undefined = was === 'checking' ? 'wrong_code' : was === 'resending' ? 'resent' : undefined;
      const pollAfter = stepUp.channel === 'app' ? r.at + Math.max(1000, r.retryAfterMs ?? 2000) : undefined;
      return { ...base, current: stepUp, phase: { name: 'pending' }, ...(notice ? { notice } : {}), ...(pollAfter ? { pollAfter } : {}) };
    }
  }
}

/** An API call of the step-up failed. */
export function onFailure(s: StepUpFlow, error: ApiFailure): StepUpFlow {
  const p = s.phase;
  if (error.kind === 'locked') return { ...s, phase: { name: 'over', why: 'locked', ...(error.lockedUntil ? { lockedUntil: error.lockedUntil } : {}) } };
  if (p.name === 'sending' && error.status === 409) return { ...s, phase: { name: 'over', why: 'no_more' } };
  // A resend inside its cool-down (or past its limit) leaves the live step-up as it was.
  if (p.name === 'resending' && (error.kind === 'rate_limited' || error.status === 409)) return { ...s, phase: { name: 'pending' }, notice: 'resend_wait' };
  if (p.name === 'loading') return { ...s, phase: { name: 'error', error, retry: 'loading' } };
  if (p.name === 'sending') return { ...s, phase: { name: 'error', error, retry: 'sending', channel: p.channel } };
  if (p.name === 'resending') return { ...s, phase: { name: 'error', error, retry: 'resending' } };
  // A check or a read: the step-up is still there; the agent types the code again (it is not kept) or waits.
  if (p.name === 'checking' || p.name === 'polling') return { ...s, phase: { name: 'error', error, retry: 'pending' } };
  return s;
}

/** The agent's actions on the step-up; each applies only in the phase it belongs to. */
export type StepUpAction = { kind: 'choose'; channel: StepUpChannel } | { kind: 'check' } | { kind: 'resend' } | { kind: 'poll'; now: number } | { kind: 'other' } | { kind: 'retry' };

/** Apply an agent action. */
export function onAction(s: StepUpFlow, a: StepUpAction): StepUpFlow {
  const p = s.phase;
  const live = p.name === 'pending' && s.current !== undefined;
  switch (a.kind) {
    case 'choose':
      return p.name === 'choose' && s.channels.some((c) => c.channel === a.channel) ? { ...s, phase: { name: 'sending', channel: a.channel } } : s;
    case 'check':
      return live && s.current?.channel !== 'app' ? { ...s, phase: { name: 'checking' } } : s;
    case 'resend':
      return live ? { ...s, phase: { name: 'resending' } } : s;
    case 'poll':
      return live && s.current?.channel === 'app' && a.now >= (s.pollAfter ?? 0) ? { ...s, phase: { name: 'polling' } } : s;
    case 'other': {
      // Another channel: a new start ends the live one on the server.
      if (p.name !== 'pending' && !(p.name === 'error' && p.retry === 'pending')) return s;
      const { current: _c, notice: _n, pollAfter: _p, ...rest } = s;
      return { ...rest, phase: { name: 'choose' } };
    }
    case 'retry':
      if (p.name !== 'error') return s;
      if (p.retry === 'sending' && p.channel) return { ...s, phase: { name: 'sending', channel: p.channel } };
      return { ...s, phase: p.retry === 'sending' ? { name: 'choose' } : { name: p.retry } };
  }
}
