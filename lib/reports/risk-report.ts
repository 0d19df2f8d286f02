/**
 * The Reports page's risk sections (issue 24), from the API for the whole team: per-question failure rates
 * (questions genuine callers cannot answer rise to the top), risk levels over time, and guarded actions per
 * agent (blocks and overrides). Under the same policy switch as the supervisor view (`reports.serverSummary`).
 */
import { callRoute, type ApiClientOptions, type ApiResult } from '../api/client';
import { GuardsReport, QuestionReport, RiskReport } from '../api/contract-risk';

/** The three reports for whole UTC days, fetched together (each may fail on its own). */
export async function fetchRiskReports(opts: ApiClientOptions, range: { from: string; to: string }): Promise<{
  questions: ApiResult<QuestionReport>; risk: ApiResult<RiskReport>; guards: ApiResult<GuardsReport>;
}> {
  const query = () => new URLSearchParams(range);
  const [questions, risk, guards] = await Promise.all([
    callRoute(opts, 'reportQuestions', { query: query() }, QuestionReport),
    callRoute(opts, 'reportRisk', { query: query() }, RiskReport),
    callRoute(opts, 'reportGuards', { query: query() }, GuardsReport),
  ]);
  return { questions, risk, guards };
}

export type QuestionRow = QuestionReport['questions'][number] & { genuineRate: number | null };

/**
 * Questions by how often callers who then verified failed them (genuine callers), most first, then by the
 * failure rate; `genuineRate` is that share of all times asked (null when never asked).
 */
export function questionRows(report: QuestionReport): QuestionRow[] {
  return report.questions
    .map((q) => ({ ...q, genuineRate: q.asked === 0 ? null : q.failedByVerified / q.asked }))
    .sort((a, b) => (b.genuineRate ?? -1) - (a.genuineRate ?? -1) || b.failureRate - a.failureRate || (a.questionId < b.questionId ? -1 : 1));
}

/** The days worth a row: those with any medium or high call or any failure, newest first. */
export function riskDayRows(report: RiskReport): RiskReport['days'] {
  return report.days.filter((d) => d.medium + d.high + d.failedVerifications + d.failedStepUps > 0).sort((a, b) => (a.day < b.day ? 1 : -1));
}

/** Agents by overrides, then blocks, most first (an agent who overrides a lot is the one to talk to). */
export function guardAgentRows(report: GuardsReport): GuardsReport['agents'] {
  return [...report.agents].sort((a, b) => b.overrides - a.overrides || b.blocked - a.blocked || (a.agent < b.agent ? -1 : 1));
}
