/**
 * The step-up report: step-ups started in whole UTC days, per channel, by how they ended (a pending one
 * past its expiry counts as expired), with the mean time from start to pass.
 */
import { StepUpReport, type StepUpChannel } from '../../../lib/api/contract-stepup.ts';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { MAX_REPORT_DAYS } from '../reports.ts';

const DAY = 86_400_000;

interface Row {
  channel: StepUpChannel;
  started: number | string;
  passed: number | string;
  failed: number | string;
  denied: number | string;
  expired: number | string;
  pending: number | string;
  pass_ms: number | string | null;
}

// CASE rather than SUM(status = …): PostgreSQL does not add booleans. Sums come back as strings from PostgreSQL.
const SQL = `SELECT channel, COUNT(*) AS started,
    SUM(CASE WHEN status = 'approved' THEN 1 ELSE 0 END) AS passed,
    SUM(CASE WHEN status = 'locked' THEN 1 ELSE 0 END) AS failed,
    SUM(CASE WHEN status = 'denied' THEN 1 ELSE 0 END) AS denied,
    SUM(CASE WHEN status = 'expired' OR (status = 'pending' AND expires_at <= ?) THEN 1 ELSE 0 END) AS expired,
    SUM(CASE WHEN status = 'pending' AND expires_at > ? THEN 1 ELSE 0 END) AS pending,
    SUM(CASE WHEN status = 'approved' THEN decided_at - created_at ELSE 0 END) AS pass_ms
  FROM step_ups WHERE created_at >= ? AND created_at < ? GROUP BY channel ORDER BY channel`;

type Counts = Omit<StepUpReport['totals'], 'meanSecondsToPass'> & { passMs: number };

/** Counts with the mean time to pass (seconds, one decimal) when anything passed. */
function withMean({ passMs, ...c }: Counts): StepUpReport['totals'] {
  return c.passed > 0 ? { ...c, meanSecondsToPass: Math.round(passMs / c.passed / 100) / 10 } : c;
}

/** The report for a validated query (400 when the range is empty or too long). */
export async function stepUpReport(ctx: ApiContext, q: { from?: string; to?: string }): Promise<StepUpReport> {
  const now = ctx.now();
  const to = q.to ?? new Date(now).toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(to) - 29 * DAY).toISOString().slice(0, 10);
  const days = (Date.parse(to) - Date.parse(from)) / DAY + 1;
  if (!(days >= 1 && days <= MAX_REPORT_DAYS)) {
    throw new HttpError(400, 'invalid_request', 'Invalid report query', [{ path: 'to', message: `from..to must be 1 to ${MAX_REPORT_DAYS} days, from not after to` }]);
  }
  const rows = await ctx.db.all<Row>(SQL, [now, now, Date.parse(from), Date.parse(to) + DAY]);
  const totals: Counts = { started: 0, passed: 0, failed: 0, denied: 0, expired: 0, pending: 0, passMs: 0 };
  const channels = rows.map((r) => {
    const c: Counts = { started: Number(r.started), passed: Number(r.passed), failed: Number(r.failed), denied: Number(r.denied),
      expired: Number(r.expired), pending: Number(r.pending), passMs: Number(r.pass_ms ?? 0) };
    for (const k of Object.keys(totals) as (keyof Counts)[]) totals[k] += c[k];
    return { channel: r.channel, ...withMean(c) };
  });
  return StepUpReport.parse({ from, to, channels, totals: withMean(totals) });
}
