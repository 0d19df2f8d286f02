/**
 * Server configuration of verification (which questions, how many, which mode, lockout) and of
 * rate limits, with the defaults of contract v1. Like Salesforce's required/optional verifiers with a
 * minimum count: `required` must all pass and at least `additionalNeeded` of `additional` must pass.
 */
import { z } from 'zod';
import { RiskConfig } from './domain/risk/config.ts';
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

/** Identification budget of one kind of client (0 disables a limit). */
const IdentifyBudget = z.strictObject({
  /** Look-ups of one interaction, any method (ANI included): an interaction has one caller. */
  perInteraction: z.number().int().min(0),
  /** Look-ups per hour by one token. */
  lookupsPerHour: z.number().int().min(0),
  /** Look-ups that found nobody per hour by one token (the sweep signature); past it every look-up is refused. */
  missesPerHour: z.number().int().min(0),
  /** The same for all tokens of one client address together (a contact centre may share one address). */
  sourceMissesPerHour: z.number().int().min(0),
});
export type IdentifyBudget = z.infer<typeof IdentifyBudget>;

/** Fixed-window rate limits (per minute unless named otherwise); 0 disables a limit. */
export const RateLimitConfig = z.strictObject({
  perTokenPerMinute: z.number().int().min(0),
  perCustomerPerMinute: z.number().int().min(0),
  /** Agent-judged challenges (they carry expected answers) per hour per token. */
  agentJudgedPerHour: z.number().int().min(0),
  /** Identification budgets: `agent` for agent tokens, `ivr` for IVR (and admin) tokens and the open API. */
  identify: z.strictObject({ agent: IdentifyBudget, ivr: IdentifyBudget }),
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

/**
 * Defaults: 6,000 requests a minute per token (or per client address when open), 30 per customer. An agent
 * takes a call every few minutes: 10 look-ups per interaction, 240 an hour, 30 misses an hour. An IVR's token
 * identifies every caller of the contact centre (thousands an hour).
 */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  perTokenPerMinute: 6000,
  perCustomerPerMinute: 30,
  agentJudgedPerHour: 30,
  identify: {
    agent: { perInteraction: 10, lookupsPerHour: 240, missesPerHour: 30, sourceMissesPerHour: 300 },
    ivr: { perInteraction: 10, lookupsPerHour: 50_000, missesPerHour: 10_000, sourceMissesPerHour: 10_000 },
  },
  flushMs: 20,
};

/** Settings to change from the defaults (lockout fields individually too). */
export type VerificationOverrides = Omit<Partial<VerificationConfig>, 'lockout'> & { lockout?: Partial<VerificationConfig['lockout']> };

/** Merge a partial verification config over the defaults and validate it; throws on a bad config. */
export function verificationConfig(partial: VerificationOverrides = {}): VerificationConfig {
  const merged = { ...DEFAULT_VERIFICATION, ...partial, lockout: { ...DEFAULT_VERIFICATION.lockout, ...partial.lockout } };
  const parsed = VerificationConfig.safeParse(merged);
  if (!parsed.success) throw new Error(`Invalid verification config: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Rate limits to change from the defaults (identification budgets field by field too). */
export type RateLimitOverrides = Omit<Partial<RateLimitConfig>, 'identify'> & {
  identify?: { agent?: Partial<IdentifyBudget>; ivr?: Partial<IdentifyBudget> };
};

/** Merge partial rate limits over the defaults and validate them; throws on bad values. */
export function rateLimitConfig(partial: RateLimitOverrides = {}): RateLimitConfig {
  const d = DEFAULT_RATE_LIMITS.identify;
  const identify = { agent: { ...d.agent, ...partial.identify?.agent }, ivr: { ...d.ivr, ...partial.identify?.ivr } };
  const parsed = RateLimitConfig.safeParse({ ...DEFAULT_RATE_LIMITS, ...partial, identify });
  if (!parsed.success) throw new Error(`Invalid rate limits: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Connection limits of the HTTP server (milliseconds, and requests per keep-alive socket). */
export const TimeoutConfig = z.strictObject({
  /** Longest time to receive a whole request (headers and body); then 408 and the socket closes. */
  requestMs: z.number().int().min(100).max(600_000),
  /** Longest a socket may stay without any traffic. */
  connectionMs: z.number().int().min(100).max(600_000),
  /** How long an idle keep-alive socket is kept for the next request. */
  keepAliveMs: z.number().int().min(100).max(600_000),
  /** Requests served on one socket before it is closed (0: no limit). */
  maxRequestsPerSocket: z.number().int().min(0).max(1_000_000),
});
export type TimeoutConfig = z.infer<typeof TimeoutConfig>;

/** Defaults: a request within 10 s, a silent socket closed after 30 s, keep-alive 5 s, 1,000 requests a socket. */
export const DEFAULT_TIMEOUTS: TimeoutConfig = { requestMs: 10_000, connectionMs: 30_000, keepAliveMs: 5_000, maxRequestsPerSocket: 1000 };

/** Merge partial timeouts over the defaults and validate them; throws on bad values. */
export function timeoutConfig(partial: Partial<TimeoutConfig> = {}): TimeoutConfig {
  const parsed = TimeoutConfig.safeParse({ ...DEFAULT_TIMEOUTS, ...partial });
  if (!parsed.success) throw new Error(`Invalid timeouts: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The config file of `--config FILE.json`: `{ verification?, rateLimits?, timeouts? }`, all keys optional. */
export const ConfigFile = z.strictObject({
  verification: VerificationObject.extend({ lockout: VerificationObject.shape.lockout.partial() }).partial().optional(),
  rateLimits: RateLimitConfig.extend({
    identify: z.strictObject({ agent: IdentifyBudget.partial().optional(), ivr: IdentifyBudget.partial().optional() }),
  }).partial().optional(),
  timeouts: TimeoutConfig.partial().optional(),
  risk: RiskConfig.partial().optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;
