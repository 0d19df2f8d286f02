/**
 * Step-ups in the API's periodic clean-up and in the questions: a pending step-up past its expiry is closed
 * (its digest and any outbox message go: a code stops being readable once it stopped being useful), old
 * rows are pruned past the reports' reach, and a passed step-up of the interaction and customer may stand
 * in for the additional questions when the client's policy asks (the server checks that it passed).
 */
import type { Queryable } from '../../db/sql.ts';

/** How long finished step-ups are kept: the step-up report reaches back at most 366 days. */
export const STEP_UP_RETENTION_MS = 400 * 86_400_000;

/** Close expired pending step-ups and prune old ones; returns the rows changed or deleted. */
export async function sweepStepUps(db: Queryable, now: number, retentionMs = STEP_UP_RETENTION_MS): Promise<number> {
  // Separate statements, as the rest of the sweep: each is atomic and may run on every replica at once.
  await db.run("DELETE FROM stepup_outbox WHERE step_up_id IN (SELECT step_up_id FROM step_ups WHERE status = 'pending' AND expires_at <= ?)", [now]);
  const closed = await db.run("UPDATE step_ups SET status = 'expired', decided_at = expires_at, code_hash = NULL WHERE status = 'pending' AND expires_at <= ?", [now]);
  const cutoff = now - retentionMs;
  await db.run('DELETE FROM stepup_outbox WHERE step_up_id IN (SELECT step_up_id FROM step_ups WHERE created_at < ?)', [cutoff]);
  const pruned = await db.run('DELETE FROM step_ups WHERE created_at < ?', [cutoff]);
  return closed + pruned;
}

/**
 * Whether the step-up the challenge request names passed for this interaction and customer: then only the
 * required questions are asked (when there are any; with none required, the additional ones still are).
 */
export async function stepUpStandsIn(db: Queryable, req: { interactionId: string; customerId: string; stepUpId?: string | undefined }, required: number): Promise<boolean> {
  if (req.stepUpId === undefined || required === 0) return false;
  const row = await db.get<{ n: number | string }>(
    "SELECT COUNT(*) AS n FROM step_ups WHERE step_up_id = ? AND interaction_id = ? AND customer_id = ? AND status = 'approved'",
    [req.stepUpId, req.interactionId, req.customerId]);
  return Number(row?.n ?? 0) > 0;
}
