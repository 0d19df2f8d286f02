/**
 * Performs what the flow asks for. Each API call is claimed in storage first (`pendingSince`), so a
 * worker restarted mid-call resumes it instead of losing it, and two wake-ups never run it twice.
 * Answers pass through memory only: they are sent to the API and never written to storage.
 */
import { nextFlow, apiCallFor, challengeExtraQuestions, challengeRiskFields, type FlowEvent, type Challenge } from '../../lib/flow';
import { challenge, verify, priorStatus } from '../../lib/api/client';
import type { ApiFailure } from '../../lib/api/failure';
import { updateInteraction } from './store';
import type { Interaction } from '../../lib/interaction';
import type { Candidate } from '../../lib/api/contract';
import { loadSettings } from './settings-store';
import { clientOptions, type WorkerClientOptions } from './api-options';
import { showOutcomeBadge } from './badge';
import { recordIfFinished } from './results';
import { isStepUpCall, stepUpEvent } from './stepup-calls';


/**
 * Apply a flow event to the stored interaction (clearing any claim) and mirror the outcome. With `claim`,
 * the event is an API answer and applies only if the interaction still holds that claim: an answer for a
 * step that was replaced meanwhile (e.g. the caller number changed) is dropped.
 */
export async function applyEvent(id: string, event: FlowEvent | FlowEvent[], claim?: number): Promise<Interaction | undefined> {
  const saved = await updateInteraction(id, async (cur) => {
    if (!cur || (claim !== undefined && cur.pendingSince !== claim)) return undefined;
    // Any event ends a wait for sign-in, and the flow's own customer replaces the one named ahead.
    const { pendingSince: _claim, signIn: _signIn, lookAhead: _ahead, ...rest } = cur;
    // Several events (the prior check and the look-up answered together) are one write, one state shown.
    const flow = (Array.isArray(event) ? event : [event]).reduce(nextFlow, cur.flow);
    await recordIfFinished(cur, flow); // the result is stored before the outcome is shown
    return { ...rest, flow };
  });
  // The badge mirrors the outcome; the panel's state does not wait for it.
  if (saved) void showOutcomeBadge(saved);
  return saved;
}

import { failed, lookUp, lookUpAfterPrior, priorFrom } from './api-answers';

/** A passed step-up that may stand in for the additional questions (policy stepUpReplacesQuestions; the server decides). */
function passedStepUpId(ix: Interaction): { stepUpId?: string } {
  const s = ix.flow.stepUp;
  return ix.flow.config.stepUpReplacesQuestions && s?.passedAt !== undefined && s.current ? { stepUpId: s.current.id } : {};
}

/** Strip expected values a caller-answer challenge must never carry into storage. */
function publicChallenge(c: Challenge): Challenge {
  if (c.mode === 'agent-judged') return c;
  const strip = (q: Challenge['required'][number]) => ({ id: q.id, label: q.label, inputKind: q.inputKind });
  return { ...c, required: c.required.map(strip), additional: c.additional.map(strip) };
}

let lastClaim = 0;
/**
 * A claim on a step's API call: the time, unique in this worker. An answer lands only on its own claim, and two
 * reports of one call (its number read again with the view's closed roots) can claim within one millisecond.
 * Memory is enough here: a restarted worker's clock is past the few milliseconds this can run ahead.
 */
export function newClaim(): number {
  lastClaim = Math.max(Date.now(), lastClaim + 1);
  return lastClaim;
}

/** An interaction as just written with a claim on its step's API call (`pendingSince`): the caller may run it at once. */
export type Claimed = Interaction & { pendingSince: number };

/** The longest a new call's other work waits for its first answer (ms). */
export const AFTER_FIRST_CAP_MS = 1000;

/** How a new call's creator starts its steps: the options it already has, and work to run once the first answer is shown. */
export interface FirstStep {
  opts?: WorkerClientOptions;
  /** Runs after the first answer is written (or when there is none): nothing else waits on the worker before it. */
  afterFirst?: () => void;
}

/**
 * Run the API call the current step needs, once, then feed its result back; repeats while steps need calls.
 * `claimed`: the interaction as its creator wrote it, already holding the claim (no second write first).
 */
export async function runPendingStep(id: string, claimed?: Claimed, first: FirstStep = {}): Promise<void> {
  let after = first.afterFirst;
  const runAfter = (): void => {
    clearTimeout(cap);
    after?.();
    after = undefined;
  };
  // An API that is slow or down must not hold the other work for its whole time budget and retries.
  const cap = after ? setTimeout(runAfter, AFTER_FIRST_CAP_MS) : undefined;
  try {
    await runSteps(id, claimed, first.opts, runAfter);
  } finally {
    runAfter();
  }
}

