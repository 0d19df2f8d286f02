/**
 * Contract v1, step-up (additive): proving the caller holds something the customer has on file, by a
 * one-time code sent by SMS, voice or email (the caller reads it out, the agent types it) or by an
 * approval in the customer's app. The agent never sees a code; every limit is counted on the server.
 * The customer app's routes authenticate a device secret, never an agent token, so they are not routes
 * of the agent's table (STEP_UP_ROUTES) but of APP_ROUTES.
 */
import { z } from 'zod';
import { INTERACTION_ID_PATTERN } from '../values.ts';

// contract.ts spreads STEP_UP_ROUTES into ROUTES, so importing its InteractionId here would be a module cycle.
const InteractionId = z.string().regex(INTERACTION_ID_PATTERN);

/** Where a step-up goes: a number on file (sms, voice), the email on file, or the customer's enrolled app. */
export const StepUpChannel = z.enum(['sms', 'voice', 'email', 'app']);
export type StepUpChannel = z.infer<typeof StepUpChannel>;

/** pending until approved (code or app), denied (in the app), expired, or locked (too many wrong codes). */
export const StepUpStatus = z.enum(['pending', 'approved', 'denied', 'expired', 'locked']);
export type StepUpStatus = z.infer<typeof StepUpStatus>;

export const StepUpId = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/);
export const CustomerIdParam = z.string().min(1).max(64);

export const StepUpChannels = z.object({
  channels: z.array(z.object({ channel: StepUpChannel, maskedDestination: z.string().max(80) })).max(8)
    .describe("The customer's channels in the server's order, destinations masked"),
});
export type StepUpChannels = z.infer<typeof StepUpChannels>;

export const StepUpStartRequest = z.object({
  interactionId: InteractionId,
  customerId: CustomerIdParam,
  channel: StepUpChannel,
});
export type StepUpStartRequest = z.infer<typeof StepUpStartRequest>;

/** Query of GET /v1/step-ups/{id}: a step-up is read only together with the interaction it belongs to. */
export const StepUpQuery = z.object({ interactionId: InteractionId });

export const StepUpCheckRequest = z.object({
  interactionId: InteractionId,
  code: z.string().min(1).max(32).describe('What the caller read out; the server checks length and alphabet too'),
});
export type StepUpCheckRequest = z.infer<typeof StepUpCheckRequest>;

export const StepUpResendRequest = z.object({ interactionId: InteractionId });

export const StepUp = z.object({
  id: StepUpId,
  channel: StepUpChannel,
  maskedDestination: z.string().max(80),
  status: StepUpStatus,
  expiresAt: z.string(),
  codeLength: z.number().int().min(4).max(10).optional().describe('Digits of the code (absent for app)'),
  attemptsRemaining: z.number().int().min(0),
  resendsRemaining: z.number().int().min(0),
  resendAvailableAt: z.string().optional().describe('Not before this time (cool-down); absent when no resend is left'),
  lockedUntil: z.string().optional(),
  verifiedInteraction: z.boolean().optional().describe('Approved, and the server recorded the interaction as verified by it (server setting)'),
});
export type StepUp = z.infer<typeof StepUp>;

/** Fields of the challenge request (POST /v1/challenges) about a step-up; spread there. */
export const CHALLENGE_STEP_UP_FIELDS = {
  stepUpId: StepUpId.optional().describe(
    'A step-up of this interaction and customer that passed: where the server allows it, it stands in for the additional questions (only the required ones are asked)'),
};

/** A pending app approval as the customer's app sees it. */
export const AppRequest = z.object({ id: StepUpId, createdAt: z.string(), expiresAt: z.string(), message: z.string().max(200) });
export const AppRequestList = z.object({ requests: z.array(AppRequest).max(20) });
export const AppDecision = z.object({ decision: z.enum(['approve', 'deny']) });
export const AppDecisionResult = z.object({ id: StepUpId, status: StepUpStatus });

const IsoDay = z.iso.date();
/** Query of GET /v1/reports/step-ups: whole UTC days by start time, both ends inclusive (default: the last 30 days). */
export const StepUpReportQuery = z.object({ from: IsoDay.optional(), to: IsoDay.optional() });

