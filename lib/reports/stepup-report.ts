/**
 * The Reports page's step-up section data: GET /v1/reports/step-ups (all agents, counted by the API) for the
 * page's date range, under the same policy switch as the supervisor view (`reports.serverSummary`), and
 * what each row shows: started, passed, failed (ran out of attempts), expired, denied, still pending, and
 * the mean time to pass.
 */
import { callRoute, type ApiClientOptions, type ApiResult } from '../api/client';
import { StepUpReport, type StepUpChannel } from '../api/contract-stepup';

/** One row of the section: a channel, or the totals (`channel` undefined). */
export interface StepUpRow {
  channel?: StepUpChannel;
  started: number;
  passed: number;
  failed: number;
  expired: number;
  denied: number;
  pending: number;
  /** Passed out of the finished ones (null when none finished). */
  passRate: number | null;
  meanSecondsToPass?: number;
}

/** GET /v1/reports/step-ups for whole UTC days. */
export function fetchStepUpReport(opts: ApiClientOptions, range: { from: string; to: string }): Promise<ApiResult<StepUpReport>> {
  return callRoute(opts, 'stepUpReport', { query: new URLSearchParams(range) }, StepUpReport);
}

/** The section's rows: the channels with any step-up, then the totals. */
export function stepUpRows(report: StepUpReport): StepUpRow[] {
  const row = (c: StepUpReport['totals'], channel?: StepUpChannel): StepUpRow => {
    const finished = c.started - c.pending;
    return {
      ...(channel ? { channel } : {}), started: c.started, passed: c.passed, failed: c.failed, expired: c.expired, denied: c.denied, pending: c.pending,
      passRate: finished > 0 ? c.passed / finished : null,
      ...(c.meanSecondsToPass === undefined ? {} : { meanSecondsToPass: c.meanSecondsToPass }),
    };
  };
  return [...report.channels.filter((c) => c.started > 0).map((c) => row(c, c.channel)), row(report.totals)];
}