async function runSteps(id: string, claimed: Claimed | undefined, given0: WorkerClientOptions | undefined, answered: () => void): Promise<void> {
  for (let guard = 0; guard < 5; guard++) {
    const opts = guard === 0 && given0 ? given0 : await clientOptions();
    const given = guard === 0 ? claimed : undefined;
    const claim = given?.pendingSince ?? newClaim();
    const ix = given ?? (await claimStep(id, claim, Date.now() - opts.timeoutMs - 2000));
    const call = ix ? apiCallFor(ix.flow) : null;
    if (!ix || !call) return;
    let event: FlowEvent | FlowEvent[];
    if (call.kind === 'prior') {
      // The look-up the flow makes next (by the caller's number) goes out beside the prior check, not after it.
      const early = lookUpAfterPrior(opts, ix);
      // The name is what the agent waits for: a look-up answered before the prior check names its customer now.
      let priorIn = false;
      void early.ahead.then((customer) => (customer && !priorIn ? nameAhead(id, claim, customer) : undefined)).catch(() => undefined);
      // The API decides whether the recorded customer holds the caller's number; the flow weighs the age.
      const res = await priorStatus(opts, ix.id, ix.flow.entry.aniE164);
      priorIn = true;
      // The flow skips a failed prior check; one failed for want of a sign-in waits for it instead.
      if (!res.ok && res.error.signIn) return void (await awaitSignIn(id, claim, res.error));
      const prior: FlowEvent = { type: 'prior.result', status: res.ok ? priorFrom(res.data) : null, callAgeSeconds: Math.floor((Date.now() - ix.startedAt) / 1000) };
      event = [prior, ...(await early.answerFor(nextFlow(ix.flow, prior)))];
    } else if (isStepUpCall(call)) {
      event = await stepUpEvent(opts, ix, call);
    } else if (call.kind === 'identify') {
      event = await lookUp(opts, ix, call.method, call.value);
    } else {
      const extra = challengeExtraQuestions(ix.flow, opts.lowTrustExtraQuestions);
      const res = await challenge(opts, {
        interactionId: ix.id, customerId: call.customerId, mode: ix.flow.config.verifyMode,
        ...(ix.flow.aniTrust ? { aniTrust: ix.flow.aniTrust } : {}), ...(extra > 0 ? { extraQuestions: extra } : {}), ...passedStepUpId(ix), ...challengeRiskFields(ix.flow),
      });
      event = res.ok ? { type: 'challenge.result', challenge: publicChallenge(res.data) } : failed(res.error);
    }
    const applied = await applyEvent(id, event, claim);
    answered();
    if (!applied) return;
  }
}

/** Claim the step's API call in storage (a claim older than `staleBefore` is a stopped worker's: taken over). */
async function claimStep(id: string, claim: number, staleBefore: number): Promise<Interaction | undefined> {
  let claimed = false;
  const ix = await updateInteraction(id, (cur) => {
    if (!cur || !apiCallFor(cur.flow) || (cur.pendingSince ?? 0) > staleBefore) return undefined;
    claimed = true;
    return { ...cur, pendingSince: claim };
  });
  return claimed ? ix : undefined;
}

/** Stored under the prior check's claim: the customer the look-up named ahead of that check (shown as the write goes out). */
async function nameAhead(id: string, claim: number, customer: Candidate): Promise<void> {
  const saved = await updateInteraction(id, (cur) => (cur && cur.pendingSince === claim && cur.flow.step.name === 'checking_prior' && !cur.lookAhead ? { ...cur, lookAhead: customer } : undefined), { showFirst: true });
  if (saved?.lookAhead) void showOutcomeBadge(saved); // the badge says what the panel says
}

/** Release the claim and mark the interaction as waiting for the agent to sign in (OAuth). */
async function awaitSignIn(id: string, claim: number, error: ApiFailure): Promise<void> {
  await updateInteraction(id, (cur) => {
    if (!cur || cur.pendingSince !== claim) return undefined;
    const { pendingSince: _claim, lookAhead: _ahead, ...rest } = cur;
    return { ...rest, signIn: error };
  });
}

/** Send the agent's answers or marks for the current challenge; nothing of them is stored. */
export async function submitVerify(
  id: string,
  input: { answers?: { questionId: string; answer: string }[]; marks?: { questionId: string; passed: boolean }[] },
): Promise<void> {
  const ix = await updateInteraction(id, (cur) => {
    if (!cur || cur.flow.step.name !== 'verify') return undefined;
    return { ...cur, pendingSince: newClaim(), flow: nextFlow(cur.flow, { type: 'verify.submit' }) };
  });
  if (!ix || ix.flow.step.name !== 'verifying') return;
  const { challengeId } = ix.flow.step.challenge;
  const body = input.marks ? { interactionId: id, challengeId, marks: input.marks } : { interactionId: id, challengeId, answers: input.answers ?? [] };
  const res = await verify(await clientOptions(), body);
  if (!res.ok) return void (await applyEvent(id, failed(res.error)));
  const questions = [...ix.flow.step.challenge.required, ...ix.flow.step.challenge.additional].map((q) => q.id);
  const passed = res.data.outcome === 'verified' ? (input.marks ? input.marks.filter((m) => m.passed).map((m) => m.questionId) : questions) : [];
  await applyEvent(id, { type: 'verify.result', outcome: res.data.outcome, attemptsRemaining: res.data.attemptsRemaining, passed });
  await runPendingStep(id);
}

/** A verify call that a stopped worker left behind cannot be resent (answers are not stored): ask again. */
export async function recoverInterruptedVerify(ix: Interaction): Promise<void> {
  const { settings } = await loadSettings();
  if (ix.flow.step.name === 'verifying' && (ix.pendingSince ?? 0) < Date.now() - settings.apiTimeoutMs - 2000) {
    await applyEvent(ix.id, { type: 'verify.interrupted' });
  }
}