const Count = z.number().int().min(0);
export const StepUpCounts = z.object({
  started: Count,
  passed: Count,
  failed: Count.describe('Ran out of attempts (locked)'),
  denied: Count.describe('Denied in the app'),
  expired: Count.describe('Expired or replaced by a newer step-up before passing'),
  pending: Count,
  meanSecondsToPass: z.number().min(0).optional().describe('From start to pass, over the passed ones'),
});
export const StepUpReport = z.object({
  from: IsoDay, to: IsoDay,
  channels: z.array(StepUpCounts.extend({ channel: StepUpChannel })),
  totals: StepUpCounts,
});
export type StepUpReport = z.infer<typeof StepUpReport>;

const ERRORS = [400, 401, 403, 404, 409, 413, 423, 429] as const;
const PATH_ID = { name: 'id', schema: StepUpId, description: 'Step-up id from POST /v1/step-ups' };

/** The agent's step-up routes, part of ROUTES. */
export const STEP_UP_ROUTES = {
  stepUpChannels: {
    method: 'GET',
    path: '/v1/customers/{id}/step-up-channels',
    summary: "The customer's step-up channels",
    description: 'Channels the identified customer has on file, with masked destinations only.',
    pathParam: { name: 'id', schema: CustomerIdParam, description: 'Customer id from identify' },
    response: StepUpChannels,
    scopes: ['agent', 'ivr'],
    errors: [400, 401, 403, 404, 429],
  },
  startStepUp: {
    method: 'POST',
    path: '/v1/step-ups',
    summary: 'Start a step-up',
    description:
      'Sends a one-time code (sms, voice, email) or an approval request (app) to a destination the customer has on file. ' +
      'Refused (423) while the customer is locked; a step-up that runs out of attempts locks the customer for questions too.',
    body: StepUpStartRequest,
    response: StepUp,
    scopes: ['agent', 'ivr'],
    errors: ERRORS,
  },
  getStepUp: {
    method: 'GET',
    path: '/v1/step-ups/{id}',
    summary: 'Step-up status',
    description: 'Short poll (app approvals): while pending the answer carries Retry-After, the seconds to wait.',
    pathParam: PATH_ID,
    query: StepUpQuery,
    response: StepUp,
    scopes: ['agent', 'ivr'],
    errors: [400, 401, 403, 404, 429],
  },
  checkStepUp: {
    method: 'POST',
    path: '/v1/step-ups/{id}/check',
    summary: 'Check a step-up code',
    description: 'A passed code verifies the caller (recorded by the server); each wrong code uses up an attempt.',
    pathParam: PATH_ID,
    body: StepUpCheckRequest,
    response: StepUp,
    scopes: ['agent', 'ivr'],
    errors: ERRORS,
  },
  resendStepUp: {
    method: 'POST',
    path: '/v1/step-ups/{id}/resend',
    summary: 'Resend a step-up',
    description: 'A new code (the old one stops working) or a new app notification, after the cool-down and within the resend limit.',
    pathParam: PATH_ID,
    body: StepUpResendRequest,
    response: StepUp,
    scopes: ['agent', 'ivr'],
    errors: ERRORS,
  },
  stepUpReport: {
    method: 'GET',
    path: '/v1/reports/step-ups',
    summary: 'Step-up report',
    description: 'Step-ups started in the UTC days from..to, per channel: passed, failed, denied, expired, still pending, and the mean time to pass.',
    query: StepUpReportQuery,
    response: StepUpReport,
    scopes: ['reports'],
    errors: [400, 401, 403, 429],
  },
} as const; // checked as RouteDefs where ROUTES spreads them

/** The schemas of the step-up routes, published as OpenAPI components. */
export const STEP_UP_COMPONENTS = {
  StepUpChannel, StepUpStatus, StepUpId, CustomerId: CustomerIdParam, StepUpChannels, StepUpStartRequest,
  StepUpCheckRequest, StepUpResendRequest, StepUp, StepUpCounts, StepUpReport,
} as const;

/** The customer app's routes (device secret: `Authorization: Device <deviceId>.<secret>`). */
export const APP_ROUTES = {
  listRequests: { method: 'GET', path: '/app/v1/step-ups', response: AppRequestList },
  decide: { method: 'POST', path: '/app/v1/step-ups/{id}/decision', body: AppDecision, response: AppDecisionResult },
} as const;
