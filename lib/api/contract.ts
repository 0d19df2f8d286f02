/**
 * Reference verification API, contract v1: the one set of zod schemas shared by the server (server/)
 * and the extension's API client. Changing a shape here changes both sides.
 */
import { z } from 'zod';
import { CHALLENGE_STEP_UP_FIELDS, STEP_UP_ROUTES } from './contract-stepup.ts';
import { CHALLENGE_RISK_FIELDS, IDENTIFY_RISK_FIELDS, IDENTIFY_RISK_RESPONSE, RISK_ROUTES } from './contract-risk.ts';

/** How a caller can be looked up. */
export const IdentifyMethod = z.enum(['ani', 'customerId', 'accountNumber', 'phone', 'lastName']);
export type IdentifyMethod = z.infer<typeof IdentifyMethod>;

/** A CRM interaction (call) id: Salesforce record id, Genesys conversation id, ... */
export const InteractionId = z.string().min(1).max(128).regex(/^(?!\.+$)[A-Za-z0-9._:-]+$/);

export const IdentifyRequest = z.object({
  interactionId: InteractionId,
  method: IdentifyMethod,
  value: z.string().min(1).max(200),
  ...IDENTIFY_RISK_FIELDS,
});
export type IdentifyRequest = z.infer<typeof IdentifyRequest>;

export const Candidate = z.object({
  customerId: z.string().min(1).max(64),
  displayName: z.string().max(200),
  kind: z.enum(['person', 'business']),
  accountName: z.string().max(200).optional(),
  role: z.string().max(100).optional(),
  maskedPhone: z.string().max(40).optional(),
});
export type Candidate = z.infer<typeof Candidate>;

export const IdentifyResponse = z.object({
  candidates: z.array(Candidate).max(50),
  attemptsRemaining: z.number().int().min(0),
  ...IDENTIFY_RISK_RESPONSE,
});
export type IdentifyResponse = z.infer<typeof IdentifyResponse>;

export const InputKind = z.enum(['date', 'digits', 'text']);

export const Question = z.object({
  id: z.string().min(1).max(64),
  label: z.string().max(200),
  inputKind: InputKind,
  expected: z.string().max(200).optional().describe('The stored answer; only in agent-judged mode'),
});
export type Question = z.infer<typeof Question>;

/** Who presents the questions: the caller answers (agent types) or the agent judges against expected values. */
export const ChallengeMode = z.enum(['caller-answer', 'agent-judged']);
export type ChallengeMode = z.infer<typeof ChallengeMode>;

/** Who verified the caller: the IVR (e.g. a Genesys data action) or an agent. */
export const VerifiedBy = z.enum(['ivr', 'agent']);
export type VerifiedBy = z.infer<typeof VerifiedBy>;

export const AniTrust = z.object({
  attestation: z.enum(['A', 'B', 'C']).optional(),
  verstat: z.string().max(64).optional(),
  risk: z.enum(['low', 'medium', 'high']).optional(),
});

export const ChallengeRequest = z.object({
  interactionId: InteractionId,
  customerId: z.string().min(1).max(64),
  aniTrust: AniTrust.optional(),
  mode: ChallengeMode.optional().describe("Ask for a mode other than the server's; agent-judged only where the server allows it"),
  /** Extra additional questions the client's policy requires (e.g. for a low-trust caller number). */
  extraQuestions: z.number().int().min(0).max(5).optional(),
  ...CHALLENGE_STEP_UP_FIELDS,
  ...CHALLENGE_RISK_FIELDS,
});
export type ChallengeRequest = z.infer<typeof ChallengeRequest>;

export const ChallengeResponse = z.object({
  challengeId: z.string().min(1).max(64),
  mode: ChallengeMode,
  required: z.array(Question),
  additional: z.array(Question),
  additionalNeeded: z.number().int().min(0),
});
export type ChallengeResponse = z.infer<typeof ChallengeResponse>;

export const VerifyRequest = z.union([
  z.object({
    interactionId: InteractionId,
    challengeId: z.string().min(1).max(64),
    answers: z.array(z.object({ questionId: z.string().min(1).max(64), answer: z.string().max(200) })).max(20),
    verifiedBy: VerifiedBy.optional().describe("Recorded on the interaction when verified; default 'agent'"),
  }),
  z.object({
    interactionId: InteractionId,
    challengeId: z.string().min(1).max(64),
    marks: z.array(z.object({ questionId: z.string().min(1).max(64), passed: z.boolean() })).max(20),
    verifiedBy: VerifiedBy.optional().describe("Recorded on the interaction when verified; default 'agent'"),
  }),
]);
export type VerifyRequest = z.infer<typeof VerifyRequest>;

export const VerifyResponse = z.object({
  outcome: z.enum(['verified', 'failed']),
  attemptsRemaining: z.number().int().min(0),
  lockedUntil: z.string().optional(),
});
export type VerifyResponse = z.infer<typeof VerifyResponse>;

/** How an interaction ended, from weakest to strongest. */
export const InteractionOutcome = z.enum(['verified', 'identified', 'not_identified']);
export type InteractionOutcome = z.infer<typeof InteractionOutcome>;

