/**
 * Risk facts of seed customers (issue 24): when their phone or email on file last changed
 * (`contactChangedAt`), and what the dev number-intelligence provider knows about their numbers
 * (`numberFacts`: line type, SIM swap time, call forwarding). Written only for customers that have them.
 */
import { z } from 'zod';
import { plainE164 } from '../domain/e164.ts';
import type { Queryable } from '../db/sql.ts';

/** The seed fields (spread into SeedCustomer). */
export const SEED_RISK_FIELDS = {
  contactChangedAt: z.iso.datetime({ offset: true }).optional(),
  numberFacts: z.array(z.strictObject({
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'An E.164 number such as +447700900123'),
    lineType: z.enum(['mobile', 'landline', 'voip', 'toll-free', 'unknown']).optional(),
    simSwappedAt: z.iso.datetime({ offset: true }).optional(),
    forwarded: z.boolean().optional(),
  })).max(20).optional(),
};

interface RiskFacts {
  customerId: string;
  contactChangedAt?: string | undefined;
  numberFacts?: { phone: string; lineType?: string | undefined; simSwappedAt?: string | undefined; forwarded?: boolean | undefined }[] | undefined;
}

/** Write the batch's risk facts (a re-seed replaces a number's facts; a customer without them keeps none). */
export async function writeRiskFacts(tx: Queryable, batch: readonly RiskFacts[]): Promise<void> {
  for (const c of batch) {
    if (c.contactChangedAt !== undefined) {
      await tx.run('UPDATE customers SET contact_changed_at = ? WHERE customer_id = ?', [Date.parse(c.contactChangedAt), c.customerId]);
    }
    for (const f of c.numberFacts ?? []) {
      await tx.run(`INSERT INTO number_facts (e164, line_type, sim_swapped_at, forwarded) VALUES (?, ?, ?, ?)
        ON CONFLICT (e164) DO UPDATE SET line_type = excluded.line_type, sim_swapped_at = excluded.sim_swapped_at, forwarded = excluded.forwarded`,
      [plainE164(f.phone) ?? f.phone, f.lineType ?? null, f.simSwappedAt ? Date.parse(f.simSwappedAt) : null, f.forwarded ? 1 : 0]);
    }
  }
}
