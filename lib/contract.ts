/**
 * Reference verification API, contract v1: the one set of zod schemas shared by the server (server/)
 * and the extension's API client. Changing a shape here changes both sides.
 */
import { z } from 'zod';

/** How a caller can be looked up. */
export const IdentifyMethod = z.enum(['ani', 'customerId', 'accountNumber', 'phone', 'lastName']);
export type IdentifyMethod = z.infer<typeof IdentifyMethod>;

/** A CRM interaction (call) id: Salesforce record id, Genesys conversation id, ... */
export const InteractionId = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/);

export const IdentifyRequest = z.object({
  interactionId: InteractionId,
  method: IdentifyMethod,
  value: z.string().min(1).max(200),
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
});
export type IdentifyResponse = z.infer<typeof IdentifyResponse>;

export const InputKind = z.enum(['date', 'digits', 'text']);

export const Question = z.object({
  id: z.string().min(1).max(64),
  label: z.string().max(200),
  inputKind: InputKind,
  /** Only in agent-judged mode. */
  expected: z.string().max(200).optional(),
});
export type Question = z.infer<typeof Question>;

export const AniTrust = z.object({
  attestation: z.enum(['A', 'B', 'C']).optional(),
  verstat: z.string().max(64).optional(),
  risk: z.enum(['low', 'medium', 'high']).optional(),
});

export const ChallengeRequest = z.object({
  interactionId: InteractionId,
  customerId: z.string().min(1).max(64),
  aniTrust: AniTrust.optional(),
});

export const ChallengeResponse = z.object({
  challengeId: z.string().min(1).max(64),
  mode: z.enum(['caller-answer', 'agent-judged']),
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
  }),
  z.object({
    interactionId: InteractionId,
    challengeId: z.string().min(1).max(64),
    marks: z.array(z.object({ questionId: z.string().min(1).max(64), passed: z.boolean() })).max(20),
  }),
]);

export const VerifyResponse = z.object({
  outcome: z.enum(['verified', 'failed']),
  attemptsRemaining: z.number().int().min(0),
  lockedUntil: z.string().optional(),
});

export const InteractionStatus = z.object({
  status: z.enum(['verified', 'identified', 'not_identified']),
  customerId: z.string().optional(),
  displayName: z.string().optional(),
  method: IdentifyMethod.optional(),
  verifiedBy: z.enum(['ivr', 'agent']),
  updatedAt: z.string(),
});

/** Stable error codes: clients switch on `code`, never on `message`. */
export const ErrorCode = z.enum([
  'invalid_request',
  'unauthorized',
  'not_found',
  'conflict',
  'locked',
  'rate_limited',
  'payload_too_large',
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
