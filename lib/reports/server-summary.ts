/**
 * The supervisor view's data: GET /v1/reports/summary (all agents, counted by the API) when the policy
 * allows it (`reports.serverSummary`; a missing key counts as false). The API's summary has fewer
 * figures than the local KPIs: totals, verification and identification rates and opt-outs.
 */
import { callRoute, type ApiClientOptions, type ApiResult } from '../api/client';
import { ReportSummary, type ReportGroupBy } from '../api/contract';
import type { Policy } from '../policy/schema';
import { utcDay } from './row';
import type { z } from 'zod';

export type SummaryGroupBy = z.infer<typeof ReportGroupBy>;
const DAY_MS = 86_400_000;
/** The API refuses longer ranges (MAX_REPORT_DAYS of the server's reports domain). */
export const MAX_SUMMARY_DAYS = 366;

/** Whether the effective settings allow the supervisor view. */
export function serverSummaryAllowed(settings: Partial<Policy> | undefined): boolean {
  return (settings?.reports as { serverSummary?: unknown } | undefined)?.serverSummary === true;
}

/** API client options from the effective settings (a bearer token when the policy sets one). */
export function apiOptions(settings: Policy): ApiClientOptions {
  const auth = settings.apiAuth;
  return { baseUrl: settings.apiBaseUrl, timeoutMs: settings.apiTimeoutMs, ...(auth.type === 'bearer' ? { bearerToken: auth.token } : {}) };
}

/**
 * The UTC days to ask for: the page filter's dates when set, else the last 30 days to `now`; `from` is
 * moved up so the range stays within MAX_SUMMARY_DAYS, and the two are swapped when reversed.
 */
export function summaryRange(filter: { from: string; to: string }, now: number): { from: string; to: string } {
  let to = filter.to || utcDay(now);
  let from = filter.from || utcDay(Date.parse(to) - 29 * DAY_MS);
  if (from > to) [from, to] = [to, from];
  const earliest = utcDay(Date.parse(to) - (MAX_SUMMARY_DAYS - 1) * DAY_MS);
  return { from: from < earliest ? earliest : from, to };
}

/** GET /v1/reports/summary for the range, grouped by day, agent or method. */
export function fetchServerSummary(
  opts: ApiClientOptions,
  range: { from: string; to: string },
  groupBy: SummaryGroupBy,
): Promise<ApiResult<ReportSummary>> {
  const query = new URLSearchParams({ from: range.from, to: range.to, groupBy });
  return callRoute(opts, 'reportSummary', { query }, ReportSummary);
}
