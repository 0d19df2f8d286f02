/**
 * One interaction (one call in one tab) as the worker stores it and every context reads it: the worker
 * writes it, the panel renders it, the options page and the tests inspect it. The worker keeps nothing
 * about a call in memory; this record is the whole state.
 */
import type { Ani } from './phone';
import { outcomeOf, verificationInProgress, type FlowState, type Outcome } from './flow';
import type { Candidate } from './api/contract';
import type { ApiFailure } from './api/failure';
import type { GenesysSignInHint } from './genesys/sign-in-hint';

export interface Interaction {
  id: string;
  tabId: number;
  frameId: number;
  adapterId: string;
  crmOrigin: string;
  startedAt: number;
  updatedAt: number;
  ani: Ani | null;
  flow: FlowState;
  /** Set while an API call for the current step is in flight (epoch ms). */
  pendingSince?: number;
  /** Set when the call ended without an outcome (abandoned) and was recorded as such. */
  endedAt?: number;
  /** OAuth: the step waits for the agent to sign in (the panel explains and offers the button). */
  signIn?: ApiFailure;
  /**
   * The customer the call's look-up named while the prior check was still running (flow/customerAhead):
   * the panel names them at once. Any flow event drops it; it never decides anything.
   */
  lookAhead?: Candidate;
  /** Incremented by every write: readers keep the highest revision they have seen. */
  rev?: number;
  /** A new call reported in this tab while the agent verifies this one: it waits for the agent's choice. */
  incoming?: IncomingCall;
  /** The page found this Genesys call while the configured notification channel waits for the agent's sign-in. */
  genesysSignIn?: GenesysSignInHint;
}

/**
 * A call reported in a tab whose current call is mid-verification: what the panel shows the agent
 * (`ani`) and what the worker needs to start it if the agent switches (`report`: the content script's
 * call.detected message, its frame and page, parsed again before use).
 */
export interface IncomingCall {
  interactionId: string;
  ani: Ani | null;
  at: number;
  report: { message: unknown; frameId: number; url: string };
}

/**
 * Whether a new call (`newId`) reported in `current`'s tab must wait for the agent instead of replacing
 * it: the agent has seen `current` (its panel loaded) and is in the middle of verifying its caller.
 */
export function mustAskBeforeReplacing(current: Interaction & { shownAt?: number }, newId: string): boolean {
  return current.id !== newId && current.shownAt !== undefined && current.endedAt === undefined && verificationInProgress(current.flow);
}

/** Storage events and replies can arrive in any order: of two copies, the one with the higher revision. */
export function newerInteraction(prev: Interaction | null | undefined, next: Interaction | null): Interaction | null {
  return prev && next && (prev.rev ?? 0) > (next.rev ?? 0) ? prev : next;
}

/** Fields only the worker reads (its claim, revision, write time, when the panel was shown, security events). */
const WORKER_ONLY: ReadonlySet<string> = new Set(['rev', 'updatedAt', 'pendingSince', 'shownAt', 'securityEvents']);

/**
 * `a` and `b` show the same on the panel: they differ at most in fields only the worker reads. About half
 * of a call's writes are such (a claim, the shown time); rendering each costs the panel's frame a few ms of
 * main thread while the call's name is on its way. Compared as JSON, so a difference of key order only
 * ever answers "not the same" (one render too many, never one too few).
 */
export function sameShown(a: Interaction, b: Interaction): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (!WORKER_ONLY.has(key) && JSON.stringify(x[key]) !== JSON.stringify(y[key])) return false;
  }
  return true;
}

/** Who the panel names and the outcome it shows: the flow's, or the look-up's customer ahead of the prior check. */
export function shownOutcome(ix: Interaction): { outcome: Outcome; customer?: Candidate } {
  const { flow } = ix;
  if (flow.customer || flow.step.name !== 'checking_prior' || !ix.lookAhead) return { outcome: outcomeOf(flow), ...(flow.customer ? { customer: flow.customer } : {}) };
  return { outcome: 'identified', customer: ix.lookAhead };
}
