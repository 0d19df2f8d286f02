/**
 * Policy keys of step-up (verification.stepUp, stepUpChannels, stepUpReplacesQuestions): when the panel asks
 * the caller for something they have (a code or an app approval), by which channels in order, and whether a
 * passed step-up may stand in for the additional questions. Spread into the verification group so schema.ts
 * gains one line; self-contained (zod only) for the admin CLI. The server still decides what counts.
 */
import { z } from 'zod';

export const STEP_UP_WHEN = ['never', 'low-trust', 'always', 'on-guarded-action'] as const;
export type StepUpWhen = (typeof STEP_UP_WHEN)[number];
export const STEP_UP_CHANNELS = ['app', 'sms', 'voice', 'email'] as const;
export type StepUpPolicyChannel = (typeof STEP_UP_CHANNELS)[number];

const Channel = z.enum(STEP_UP_CHANNELS, { error: `must be one of ${STEP_UP_CHANNELS.join(', ')}` });

/** The step-up fields of the verification group. */
export const STEP_UP_POLICY_FIELDS = {
  stepUp: z.enum(STEP_UP_WHEN, { error: `must be one of ${STEP_UP_WHEN.join(', ')}` }).default('never')
    .describe('When to ask for a step-up (a one-time code or an app approval): never, low-trust (the caller\'s number is not trusted), always, or on-guarded-action (before a guarded action).'),
  stepUpChannels: z.array(Channel, { error: 'must be a list of channels' })
    .min(1, { error: 'must list at least one channel' })
    .max(STEP_UP_CHANNELS.length, { error: 'must not repeat a channel' })
    .refine((a) => new Set(a).size === a.length, { error: 'must not repeat a channel' })
    .default([...STEP_UP_CHANNELS])
    .describe(`Step-up channels offered, in order of preference: ${STEP_UP_CHANNELS.join(', ')} (only those the customer has on file are shown).`),
  stepUpReplacesQuestions: z.boolean({ error: 'must be true or false' }).default(false)
    .describe('A passed step-up stands in for the additional questions (the required ones are still asked).'),
};

/** Whether a step-up is due for a call: by policy, the caller number's trust, and a guarded action asked for. */
export function stepUpDue(when: StepUpWhen, call: { lowTrust: boolean; guardedAction: boolean }): boolean {
  if (when === 'always') return true;
  if (when === 'low-trust') return call.lowTrust;
  if (when === 'on-guarded-action') return call.guardedAction;
  return false;
}

/** The channels to offer: the policy's, in its order, among those the server says the customer has. */
export function offeredChannels<T extends { channel: string }>(policy: readonly StepUpPolicyChannel[], onFile: readonly T[]): T[] {
  return policy.flatMap((channel) => onFile.filter((c) => c.channel === channel));
}
