/**
 * The summary report (from, to: YYYY-MM-DD; groupBy day|agent|method): counts and rates of
 * interactions whose end (endedAt of the result record, else the time of verification) falls in the
 * UTC days from..to (inclusive). `method` is the last identify method of the result record;
 * interactions without an agent or method are grouped under "(none)".
 */
import { ReportSummary, type ReportQuery } from '../../lib/api/contract.ts';
import { HttpError } from './errors.ts';
import type { ApiContext } from './context.ts';

const DAY = 86_400_000;
/** Longest range a summary may cover. */
export const MAX_REPORT_DAYS = 366;

const KEYS = {
  day: 'substr(ended_at, 1, 10)',
  agent: "COALESCE(agent_id, '(none)')",
  method: "COALESCE(method, '(none)')",
} as const;

interface CountsRow {
  key: string;
  total: number;
  verified: number;
  identified: number;
  notIdentified: number;
  optOuts: number;
  securityEvents: number;
}

/** The SQL of one grouping (exported so a test can check its query plan). */
export function summarySql(groupBy: keyof typeof KEYS): string {
  // CASE rather than SUM(status = …): PostgreSQL does not add booleans. Quoted aliases keep their case.
  const count = (status: string) => `SUM(CASE WHEN status = '${status}' THEN 1 ELSE 0 END)`;
  return `SELECT ${KEYS[groupBy]} AS key, COUNT(*) AS total,
      ${count('verified')} AS verified, ${count('identified')} AS identified,
      ${count('not_identified')} AS "notIdentified", SUM(opt_out) AS "optOuts",
      SUM(security_events) AS "securityEvents"
    FROM interactions WHERE ended_at >= ? AND ended_at < ?
    GROUP BY key ORDER BY key`;
}

/** Counts with their rates (fractions of total, rounded to 4 places; 0 when there is nothing). */
function withRates(c: Omit<CountsRow, 'key'>) {
  const rate = (n: number) => (c.total === 0 ? 0 : Math.round((n / c.total) * 10_000) / 10_000);
  return {
    total: c.total,
    verified: c.verified,
    identified: c.identified,
    notIdentified: c.notIdentified,
    verificationRate: rate(c.verified),
    identificationRate: rate(c.verified + c.identified),
    optOuts: c.optOuts,
    securityEvents: c.securityEvents,
  };
}

/** The UTC day of an epoch time as YYYY-MM-DD. */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The summary of a validated query (400 when the range is empty or too long). */
export async function reportSummary(ctx: ApiContext, q: ReportQuery): Promise<ReportSummary> {
  const to = q.to ?? isoDay(ctx.now());
  const from = q.from ?? isoDay(Date.parse(to) - 29 * DAY);
  const days = (Date.parse(to) - Date.parse(from)) / DAY + 1;
  if (!(days >= 1 && days <= MAX_REPORT_DAYS)) {
    throw new HttpError(400, 'invalid_request', 'Invalid report query', [
      { path: 'to', message: `from..to must be 1 to ${MAX_REPORT_DAYS} days, from not after to` },
    ]);
  }
  const end = new Date(Date.parse(to) + DAY).toISOString();
  const rows = await ctx.db.all<CountsRow>(summarySql(q.groupBy), [new Date(Date.parse(from)).toISOString(), end]);
  const totals = { total: 0, verified: 0, identified: 0, notIdentified: 0, optOuts: 0, securityEvents: 0 };
  for (const r of rows) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
  return ReportSummary.parse({
    from,
    to,
    groupBy: q.groupBy,
    groups: rows.map((r) => ({ key: r.key, ...withRates(r) })),
    totals: withRates(totals),
  });
}
