/**
 * Interactions: the status of an interaction and its result record.
 * Storing a result is idempotent: the body last stored, sent again, changes nothing (200). A different body is
 * accepted (200) only when its outcome is stronger (not_identified < identified), or when the current
 * status was written by a verification and the body has the same outcome and customer (the end-of-call
 * record completing it); anything else is 409 conflict. A new record is 201.
 * A record never creates or raises a verification: "verified" needs a successful verification of that
 * customer on that interaction, by the same party (verifiedBy). Names come from the customer table.
 * Concurrent PUTs (any replica) are safe: the first insert wins (ON CONFLICT DO NOTHING), the others
 * lock the row (FOR UPDATE on PostgreSQL) and compare with what it holds.
 */
import { InteractionStatus, type InteractionOutcome, type InteractionResult, type VerifiedBy } from '../../lib/api/contract.ts';
import { forUpdate, type Db, type Queryable } from '../db/sql.ts';
import { HttpError } from './errors.ts';
import { displayName, findByCustomerId } from './customers.ts';

const RANK: Record<InteractionOutcome, number> = { not_identified: 0, identified: 1, verified: 2 };

interface InteractionRow {
  interaction_id: string;
  body_json: string;
  status: InteractionOutcome;
  customer_id: string | null;
  display_name: string | null;
  method: string | null;
  verified_by: VerifiedBy | null;
  updated_at: string;
  source: 'verify' | 'result';
}

/** JSON with object keys sorted, so equal records have equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Record that an interaction was verified (called by verification inside its transaction). */
export async function recordVerified(
  tx: Queryable,
  v: { interactionId: string; customerId: string; displayName: string; verifiedBy: VerifiedBy; now: number },
): Promise<void> {
  const at = new Date(v.now).toISOString();
  await tx.run(
    `INSERT INTO verifications (interaction_id, customer_id, verified_by, verified_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (interaction_id, customer_id) DO UPDATE SET verified_by = excluded.verified_by, verified_at = excluded.verified_at`,
    [v.interactionId, v.customerId, v.verifiedBy, v.now],
  );
  await tx.run(
    `INSERT INTO interactions (interaction_id, status, customer_id, display_name, verified_by, updated_at, source, ended_at)
     VALUES (?, 'verified', ?, ?, ?, ?, 'verify', ?)
     ON CONFLICT (interaction_id) DO UPDATE SET status = 'verified', customer_id = excluded.customer_id,
       display_name = excluded.display_name, verified_by = excluded.verified_by, updated_at = excluded.updated_at,
       source = 'verify'`,
    [v.interactionId, v.customerId, v.displayName, v.verifiedBy, at, at],
  );
}

/** The contract view of a stored interaction. */
function toStatus(row: InteractionRow): InteractionStatus {
  const out: InteractionStatus = { status: row.status, verifiedBy: row.verified_by ?? 'agent', updatedAt: row.updated_at };
  if (row.customer_id !== null) out.customerId = row.customer_id;
  if (row.display_name !== null) out.displayName = row.display_name;
  if (row.method !== null) out.method = row.method as InteractionStatus['method'];
  return InteractionStatus.parse(out);
}

/** Whether a verification of the record's customer by its verifiedBy party is recorded for the interaction. */
async function wasVerified(tx: Queryable, result: InteractionResult): Promise<boolean> {
  const row = await tx.get<{ verified_by: string }>(
    'SELECT verified_by FROM verifications WHERE interaction_id = ? AND customer_id = ?',
    [result.interactionId, result.customerId ?? ''],
  );
  return row?.verified_by === result.verifiedBy;
}

/** Whether a PUT of `result` may replace or complete the stored row (see the file comment). */
function mayWrite(row: InteractionRow, result: InteractionResult): boolean {
  // Reached for "verified" only once wasVerified holds: the record completes the status a verification wrote.
  if (result.outcome === 'verified') return row.status === 'verified' && row.source === 'verify';
  if (RANK[result.outcome] > RANK[row.status]) return true;
  const sameCustomer = row.customer_id === null || row.customer_id === (result.customerId ?? null);
  return row.source === 'verify' && RANK[result.outcome] === RANK[row.status] && sameCustomer;
}

const COLUMNS = `body_json, status, customer_id, display_name, method, verified_by, updated_at, source, agent_id,
  opt_out, ended_at, security_events`;
