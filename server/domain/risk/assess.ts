/**
 * Risk on identify: the signals of the counted look-up's rows (server/db/risk.ts) and the number provider's
 * facts into the decision, for the identify answer. Writes only what is rare: a medium or high assessment,
 * and a manual look-up that found nobody from a known number.
 */
import type { IdentifyRequest } from '../../../lib/api/contract.ts';
import type { RiskAssessment } from '../../../lib/api/contract-risk.ts';
import { recordAssessment, recordRiskEvent, velocityOf, type RiskColumns } from '../../db/risk.ts';
import type { ApiContext } from '../context.ts';
import { DEFAULT_RISK } from './config.ts';
import { decideRisk, riskiest, type NumberFacts, type RiskSignals } from './decide.ts';
import { numberFacts } from './provider.ts';

export type { RiskRuntime } from '../context.ts';


const HOUR = 3_600_000;

/** Start of the risk window at `now`. */
export function riskSince(ctx: ApiContext, now: number): number {
  return now - (ctx.risk?.config ?? DEFAULT_RISK).windowHours * HOUR;
}

/** The caller's number of an identify request: the value of an ANI look-up, else the `ani` field. */
export function callerNumberOf(req: IdentifyRequest, lookedUpE164: string | undefined): string | undefined {
  return req.method === 'ani' ? lookedUpE164 : req.ani;
}

type Row = RiskColumns & { customer_id: string | null };

function signalsOf(req: IdentifyRequest, row: Row | undefined, facts: NumberFacts | undefined): RiskSignals {
  const contact = row?.contact_changed_at;
  const velocity = velocityOf(row?.risk_velocity);
  return {
    ...(req.attestation ? { attestation: req.attestation } : {}),
    failures: velocity.failures,
    failureNumbers: velocity.numbers,
    failuresFromOtherNumbers: velocity.other,
    numberMisses: row?.number_misses ?? 0,
    ...(contact != null ? { contactChangedAt: Number(contact) } : {}),
    ...(facts ? { number: facts } : {}),
  };
}

/** Assess an admitted identify: its rows (candidates, or the counts row alone) and number; records what is rare. */
export async function assessIdentify(ctx: ApiContext, req: IdentifyRequest, rows: readonly Row[], e164: string | undefined, now: number): Promise<RiskAssessment> {
  const cfg = ctx.risk?.config ?? DEFAULT_RISK;
  const found = rows.filter((r) => r.customer_id !== null);
  if (found.length === 0 && req.method !== 'ani' && e164) {
    await recordRiskEvent(ctx.db, { kind: 'identify_miss', interactionId: req.interactionId, e164, at: now });
  }
  const facts = await numberFacts(ctx.risk?.provider, e164, () => undefined);
  const risk = found.length === 0
    ? decideRisk(signalsOf(req, rows[0], facts), cfg, now)
    : riskiest(found.map((row) => decideRisk(signalsOf(req, row, facts), cfg, now)));
  if (risk.level !== 'low') {
    await recordAssessment(ctx.db, { interactionId: req.interactionId, ...(found.length === 1 ? { customerId: found[0]!.customer_id! } : {}), level: risk.level, at: now });
  }
  return risk;
}
