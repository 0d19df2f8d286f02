/**
 * The worker's side of step-up: the panel's step-up messages become flow events (stored before any call),
 * and the step-up API calls a stored phase asks for run through the runner's claims (runner.ts). The code
 * the agent typed goes from the message to the API and nowhere else: a check interrupted by a stopped
 * worker cannot be resent, so the agent is asked to type it again.
 */
import type { Message, Reply } from '../../lib/protocol';
import type { Interaction } from '../../lib/interaction';
import type { FlowEvent, StepUpAction } from '../../lib/flow';
import { checkStepUp } from '../../lib/api/client-stepup';
import { stepUpFailed as failed } from './stepup-calls';
import { updateInteraction } from './store';
import { applyEvent, newClaim, runPendingStep } from './runner';
import { loadSettings } from './settings-store';
import { clientOptions } from './api-options';

/** An agent action on the step-up: stored, then whatever call the new phase needs. */
async function act(ix: Interaction, action: StepUpAction): Promise<{ ok: true }> {
  await applyEvent(ix.id, { type: 'stepUp.action', action });
  void runPendingStep(ix.id);
  return { ok: true };
}

/** Check the code the caller read out: the phase is claimed in storage first, the code itself never is. */
async function checkCode(ix: Interaction, code: string): Promise<{ ok: true }> {
  const claim = newClaim();
  const saved = await updateInteraction(ix.id, (cur) => {
    const s = cur?.flow.stepUp;
    if (!cur || !s || s.phase.name !== 'pending' || s.current?.channel === 'app' || s.current?.codeLength !== code.length) return undefined;
    return { ...cur, pendingSince: claim, flow: { ...cur.flow, stepUp: { ...s, phase: { name: 'checking' } } } };
  });
  const stepUp = saved?.flow.stepUp;
  if (!saved || saved.pendingSince !== claim || stepUp?.phase.name !== 'checking' || !stepUp.current) return { ok: true };
  const res = await checkStepUp(await clientOptions(), stepUp.current.id, { interactionId: ix.id, code });
  const event: FlowEvent = res.ok ? { type: 'stepUp.result', verified: res.data.verifiedInteraction === true, result: { stepUp: res.data, at: Date.now() } } : failed(res.error);
  await applyEvent(ix.id, event, claim);
  void runPendingStep(ix.id); // a pass may lead to the questions
  return { ok: true };
}

/** The panel's step-up messages by type; handlers.ts wraps each in its panel check (the sender is the panel of the interaction's tab). */
export const STEP_UP_ACTIONS = {
  'panel.stepUpOffer': async (_msg: Message<'panel.stepUpOffer'>, ix: Interaction): Promise<Reply<'panel.stepUpOffer'>> => {
    await applyEvent(ix.id, { type: 'stepUp.offer', reason: 'knowledge' });
    void runPendingStep(ix.id);
    return { ok: true };
  },
  'panel.stepUpSend': (msg: Message<'panel.stepUpSend'>, ix: Interaction) => act(ix, { kind: 'choose', channel: msg.channel }),
  'panel.stepUpCheck': (msg: Message<'panel.stepUpCheck'>, ix: Interaction) => checkCode(ix, msg.code),
  'panel.stepUpResend': (_msg: Message<'panel.stepUpResend'>, ix: Interaction) => act(ix, { kind: 'resend' }),
  'panel.stepUpOther': (_msg: Message<'panel.stepUpOther'>, ix: Interaction) => act(ix, { kind: 'other' }),
  'panel.stepUpPoll': (_msg: Message<'panel.stepUpPoll'>, ix: Interaction) => act(ix, { kind: 'poll', now: Date.now() }),
};

/** A guard that requires a step-up held an action: offer one beside the Verified call (policy permitting; the flow decides). */
export async function offerStepUpForGuard(interactionId: string, label: string): Promise<void> {
  const { settings } = await loadSettings();
  const rule = settings.guards.rules.find((r) => r.label === label && r.require === 'step-up');
  if (!rule) return;
  await applyEvent(interactionId, { type: 'stepUp.offer', reason: 'guarded-action', label });
  void runPendingStep(interactionId);
}

/** A check a stopped worker left in flight cannot be resent (the code is not stored): the agent types it again. */
export async function recoverInterruptedCheck(ix: Interaction, staleMs: number): Promise<void> {
  if (ix.flow.stepUp?.phase.name !== 'checking' || (ix.pendingSince ?? 0) >= Date.now() - staleMs) return;
  await applyEvent(ix.id, failed({ kind: 'timeout', detail: 'The code check was interrupted; type the code again', requestId: '-' }));
}