/** Insert the record unless the interaction exists; returns the new row, or undefined when it existed. */
const INSERT_NEW = `INSERT INTO interactions (interaction_id, ${COLUMNS})
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'result', ?, ?, ?, ?) ON CONFLICT (interaction_id) DO NOTHING RETURNING *`;
const REPLACE = `UPDATE interactions SET body_json = ?, status = ?, customer_id = ?, display_name = ?, method = ?,
  verified_by = ?, updated_at = ?, source = 'result', agent_id = ?, opt_out = ?, ended_at = ?, security_events = ?
  WHERE interaction_id = ? RETURNING *`;

/** The stored columns of a result record, in COLUMNS order (without source); the name is the customer table's. */
function resultValues(result: InteractionResult, body: string, now: number, name: string | null) {
  return [body, result.outcome, result.customerId ?? null, name, result.methods.at(-1) ?? null,
    result.verifiedBy, new Date(now).toISOString(), result.agentId ?? null, result.optOutReason === undefined ? 0 : 1,
    new Date(result.endedAt).toISOString(), result.securityEvents?.length ?? 0];
}

/** Store a result record atomically: 201 new record, 200 same or allowed replacement, 409 otherwise. */
async function putResult(tx: Queryable, result: InteractionResult, body: string, now: number) {
  const id = result.interactionId;
  const customer = result.customerId === undefined ? undefined : (await findByCustomerId(tx, result.customerId))[0];
  if (result.customerId !== undefined && !customer) throw new HttpError(404, 'not_found', 'No such customer');
  if (result.outcome === 'verified' && !(await wasVerified(tx, result))) {
    throw new HttpError(409, 'conflict', 'No verification of this customer is recorded for this interaction; verify first');
  }
  const values = resultValues(result, body, now, customer ? displayName(customer) : null);
  // A verified record only completes the status its verification wrote: it is never inserted first.
  const inserted = result.outcome === 'verified' ? undefined : await tx.get<InteractionRow>(INSERT_NEW, [id, ...values]);
  if (inserted) return { status: 201, row: inserted };
  const existing = await tx.get<InteractionRow>(`SELECT * FROM interactions WHERE interaction_id = ?${forUpdate(tx)}`, [id]);
  if (!existing) throw new Error('interaction row vanished during PUT'); // rows are never deleted
  if (existing.body_json === body) return { status: 200, row: existing };
  if (!mayWrite(existing, result)) {
    throw new HttpError(409, 'conflict', 'A different result is already recorded for this interaction');
  }
  return { status: 200, row: (await tx.get<InteractionRow>(REPLACE, [...values, id])) as InteractionRow };
}

/**
 * The status of an interaction with its evidence; 404 when nothing is recorded for it. A verified status
 * carries when the verification was recorded (and its age by this server's clock); with `ani`, whether the
 * recorded customer holds that number. The client honours a prior "verified" only with both (docs/security.md).
 */
export async function interactionStatus(db: Queryable, interactionId: string, opts: { ani?: string; now: number }): Promise<InteractionStatus> {
  const row = await db.get<InteractionRow>('SELECT * FROM interactions WHERE interaction_id = ?', [interactionId]);
  if (!row) throw new HttpError(404, 'not_found', 'No such interaction');
  const out = toStatus(row);
  if (row.customer_id === null) return out;
  if (row.status === 'verified') {
    const v = await db.get<{ verified_at: number | string }>(
      'SELECT verified_at FROM verifications WHERE interaction_id = ? AND customer_id = ?', [interactionId, row.customer_id]);
    if (v) {
      const at = Number(v.verified_at); // BIGINT comes back as a string from PostgreSQL
      out.verifiedAt = new Date(at).toISOString();
      out.verifiedSecondsAgo = Math.max(0, Math.floor((opts.now - at) / 1000));
    }
  }
  if (opts.ani !== undefined) {
    const held = await db.get<{ n: number }>('SELECT 1 AS n FROM customer_phones WHERE e164 = ? AND customer_id = ?', [opts.ani, row.customer_id]);
    out.aniMatch = held !== undefined;
  }
  return out;
}

/** Store a validated result record (see the file comment); returns the HTTP status and the stored status. */
export async function storeResult(db: Db, result: InteractionResult, now: number) {
  const body = canonicalJson(result);
  const { status, row } = await db.transaction((tx) => putResult(tx, result, body, now));
  return { status, interaction: toStatus(row) };
}
