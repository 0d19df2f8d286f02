/**
 * The risk queries (issue 24). Identify reads every signal inside its one look-up statement: RISK_COLUMNS are
 * correlated sub-selects on the candidate row (index range scans on risk_events (customer_id, at)), and
 * NUMBER_MISSES_SQL joins the counts row (risk_events (e164, at)). Writes happen only where something
 * happened: a failed verification or step-up, a manual look-up that found nobody, a call assessed medium or high.
 */
import type { RiskLevel } from '../../lib/api/contract-risk.ts';
import { valuesList, type Queryable } from './sql.ts';

/**
 * Risk column of a candidate `c` (three parameters: window start, this call's number or null, window start):
 * failures, distinct numbers and failures from another number as "n:d:o", one index range scan instead of three
 * sub-selects (measured 2.6 against 7 µs more per identify statement on SQLite). NULL when there is no failure
 * (or no candidate). Misses carry no customer, so only failures match customer_id. The EXISTS probe first: the
 * usual candidate has no failure, and then the count's DISTINCT (a temporary b-tree SQLite opens on each run,
 * 1-2 µs) is not run at all.
 */
export const RISK_COLUMNS = `CASE WHEN EXISTS (SELECT 1 FROM risk_events r0 WHERE r0.customer_id = c.customer_id AND r0.at > ?)
  THEN (SELECT COUNT(*) || ':' || COUNT(DISTINCT r.e164) || ':' || SUM(CASE WHEN r.e164 <> ? THEN 1 ELSE 0 END)
    FROM risk_events r WHERE r.customer_id = c.customer_id AND r.at > ?) END AS risk_velocity`;

/** Misses from this call's number in the window (two parameters: number or null, window start). */
export const NUMBER_MISSES_SQL = `(SELECT COUNT(*) FROM risk_events m WHERE m.e164 = ? AND m.at > ? AND m.kind = 'identify_miss') AS number_misses`;

/** The risk columns a counted look-up row carries. */
export interface RiskColumns {
  risk_velocity: string | null;
  number_misses: number | null;
  contact_changed_at: number | null;
}

export type RiskEventKind = 'verify_failed' | 'stepup_failed' | 'identify_miss';

/** The failures, distinct numbers and failures from another number of a risk_velocity value (zeros for NULL). */
export function velocityOf(value: string | null | undefined): { failures: number; numbers: number; other: number } {
  if (value == null) return { failures: 0, numbers: 0, other: 0 }; // the usual candidate: no failure in the window
  const [failures = 0, numbers = 0, other = 0] = (value ?? '').split(':').map((n) => Number(n) || 0);
  return { failures, numbers, other };
}

/** Record one risk event. `e164` undefined: the number of the interaction's latest challenge, if it had one. */
export async function recordRiskEvent(
  db: Queryable, e: { kind: RiskEventKind; interactionId: string; customerId?: string; e164?: string | null; at: number },
): Promise<void> {
  if (e.e164 !== undefined) {
    await db.run('INSERT INTO risk_events (customer_id, e164, interaction_id, kind, at) VALUES (?, ?, ?, ?, ?)',
      [e.customerId ?? null, e.e164, e.interactionId, e.kind, e.at]);
    return;
  }
  await db.run(`INSERT INTO risk_events (customer_id, e164, interaction_id, kind, at)
    SELECT ?, (SELECT ch.caller_e164 FROM challenges ch WHERE ch.interaction_id = ? ORDER BY ch.created_at DESC LIMIT 1), ?, ?, ?`,
  [e.customerId ?? null, e.interactionId, e.interactionId, e.kind, e.at]);
}

/** Keep the interaction's assessment when it is medium or high (the latest one wins). */
export async function recordAssessment(db: Queryable, a: { interactionId: string; customerId?: string; level: RiskLevel; at: number }): Promise<void> {
  if (a.level === 'low') return;
  await db.run(`INSERT INTO risk_assessments (interaction_id, customer_id, level, at) VALUES (?, ?, ?, ?)
    ON CONFLICT (interaction_id) DO UPDATE SET customer_id = excluded.customer_id, level = excluded.level, at = excluded.at`,
  [a.interactionId, a.customerId ?? null, a.level, a.at]);
}

/** Record each question of a verification and whether it passed (one statement; never the answers). */
export async function recordQuestions(db: Queryable, interactionId: string, outcomes: readonly { questionId: string; passed: boolean }[], at: number): Promise<void> {
  if (outcomes.length === 0) return;
  const params = outcomes.flatMap((o) => [interactionId, o.questionId, o.passed ? 1 : 0, at]);
  await db.run(`INSERT INTO verify_questions (interaction_id, question_id, passed, at) VALUES ${valuesList(outcomes.length, 4)}`, params);
}

/** Delete risk rows older than `keepMs` (reports look back at most a year; the decision a window). */
export async function sweepRisk(db: Queryable, now: number, keepMs: number): Promise<number> {
  const before = now - keepMs;
  let n = await db.run('DELETE FROM risk_events WHERE at < ?', [before]);
  n += await db.run('DELETE FROM risk_assessments WHERE at < ?', [before]);
  return n + (await db.run('DELETE FROM verify_questions WHERE at < ?', [before]));
}
