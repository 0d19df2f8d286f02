/**
 * Contract v1, caller risk (issue 24, additive): what the API weighs about a caller on identify, and the
 * reports that help a supervisor spot questions genuine callers fail, overrides and risk over time. The
 * identify answer's `risk` is read by the panel (reasons in plain words), the flow (extra questions by
 * policy) and the step-up flow (`level === 'high'` counts as low trust): keep the field name and levels.
 */
import { z } from 'zod';

/** How risky the call looks: low (nothing seen), medium (ask more), high (ask more and step up by policy). */
export const RiskLevel = z.enum(['low', 'medium', 'high']);
export type RiskLevel = z.infer<typeof RiskLevel>;

/** The signals a reason can come from; a client words each code itself and falls back to `text`. */
export const RiskReasonCode = z.enum([
  'attestation', 'failed_attempts', 'number_misses', 'contact_changed', 'sim_swap', 'call_forwarding', 'line_type',
]);
export type RiskReasonCode = z.infer<typeof RiskReasonCode>;

const Count = z.number().int().min(0);

/** One reason, with the figures a client needs to word it ("3 failed attempts … in the last 24 h from 2 numbers"). */
export const RiskReason = z.object({
  code: RiskReasonCode,
  text: z.string().max(200).describe('The reason in plain English, for clients that do not know the code'),
  count: Count.optional().describe('failed_attempts, number_misses: how many'),
  numbers: Count.optional().describe('failed_attempts: from how many distinct caller numbers'),
  hours: Count.optional().describe('failed_attempts, number_misses: the window, in hours'),
  days: Count.optional().describe('contact_changed, sim_swap: how many days ago'),
  value: z.string().max(40).optional().describe('attestation: A, B or C; line_type: voip, landline, …'),
});
export type RiskReason = z.infer<typeof RiskReason>;

export const RiskAssessment = z.object({ level: RiskLevel, reasons: z.array(RiskReason).max(10) });
export type RiskAssessment = z.infer<typeof RiskAssessment>;

const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/);

/** Optional identify request fields: the signals only the client has. */
export const IDENTIFY_RISK_FIELDS = {
  attestation: z.enum(['A', 'B', 'C']).optional().describe('STIR/SHAKEN attestation of the call, when the telephony passes it'),
  ani: E164.optional().describe("The caller's number (E.164) when the look-up is by something else: identify misses from it count as risk"),
};

/** Optional challenge request field: failed verifications are counted per caller number. */
export const CHALLENGE_RISK_FIELDS = {
  ani: E164.optional().describe("The caller's number (E.164): a failed verification is recorded against it (risk velocity)"),
};

/** The identify answer's field. */
export const IDENTIFY_RISK_RESPONSE = {
  risk: RiskAssessment.optional().describe('Risk of this call from the signals the API has (failures, misses, contact changes, number look-ups)'),
};

const IsoDay = z.iso.date();

/** Query of the risk reports: whole UTC days, both ends inclusive (default: the last 30 days). */
export const RiskReportQuery = z.object({ from: IsoDay.optional(), to: IsoDay.optional() });
export type RiskReportQuery = z.infer<typeof RiskReportQuery>;

export const QuestionReport = z.object({
  from: IsoDay, to: IsoDay,
  questions: z.array(z.object({
    questionId: z.string(), asked: Count, failed: Count,
    failureRate: z.number().min(0).max(1).describe('failed / asked, 4 places'),
    failedByVerified: Count.describe('Failed by callers who were verified later on the same interaction (genuine callers)'),
  })),
});
export type QuestionReport = z.infer<typeof QuestionReport>;

export const RiskReport = z.object({
  from: IsoDay, to: IsoDay,
  days: z.array(z.object({ day: IsoDay, medium: Count, high: Count, failedVerifications: Count, failedStepUps: Count })),
  totals: z.object({ medium: Count, high: Count, failedVerifications: Count, failedStepUps: Count }),
});
export type RiskReport = z.infer<typeof RiskReport>;

export const GuardsReport = z.object({
  from: IsoDay, to: IsoDay,
  agents: z.array(z.object({ agent: z.string(), calls: Count, blocked: Count, overrides: Count })),
  overrides: z.array(z.object({ label: z.string(), count: Count })).describe('Overrides per guarded action'),
});
export type GuardsReport = z.infer<typeof GuardsReport>;

const report = (path: string, summary: string, description: string, response: z.ZodType) => ({
  method: 'GET', path, summary, description, query: RiskReportQuery, response, scopes: ['reports'], errors: [400, 401, 403, 429],
}) as const;

/** The risk report routes (spread into ROUTES). */
export const RISK_ROUTES = {
  reportQuestions: report('/v1/reports/questions', 'Failure rate per question',
    'Per question: how often it was asked and failed, and how often callers failed it who were then verified (questions genuine callers cannot answer).', QuestionReport),
  reportRisk: report('/v1/reports/risk', 'Risk levels over time',
    'Per UTC day: identifies assessed medium or high risk, failed verifications and failed step-ups.', RiskReport),
  reportGuards: report('/v1/reports/guards', 'Guarded actions by agent',
    "Per agent: calls, guarded actions blocked and overrides (from the result records' guards tally); overrides per action.", GuardsReport),
};

/** Risk schemas published as OpenAPI components, by name. */
export const RISK_COMPONENTS = { RiskLevel, RiskReason, RiskAssessment, RiskReportQuery, QuestionReport, RiskReport, GuardsReport } as const;
