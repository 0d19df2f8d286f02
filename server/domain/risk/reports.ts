/**
 * The risk reports (issue 24): failure rate per question (and how often callers who were verified after all
 * failed it: questions genuine callers cannot answer), risk levels and failures per UTC day, and guarded
 * actions per agent from the result records' guards tally. Whole UTC days, both ends inclusive.
 */
import { GuardsReport, QuestionReport, RiskReport, type RiskReportQuery } from '../../../lib/api/contract-risk.ts';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { MAX_REPORT_DAYS } from '../reports.ts';

const DAY = 86_400_000;
// Sums arrive as strings from PostgreSQL (NUMERIC); Number() reads both engines' values.
const num = (v: unknown): number => Number(v ?? 0);

/** The query's range as epoch ms [start, end) and its days (400 when empty or too long). */
function range(ctx: ApiContext, q: RiskReportQuery): { from: string; to: string; start: number; end: number } {
  const to = q.to ?? new Date(ctx.now()).toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(to) - 29 * DAY).toISOString().slice(0, 10);
  const days = (Date.parse(to) - Date.parse(from)) / DAY + 1;
  if (!(days >= 1 && days <= MAX_REPORT_DAYS)) {
    throw new HttpError(400, 'invalid_request', 'Invalid report query', [{ path: 'to', message: `from..to must be 1 to ${MAX_REPORT_DAYS} days, from not after to` }]);
  }
  return { from, to, start: Date.parse(from), end: Date.parse(to) + DAY };
}

const QUESTIONS_SQL = `SELECT q.question_id, COUNT(*) AS asked, SUM(CASE WHEN q.passed = 0 THEN 1 ELSE 0 END) AS failed,
    SUM(CASE WHEN q.passed = 0 AND EXISTS (SELECT 1 FROM verifications v WHERE v.interaction_id = q.interaction_id) THEN 1 ELSE 0 END) AS by_verified
  FROM verify_questions q WHERE q.at >= ? AND q.at < ? GROUP BY q.question_id ORDER BY q.question_id`;

/** Per question: asked, failed, failure rate, failed by callers verified later on the same interaction. */
export async function questionReport(ctx: ApiContext, q: RiskReportQuery): Promise<QuestionReport> {
  const r = range(ctx, q);
  const rows = await ctx.db.all<{ question_id: string; asked: unknown; failed: unknown; by_verified: unknown }>(QUESTIONS_SQL, [r.start, r.end]);
  const questions = rows.map((row) => {
    const asked = num(row.asked), failed = num(row.failed);
    return { questionId: row.question_id, asked, failed, failureRate: asked === 0 ? 0 : Math.round((failed / asked) * 10_000) / 10_000, failedByVerified: num(row.by_verified) };
  });
  return QuestionReport.parse({ from: r.from, to: r.to, questions });
}

// Integer division gives the epoch day in both engines (no date functions, which differ between them).
const LEVELS_SQL = `SELECT at / ${DAY} AS d, SUM(CASE WHEN level = 'medium' THEN 1 ELSE 0 END) AS medium,
    SUM(CASE WHEN level = 'high' THEN 1 ELSE 0 END) AS high FROM risk_assessments WHERE at >= ? AND at < ? GROUP BY at / ${DAY}`;
const FAILURES_SQL = `SELECT at / ${DAY} AS d, SUM(CASE WHEN kind = 'verify_failed' THEN 1 ELSE 0 END) AS verify,
    SUM(CASE WHEN kind = 'stepup_failed' THEN 1 ELSE 0 END) AS stepup FROM risk_events WHERE at >= ? AND at < ? AND kind <> 'identify_miss' GROUP BY at / ${DAY}`;

/** Per UTC day of the range (every day listed): calls assessed medium and high, failed verifications and step-ups. */
export async function riskReport(ctx: ApiContext, q: RiskReportQuery): Promise<RiskReport> {
  const r = range(ctx, q);
  const levels = await ctx.db.all<{ d: unknown; medium: unknown; high: unknown }>(LEVELS_SQL, [r.start, r.end]);
  const failures = await ctx.db.all<{ d: unknown; verify: unknown; stepup: unknown }>(FAILURES_SQL, [r.start, r.end]);
  const byDay = new Map<number, { medium: number; high: number; failedVerifications: number; failedStepUps: number }>();
  for (let t = r.start; t < r.end; t += DAY) byDay.set(t / DAY, { medium: 0, high: 0, failedVerifications: 0, failedStepUps: 0 });
  for (const l of levels) Object.assign(byDay.get(num(l.d)) ?? {}, { medium: num(l.medium), high: num(l.high) });
  for (const f of failures) Object.assign(byDay.get(num(f.d)) ?? {}, { failedVerifications: num(f.verify), failedStepUps: num(f.stepup) });
  const days = [...byDay].map(([d, c]) => ({ day: new Date(d * DAY).toISOString().slice(0, 10), ...c }));
  const totals = { medium: 0, high: 0, failedVerifications: 0, failedStepUps: 0 };
  for (const d of days) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += d[k];
  return RiskReport.parse({ from: r.from, to: r.to, days, totals });
}

interface GuardsTally { blocked?: number; overrides?: { label?: string }[] }

/** Per agent: calls with a guards tally, blocks and overrides; overrides per guarded action (most first). */
export async function guardsReport(ctx: ApiContext, q: RiskReportQuery): Promise<GuardsReport> {
  const r = range(ctx, q);
  // Records keep the tally in body_json only; LIKE skips the records without one before they are parsed.
  const rows = await ctx.db.all<{ agent_id: string | null; body_json: string }>(
    `SELECT agent_id, body_json FROM interactions WHERE ended_at >= ? AND ended_at < ? AND body_json LIKE '%"guards"%'`,
    [new Date(r.start).toISOString(), new Date(r.end).toISOString()]);
  const agents = new Map<string, { calls: number; blocked: number; overrides: number }>();
  const labels = new Map<string, number>();
  for (const row of rows) {
    let guards: GuardsTally | undefined;
    try {
      guards = (JSON.parse(row.body_json) as { guards?: GuardsTally }).guards;
    } catch {
      continue;
    }
    if (!guards) continue;
    const a = agents.get(row.agent_id ?? '(none)') ?? { calls: 0, blocked: 0, overrides: 0 };
    a.calls += 1;
    a.blocked += guards.blocked ?? 0;
    a.overrides += guards.overrides?.length ?? 0;
    agents.set(row.agent_id ?? '(none)', a);
    for (const o of guards.overrides ?? []) if (o.label) labels.set(o.label, (labels.get(o.label) ?? 0) + 1);
  }
  return GuardsReport.parse({
    from: r.from, to: r.to,
    agents: [...agents].sort(([x], [y]) => (x < y ? -1 : 1)).map(([agent, c]) => ({ agent, ...c })),
    overrides: [...labels].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([label, count]) => ({ label, count })),
  });
}
