/**
 * Step-up limits and how the server sends step-ups: the code (length, digits only), its lifetime, check
 * attempts, resends with a cool-down, the app's poll interval, and the sender (the outbox by default,
 * or a Twilio Verify-compatible provider configured by CV_API_VERIFY_* variables).
 */
import { z } from 'zod';
import { StepUpChannel } from '../../../lib/api/contract-stepup.ts';
import { twilioVerifySender } from '../senders/twilio-verify.ts';
import type { StepUpSender } from '../senders/types.ts';

export const StepUpLimits = z.strictObject({
  codeLength: z.number().int().min(4).max(10),
  ttlMinutes: z.number().positive().max(60),
  maxAttempts: z.number().int().min(1).max(20),
  maxResends: z.number().int().min(0).max(10),
  resendCooldownSeconds: z.number().int().min(0).max(3600),
  /** Seconds a client waits between polls of a pending app approval (Retry-After). */
  pollSeconds: z.number().int().min(1).max(60),
  /** Channels offered, in order of preference (a customer's channel not listed here is not offered). */
  channels: z.array(StepUpChannel).min(1).max(4),
  /** Whether a passed step-up of an identified customer verifies the interaction (else it is only recorded). */
  verifies: z.boolean(),
});
export type StepUpLimits = z.infer<typeof StepUpLimits>;

/** Defaults: 6 digits valid 5 minutes, 5 checks, 2 resends 30 s apart, app polled every 2 s. */
export const DEFAULT_STEP_UP: StepUpLimits = {
  codeLength: 6,
  ttlMinutes: 5,
  maxAttempts: 5,
  maxResends: 2,
  resendCooldownSeconds: 30,
  pollSeconds: 2,
  channels: ['app', 'sms', 'voice', 'email'],
  verifies: true,
};

/** What buildApp takes for step-up (all optional). */
export interface StepUpOptions {
  limits?: Partial<StepUpLimits>;
  /** Where codes go (default: the outbox in the database). */
  sender?: StepUpSender;
  /** Demo mode: GET /dev/outbox and the demo customer app page are served. Never in production. */
  demo?: boolean;
}

/** Merge limits over the defaults and validate them; throws on a bad value. */
export function stepUpLimits(partial: Partial<StepUpLimits> = {}): StepUpLimits {
  const parsed = StepUpLimits.safeParse({ ...DEFAULT_STEP_UP, ...partial });
  if (!parsed.success) throw new Error(`Invalid step-up limits: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The provider settings from CV_API_VERIFY_URL, _SERVICE_SID, _USERNAME and _PASSWORD (all or none). */
export function providerFromEnv(env: NodeJS.ProcessEnv): { baseUrl: string; serviceSid: string; username: string; password: string } | undefined {
  const names = ['CV_API_VERIFY_URL', 'CV_API_VERIFY_SERVICE_SID', 'CV_API_VERIFY_USERNAME', 'CV_API_VERIFY_PASSWORD'] as const;
  const [baseUrl, serviceSid, username, password] = names.map((n) => env[n]?.trim() || undefined);
  if (!baseUrl && !serviceSid && !username && !password) return undefined;
  if (!baseUrl || !serviceSid || !username || !password) throw new Error(`set all of ${names.join(', ')} or none`);
  if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) throw new Error(`CV_API_VERIFY_URL must be an http(s) URL, got "${baseUrl}"`);
  return { baseUrl, serviceSid, username, password };
}

/** Whether CV_API_DEMO asks for demo mode (1, true, yes). */
export function demoFromEnv(env: NodeJS.ProcessEnv): boolean {
  return /^(1|true|yes)$/i.test(env.CV_API_DEMO?.trim() ?? '');
}

/**
 * The step-up options of server/main.ts from the environment. Provider credentials come only from the
 * environment, never from flags, which other users of the machine can read in ps.
 */
export function stepUpFromEnv(env: NodeJS.ProcessEnv): StepUpOptions {
  const provider = providerFromEnv(env);
  const limits = limitsFromEnv(env);
  return { demo: demoFromEnv(env), ...(provider ? { sender: twilioVerifySender(provider) } : {}), ...(limits ? { limits } : {}) };
}

/** Limits from CV_API_STEP_UP_TTL_SECONDS and CV_API_STEP_UP_RESEND_COOLDOWN_SECONDS (checked by stepUpLimits when the app starts). */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Partial<StepUpLimits> | undefined {
  const num = (name: string): number | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    if (!/^[0-9]+$/.test(raw)) throw new Error(`${name} must be a whole number of seconds, got "${raw}"`);
    return Number(raw);
  };
  const ttl = num('CV_API_STEP_UP_TTL_SECONDS');
  const cooldown = num('CV_API_STEP_UP_RESEND_COOLDOWN_SECONDS');
  if (ttl === undefined && cooldown === undefined) return undefined;
  return { ...(ttl === undefined ? {} : { ttlMinutes: ttl / 60 }), ...(cooldown === undefined ? {} : { resendCooldownSeconds: cooldown }) };
}