export const InteractionStatus = z.object({
  status: InteractionOutcome,
  customerId: z.string().optional(),
  displayName: z.string().optional(),
  method: IdentifyMethod.optional(),
  verifiedBy: VerifiedBy,
  updatedAt: z.string(),
  verifiedAt: z.string().optional().describe('When the verification of this customer on this interaction was recorded (GET only)'),
  verifiedSecondsAgo: z.number().int().min(0).optional()
    .describe("Age of that verification by the server's clock, so a client can compare it with its own call start without clock skew"),
  aniMatch: z.boolean().optional().describe('Whether the customer holds the number given as `ani` (only when `ani` was given and a customer is recorded)'),
});
export type InteractionStatus = z.infer<typeof InteractionStatus>;

/** Query of GET /v1/interactions/{id}: the caller's number, for the server to check against the recorded customer. */
export const InteractionQuery = z.object({
  ani: z.string().regex(/^\+[1-9]\d{6,14}$/).optional().describe("The caller's number (E.164); the answer says whether the customer holds it"),
});

const Timestamp = z.iso.datetime({ offset: true });

/** What the CRM guards recorded in one call (issue 24): blocks counted, each override with its typed reason. */
export const GuardsOutcome = z.strictObject({
  blocked: z.number().int().min(0).max(1000),
  overrides: z.array(z.strictObject({ label: z.string().min(1).max(80), reason: z.string().min(3).max(200), at: z.iso.datetime({ offset: true }) })).max(20),
});

/**
 * Kinds of security event a call's record may carry (issue 20): the panel found covered or hidden when the agent
 * clicked or typed (`covered`), the page took the keyboard while the agent typed (`focus-theft`), another call
 * reported in the tab while this caller was being verified and held for the agent (`call-replaced-attempt`).
 */
export const SecurityEventKind = z.enum(['covered', 'focus-theft', 'call-replaced-attempt']);
export type SecurityEventKind = z.infer<typeof SecurityEventKind>;

/** One security event of a call: its kind and time only (no page content, no answers). */
export const SecurityEventRecord = z.strictObject({ kind: SecurityEventKind, at: Timestamp });

/**
 * The result record of one interaction (PUT /v1/interactions/{id}), written by the extension at the end
 * of a call or by an IVR. Never contains answers: `factorsPassed` holds question ids only.
 */
export const InteractionResult = z
  .strictObject({
    interactionId: InteractionId,
    adapterId: z.string().min(1).max(64).optional(),
    crmHost: z.string().min(1).max(253).optional(),
    startedAt: Timestamp,
    endedAt: Timestamp,
    outcome: InteractionOutcome,
    customerId: z.string().min(1).max(64).optional(),
    displayName: z.string().max(200).optional(),
    methods: z.array(IdentifyMethod).max(20),
    factorsPassed: z.array(z.string().min(1).max(64)).max(20).describe('Question ids only, never answers'),
    attempts: z.strictObject({ identify: z.number().int().min(0).max(1000), verify: z.number().int().min(0).max(1000) }),
    optOutReason: z.string().min(1).max(200).optional(),
    representativeOf: z.string().min(1).max(200).optional().describe('The customer the caller acts for (a representative)'),
    agentId: z.string().min(1).max(128).optional(),
    verifiedBy: VerifiedBy,
    guards: GuardsOutcome.optional().describe('CRM guards during the call: held actions stopped, overrides with the agent\'s reason'),
    securityEvents: z.array(SecurityEventRecord).max(20).optional().describe('Attacks on the panel seen during the call (kind and time), oldest first'),
  })
  .refine((r) => Date.parse(r.endedAt) >= Date.parse(r.startedAt), { path: ['endedAt'], message: 'endedAt is before startedAt' })
  .refine((r) => r.outcome === 'not_identified' || r.customerId !== undefined, {
    path: ['customerId'],
    message: 'customerId is required unless the outcome is not_identified',
  });
export type InteractionResult = z.infer<typeof InteractionResult>;

/** How GET /v1/reports/summary groups interactions. */
export const ReportGroupBy = z.enum(['day', 'agent', 'method']);

const IsoDay = z.iso.date();

/** Query of GET /v1/reports/summary: whole UTC days, both ends inclusive (default: the last 30 days). */
export const ReportQuery = z.object({ from: IsoDay.optional(), to: IsoDay.optional(), groupBy: ReportGroupBy.default('day') });
export type ReportQuery = z.infer<typeof ReportQuery>;

const [Count, Rate] = [z.number().int().min(0), z.number().min(0).max(1)];

/** Counts for a set of interactions; rates are fractions of `total` (0 when total is 0). */
export const ReportCounts = z.object({
  total: Count, verified: Count, identified: Count, notIdentified: Count,
  verificationRate: Rate.describe('verified / total'),
  identificationRate: Rate.describe('(verified + identified) / total: a verified caller was identified too'),
  optOuts: Count,
  securityEvents: Count.optional().describe('Security events the result records carry (attacks on the panel, calls pushed in mid-verification)'),
});

