/**
 * The step-up API calls the runner makes for a stored step-up phase (channels, start, resend, read), each
 * answered as a flow event. The code check is not one of them: its code is never stored (stepup.ts).
 */
import type { Interaction } from '../../lib/interaction';
import type { ApiCall, FlowEvent } from '../../lib/flow';
import { offeredChannels, STEP_UP_CHANNELS } from '../../lib/policy/stepup';
import type { ApiClientOptions } from '../../lib/api/client';
import { readStepUp, resendStepUp, startStepUp, stepUpChannels } from '../../lib/api/client-stepup';
import type { ApiFailure } from '../../lib/api/failure';

/** A runner call of the step-up. */
export type StepUpCall = Extract<ApiCall, { kind: `stepUp${string}` }>;

/** Whether a runner call is a step-up call. */
export function isStepUpCall(call: ApiCall): call is StepUpCall {
  return call.kind.startsWith('stepUp');
}

/** A failed step-up call as a flow event. */
export const stepUpFailed = (error: ApiFailure): FlowEvent => ({ type: 'stepUp.failed', error });
const failed = stepUpFailed;

/** Perform a step-up call the stored phase asks for; the answer as a flow event. */
export async function stepUpEvent(opts: ApiClientOptions, ix: Interaction, call: StepUpCall): Promise<FlowEvent> {
  if (call.kind === 'stepUpChannels') {
    const res = await stepUpChannels(opts, call.customerId);
    if (!res.ok) return failed(res.error);
    // The policy's channels, in its order, among those the server says the customer has.
    return { type: 'stepUp.channels', channels: offeredChannels(ix.flow.config.stepUpChannels ?? STEP_UP_CHANNELS, res.data.channels) };
  }
  const res = call.kind === 'stepUpStart' ? await startStepUp(opts, { interactionId: ix.id, customerId: call.customerId, channel: call.channel })
    : call.kind === 'stepUpResend' ? await resendStepUp(opts, call.stepUpId, ix.id)
      : await readStepUp(opts, call.stepUpId, ix.id);
  if (!res.ok) return failed(res.error);
  const retryAfterMs = (res as { retryAfterMs?: number }).retryAfterMs;
  return { type: 'stepUp.result', verified: res.data.verifiedInteraction === true, result: { stepUp: res.data, at: Date.now(), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } };
}
