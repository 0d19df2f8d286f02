/**
 * Identification: find candidate customers for an interaction by ANI, phone, customer id,
 * account number or last name. Failed manual look-ups (0 candidates) use up the interaction's
 * identify attempts, which are kept in the database; ANI look-ups never count.
 */
import type { IdentifyRequest, IdentifyResponse } from '../../lib/api/contract.ts';
import type { CountryCode } from '../../lib/phone.ts';
import {
  findByAccountNumber,
  findByCustomerId,
  findByLastName,
  findByPhone,
  toCandidate,
  type CustomerRow,
} from './customers.ts';
import { toE164 } from './e164.ts';
import { HttpError } from '../http/errors.ts';
import type { Queryable } from '../db/sql.ts';

/** Failed identify attempts allowed per interaction. */
export const MAX_IDENTIFY_ATTEMPTS = 3;

/** Identify attempts left for an interaction (never below 0). */
export async function attemptsRemaining(db: Queryable, interactionId: string): Promise<number> {
  const row = await db.get<{ failures: number }>('SELECT failures FROM identify_attempts WHERE interaction_id = ?', [interactionId]);
  return Math.max(0, MAX_IDENTIFY_ATTEMPTS - (row?.failures ?? 0));
}

/** Record one failed identify attempt for an interaction (one atomic upsert); returns the attempts left. */
async function recordFailedAttempt(db: Queryable, interactionId: string): Promise<number> {
  const row = await db.get<{ failures: number }>(
    `INSERT INTO identify_attempts (interaction_id, failures, updated_at) VALUES (?, 1, ?)
     ON CONFLICT (interaction_id) DO UPDATE SET failures = identify_attempts.failures + 1, updated_at = excluded.updated_at
     RETURNING failures`,
    [interactionId, new Date().toISOString()],
  );
  return Math.max(0, MAX_IDENTIFY_ATTEMPTS - (row?.failures ?? 0));
}

/** Run the look-up for one validated request. */
function lookUp(db: Queryable, req: IdentifyRequest, region: CountryCode): Promise<CustomerRow[]> {
  const value = req.value.trim();
  switch (req.method) {
    case 'ani':
    case 'phone': {
      const ani = toE164(value, region);
      if (ani.kind !== 'number') {
        const why = ani.kind === 'withheld' ? 'The number is withheld' : 'The value is not a valid phone number';
        throw new HttpError(400, 'invalid_request', 'Invalid phone number', [{ path: 'value', message: why }]);
      }
      return findByPhone(db, ani.e164);
    }
    case 'customerId':
      return findByCustomerId(db, value);
    case 'accountNumber':
      return findByAccountNumber(db, value);
    case 'lastName':
      return findByLastName(db, value);
  }
}

/** Look up candidates for one validated request; a manual miss uses up one of the interaction's attempts. */
export async function identifyCaller(db: Queryable, req: IdentifyRequest, region: CountryCode): Promise<IdentifyResponse> {
  // Both reads at once (two pooled connections on PostgreSQL); a miss then counts one failed attempt.
  const [rows, left] = await Promise.all([lookUp(db, req, region), attemptsRemaining(db, req.interactionId)]);
  const counts = req.method !== 'ani' && rows.length === 0;
  const remaining = counts ? await recordFailedAttempt(db, req.interactionId) : left;
  // Typed, not re-parsed: the hot path (the tests parse every response with IdentifyResponse).
  return { candidates: rows.map(toCandidate), attemptsRemaining: remaining };
}
