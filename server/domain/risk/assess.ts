/**
 * Risk on identify: the signals of the counted look-up's rows (server/db/risk.ts) and the number provider's
 * facts into the decision, for the identify answer. Writes only what is rare: a medium or high assessment,
 * and a manual look-up that found nobody from a known number.
 */
import type { IdentifyRequest } from '../../../lib/api/contract.ts';
import type { RiskAssessment } from '../../../lib/api/contract-risk.ts';
import { recordAssessment, recordRiskEvent, velocityOf, type RiskColumns } from '../../db/risk.ts';
import type { ApiContext } from '../context.ts';
import { DEFAULT_RISK, type RiskConfig } from './config.ts';
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

/** The decision over an identify's rows (candidates, or the counts row alone) with the number's facts. */
function decide(req: IdentifyRequest, rows: readonly Row[], found: readonly Row[], facts: NumberFacts | undefined, cfg: RiskConfig, now: number): RiskAssessment {
  return found.length === 0
    ? decideRisk(signalsOf(req, rows[0], facts), cfg, now)
    : riskiest(found.map((row) => decideRisk(signalsOf(req, row, facts), cfg, now)));
}

/**
 * Assess an admitted identify: its rows (candidates, or the counts row alone) and number; records what is rare.
 * Synchronous when there is nothing to ask or write (no provider, no miss to record, a low level: the usual
 * call), so that request makes no promise here; otherwise a promise.
 */
export function assessIdentify(ctx: ApiContext, req: IdentifyRequest, rows: readonly Row[], e164: string | undefined, now: number): RiskAssessment | Promise<RiskAssessment> {
  const cfg = ctx.risk?.config ?? DEFAULT_RISK;
  const found = rows.filter((r) => r.customer_id !== null);
  const miss = found.length === 0 && req.method !== 'ani' && e164 !== undefined && e164 !== '';
  if (miss || (ctx.risk?.provider !== undefined && e164)) return assessAsync(ctx, req, rows, found, e164, cfg, now, miss);
  const risk = decide(req, rows, found, undefined, cfg, now);
  return risk.level === 'low' ? risk : record(ctx, req, found, risk, now);
}

/** assessIdentify's path with a miss to record or a provider to ask. */
async function assessAsync(ctx: ApiContext, req: IdentifyRequest, rows: readonly Row[], found: readonly Row[], e164: string | undefined, cfg: RiskConfig, now: number, miss: boolean): Promise<RiskAssessment> {
  if (miss) await recordRiskEvent(ctx.db, { kind: 'identify_miss', interactionId: req.interactionId, e164: e164 as string, at: now });
  const facts = await numberFacts(ctx.risk?.provider, e164, () => undefined);
  const risk = decide(req, rows, found, facts, cfg, now);
  return risk.level === 'low' ? risk : record(ctx, req, found, risk, now);
}

/** Keep a medium or high assessment, then answer it. */
async function record(ctx: ApiContext, req: IdentifyRequest, found: readonly Row[], risk: RiskAssessment, now: number): Promise<RiskAssessment> {
  await recordAssessment(ctx.db, { interactionId: req.interactionId, ...(found.length === 1 ? { customerId: found[0]!.customer_id! } : {}), level: risk.level, at: now });
  return risk;
}
