/**
 * Number intelligence for the risk decision: line type, SIM swap and call forwarding of the caller's number.
 * A real provider (a carrier or a number-intelligence vendor) implements NumberIntelProvider; `dev` reads the
 * seed's numberFacts from the database so demos and tests have the signals without a vendor. The interface is
 * described in docs/api.md ("Risk").
 */
import type { Queryable } from '../../db/sql.ts';
import type { NumberFacts } from './decide.ts';

/** What the API asks about a number; must answer within `timeoutMs` or be skipped (never fail identify). */
export interface NumberIntelProvider {
  readonly name: string;
  /** Facts about an E.164 number; an empty object when the provider knows nothing. */
  lookUp(e164: string, signal: AbortSignal): Promise<NumberFacts>;
}

/** How long identify waits for a provider before deciding without it. */
export const PROVIDER_TIMEOUT_MS = 300;

const LINE_TYPES = new Set(['mobile', 'landline', 'voip', 'toll-free', 'unknown']);

/** The dev provider: the number_facts table written by the seed. */
export function devProvider(db: Queryable): NumberIntelProvider {
  return {
    name: 'dev',
    async lookUp(e164) {
      const row = await db.get<{ line_type: string | null; sim_swapped_at: number | string | null; forwarded: number }>(
        'SELECT line_type, sim_swapped_at, forwarded FROM number_facts WHERE e164 = ?', [e164]);
      if (!row) return {};
      const facts: NumberFacts = {};
      if (row.line_type && LINE_TYPES.has(row.line_type)) facts.lineType = row.line_type as NonNullable<NumberFacts['lineType']>;
      if (row.sim_swapped_at !== null) facts.simSwappedAt = Number(row.sim_swapped_at); // BIGINT arrives as text from pg
      if (row.forwarded) facts.forwarded = true;
      return facts;
    },
  };
}

/** The provider's facts, or none when it fails or is slow (the decision then goes without them). */
export async function numberFacts(provider: NumberIntelProvider | undefined, e164: string | undefined, onError: (err: unknown) => void): Promise<NumberFacts | undefined> {
  if (!provider || !e164) return undefined;
  const signal = AbortSignal.timeout(PROVIDER_TIMEOUT_MS);
  try {
    return await Promise.race([
      provider.lookUp(e164, signal),
      new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true })),
    ]);
  } catch (err) {
    onError(err);
    return undefined;
  }
}