export const ReportSummary = z.object({
  from: IsoDay, to: IsoDay, groupBy: ReportGroupBy,
  groups: z.array(ReportCounts.extend({ key: z.string() })),
  totals: ReportCounts,
});
export type ReportSummary = z.infer<typeof ReportSummary>;

/** Stable error codes: clients switch on `code`, never on `message`. */
export const ErrorCode = z.enum([
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'locked',
  'rate_limited',
  'payload_too_large',
  'unavailable',
  'internal',
]);

/** The one error body every non-2xx response carries. */
export const ApiError = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    lockedUntil: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/**
 * What a bearer token may do: `agent` (the extension: identify, challenge, verify as agent, results),
 * `ivr` (the same for an IVR, and the only scope that may write verifiedBy "ivr"), `reports` (the
 * summary), `agent-judged` (challenges that reveal expected answers, and marks), `admin` (all of them).
 */
export const Scope = z.enum(['agent', 'ivr', 'reports', 'agent-judged', 'admin']);
export type Scope = z.infer<typeof Scope>;

/** One HTTP route of contract v1: what the server registers, the OpenAPI document describes and the client calls. */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT';
  /** OpenAPI form, `{name}` for a path parameter. */
  path: string;
  summary: string;
  description?: string;
  /** The one path parameter, when the path has one. */
  pathParam?: { name: string; schema: z.ZodType; description: string };
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** Description of the 200 answer (default "OK"); `created`: the route also answers 201 with the same body. */
  ok?: string;
  created?: string;
  /** Scopes of which a token needs one (admin always passes). */
  scopes: readonly Scope[];
  /** Error statuses the route can answer besides 500. */
  errors: readonly number[];
}

/** Every route of contract v1, by name: the only place its paths are written. */
export const ROUTES = {
  identify: {
    method: 'POST',
    path: '/v1/identify',
    summary: 'Identify a caller',
    description:
      "Candidates by ANI, phone, customer id, account number or last name. Failed manual look-ups use up the interaction's " +
      'attempts (then it gets no more look-ups); every look-up counts against budgets per interaction, token and client address.',
    body: IdentifyRequest,
    response: IdentifyResponse,
    scopes: ['agent', 'ivr'],
    errors: [400, 401, 403, 413, 429],
  },
  challenge: {
    method: 'POST',
    path: '/v1/challenge',
    summary: 'Start a verification challenge',
    description:
      'The questions to ask (required, additional and how many additional must pass). `expected` is present only ' +
      'in agent-judged mode. Single use; expires after 10 minutes by default.',
    body: ChallengeRequest,
    response: ChallengeResponse,
    scopes: ['agent', 'ivr'],
    errors: [400, 401, 403, 404, 409, 413, 423, 429],
  },
  verify: {
    method: 'POST',
    path: '/v1/verify',
    summary: 'Verify answers or marks',
    description:
      'Checks answers (normalised, constant-time) or agent marks (agent-judged challenges only). ' +
      'Failures count towards the customer lockout.',
    body: VerifyRequest,
    response: VerifyResponse,
    scopes: ['agent', 'ivr'],
    errors: [400, 401, 403, 404, 409, 413, 423, 429],
  },
  getInteraction: {
    method: 'GET',
    path: '/v1/interactions/{id}',
    summary: 'Interaction status',
    description:
      'The status and, for a verified one, when it was verified and whether the verified customer holds the caller\'s ' +
      'number (`ani`): a client honours a prior verification only with that evidence.',
    pathParam: { name: 'id', schema: InteractionId, description: 'CRM interaction / Genesys conversation id' },
    query: InteractionQuery,
    response: InteractionStatus,
    scopes: ['agent', 'ivr'],
    errors: [400, 401, 403, 404, 429],
  },
  putInteraction: {
    method: 'PUT',
    path: '/v1/interactions/{id}',
    summary: 'Store the result record',
    description: 'Idempotent: the same body again is 200 without change; a stronger outcome replaces the record; anything else is 409.',
    pathParam: { name: 'id', schema: InteractionId, description: 'CRM interaction / Genesys conversation id' },
    body: InteractionResult,
    response: InteractionStatus,
    ok: 'Unchanged or updated',
    created: 'Created',
    scopes: ['agent', 'ivr'],
    errors: [400, 401, 403, 404, 409, 413, 429],
  },
  reportSummary: {
    method: 'GET',
    path: '/v1/reports/summary',
    summary: 'Summary report',
    query: ReportQuery,
    response: ReportSummary,
    scopes: ['reports'],
    errors: [400, 401, 403, 429],
  },
  ...STEP_UP_ROUTES,
  ...RISK_ROUTES,
} as const satisfies Record<string, RouteDef>;
export type RouteName = keyof typeof ROUTES;

/** The path of a route with its parameter filled in (URI-encoded) and an optional query string. */
export function routePath(name: RouteName, params: Record<string, string> = {}, query?: URLSearchParams): string {
  const path = ROUTES[name].path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(params[key] ?? ''));
  const search = query?.toString();
  return search ? `${path}?${search}` : path;
}
