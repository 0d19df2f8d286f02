/**
 * The panel's step-up messages (panel → background), spread into lib/protocol.ts's MESSAGES. The code the
 * agent typed travels only in panel.stepUpCheck, to the worker and on to the API; it is never stored.
 */
import * as z from 'zod/mini';
import { INTERACTION_ID_PATTERN } from './values';

const interactionId = z.string().check(z.minLength(1), z.maxLength(128), z.regex(INTERACTION_ID_PATTERN));

/** The agent chooses a step-up instead of the questions (policy low-trust). */
export const PanelStepUpOffer = z.strictObject({ type: z.literal('panel.stepUpOffer'), interactionId });

/** Send a code (or an app request) on one of the channels the panel shows. */
export const PanelStepUpSend = z.strictObject({ type: z.literal('panel.stepUpSend'), interactionId, channel: z.enum(['sms', 'voice', 'email', 'app']) });

/** The code the caller read out: digits only, at most the longest code a server may use. */
export const PanelStepUpCheck = z.strictObject({ type: z.literal('panel.stepUpCheck'), interactionId, code: z.string().check(z.regex(/^[0-9]{4,10}$/)) });

/** Resend after the cool-down; another channel; read a pending app approval again (after its Retry-After). */
export const PanelStepUpResend = z.strictObject({ type: z.literal('panel.stepUpResend'), interactionId });
export const PanelStepUpOther = z.strictObject({ type: z.literal('panel.stepUpOther'), interactionId });
export const PanelStepUpPoll = z.strictObject({ type: z.literal('panel.stepUpPoll'), interactionId });

/** The step-up entries of MESSAGES. */
export const STEP_UP_MESSAGES = {
  'panel.stepUpOffer': { schema: PanelStepUpOffer, from: 'panel', to: 'background' },
  'panel.stepUpSend': { schema: PanelStepUpSend, from: 'panel', to: 'background' },
  'panel.stepUpCheck': { schema: PanelStepUpCheck, from: 'panel', to: 'background' },
  'panel.stepUpResend': { schema: PanelStepUpResend, from: 'panel', to: 'background' },
  'panel.stepUpOther': { schema: PanelStepUpOther, from: 'panel', to: 'background' },
  'panel.stepUpPoll': { schema: PanelStepUpPoll, from: 'panel', to: 'background' },
} as const;

/** Their replies: ok once the worker stored the agent's action (the result arrives with the state push). */
export interface StepUpReplies {
  'panel.stepUpOffer': { ok: true };
  'panel.stepUpSend': { ok: true };
  'panel.stepUpCheck': { ok: true };
  'panel.stepUpResend': { ok: true };
  'panel.stepUpOther': { ok: true };
  'panel.stepUpPoll': { ok: true };
}
