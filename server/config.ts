/**
 * Server configuration of verification (which questions, how many, which mode, lockout) and of
 * rate limits, with the defaults of contract v1. Like Salesforce's required/optional verifiers with a
 * minimum count: `required` must all pass and at least `additionalNeeded` of `additional` must pass.
 */
import { z } from 'zod';
import { ChallengeMode, InputKind } from '../lib/api/contract.ts';

/** One question the server can ask; the expected answer is the customer's stored answer with this id. */
export const QuestionDef = z.strictObject({ label: z.string().min(1).max(200), inputKind: InputKind });
export type QuestionDef = z.infer<typeof QuestionDef>;

const QuestionId = z.string().min(1).max(64);
const Minutes = (max: number) => z.number().positive().max(max);

const VerificationObject = z.strictObject({
  questions: z.record(QuestionId, QuestionDef),
  required: z.array(QuestionId).max(10),
  additional: z.array(QuestionId).max(10),
  additionalNeeded: z.number().int().min(0).max(10),
  mode: ChallengeMode,
  /** Whether a request may ask for an agent-judged challenge when `mode` is caller-answer. */
  allowAgentJudged: z.boolean(),
  /** How to read 12/04/1980: day first (DMY) or month first (MDY). */
  dateOrder: z.enum(['DMY', 'MDY']),
  challengeTtlMinutes: Minutes(24 * 60),
  lockout: z.strictObject({
    maxFailures: z.number().int().min(1).max(100),
    windowMinutes: Minutes(7 * 24 * 60),
    lockMinutes: Minutes(7 * 24 * 60),
  }),
});

/** Verification settings (all optional in a config file; defaults below). */
export const VerificationConfig = VerificationObject.superRefine((c, ctx) => {
  const used = [...c.required, ...c.additional];
  used.forEach((id, i) => {
    if (!(id in c.questions)) ctx.addIssue({ code: 'custom', path: ['questions'], message: `Unknown question "${id}"` });
    if (used.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['additional'], message: `"${id}" listed twice` });
  });
});
export type VerificationConfig = z.infer<typeof VerificationConfig>;

/** Fixed-window rate limits (per minute); 0 disables a limit. */
export const RateLimitConfig = z.strictObject({
  perTokenPerMinute: z.number().int().min(0),
  perCustomerPerMinute: z.number().int().min(0),
  /** How long hits may wait in memory before they are added to the database (0: every hit at once). */
  flushMs: z.number().int().min(0).max(1000),
});
export type RateLimitConfig = z.infer<typeof RateLimitConfig>;

/** The questions of the demo data (seed/demo-customers.json). */
const DEFAULT_QUESTIONS: Record<string, QuestionDef> = {
  dob: { label: 'Date of birth', inputKind: 'date' },
  postcode: { label: 'Postcode', inputKind: 'text' },
  pin_last4: { label: 'Last 4 digits of PIN', inputKind: 'digits' },
};

/** Defaults: date of birth plus one of postcode / last 4 PIN digits, caller-answer, 3 failures per 15 min. */
export const DEFAULT_VERIFICATION: VerificationConfig = {
  questions: DEFAULT_QUESTIONS,
  required: ['dob'],
  additional: ['postcode', 'pin_last4'],
  additionalNeeded: 1,
  mode: 'caller-answer',
  allowAgentJudged: false,
  dateOrder: 'DMY',
  challengeTtlMinutes: 10,
  lockout: { maxFailures: 3, windowMinutes: 15, lockMinutes: 15 },
};

/** Defaults: 6,000 requests a minute per token (or per client address when open), 30 per customer. */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = { perTokenPerMinute: 6000, perCustomerPerMinute: 30, flushMs: 20 };

/** Settings to change from the defaults (lockout fields individually too). */
export type VerificationOverrides = Omit<Partial<VerificationConfig>, 'lockout'> & { lockout?: Partial<VerificationConfig['lockout']> };

/** Merge a partial verification config over the defaults and validate it; throws on a bad config. */
export function verificationConfig(partial: VerificationOverrides = {}): VerificationConfig {
  const merged = { ...DEFAULT_VERIFICATION, ...partial, lockout: { ...DEFAULT_VERIFICATION.lockout, ...partial.lockout } };
  const parsed = VerificationConfig.safeParse(merged);
  if (!parsed.success) throw new Error(`Invalid verification config: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Merge partial rate limits over the defaults and validate them; throws on bad values. */
export function rateLimitConfig(partial: Partial<RateLimitConfig> = {}): RateLimitConfig {
  const parsed = RateLimitConfig.safeParse({ ...DEFAULT_RATE_LIMITS, ...partial });
  if (!parsed.success) throw new Error(`Invalid rate limits: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The config file of `--config FILE.json`: `{ verification?: {...}, rateLimits?: {...} }`, all keys optional. */
export const ConfigFile = z.strictObject({
  verification: VerificationObject.extend({ lockout: VerificationObject.shape.lockout.partial() }).partial().optional(),
  rateLimits: RateLimitConfig.partial().optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;
