/**
 * The risk decision (issue 24): signals about one call and one candidate customer in, a level and plain
 * reasons out. Pure, so every rule is a unit test. Each signal adds points; the level is high from
 * `high` points, medium from `medium`. Failed attempts weigh most: they are what an account takeover
 * leaves behind across calls, numbers and agents (velocity).
 */
import type { RiskAssessment, RiskLevel, RiskReason } from '../../../lib/api/contract-risk.ts';
import type { RiskConfig } from './config.ts';

/** What a number-intelligence provider knows about the caller's number. */
export interface NumberFacts {
  lineType?: 'mobile' | 'landline' | 'voip' | 'toll-free' | 'unknown';
  /** When the number's SIM last changed (epoch ms). */
  simSwappedAt?: number;
  /** Whether the number forwards calls elsewhere right now. */
  forwarded?: boolean;
}

/** The signals of one call for one candidate (counts are within the config's window). */
export interface RiskSignals {
  attestation?: 'A' | 'B' | 'C';
  /** Failed verifications and step-ups of the customer, across interactions and agents. */
  failures: number;
  /** Distinct caller numbers those failures came from (where the client sent one). */
  failureNumbers: number;
  /** Those failures from a number other than this call's. */
  failuresFromOtherNumbers: number;
  /** Identify look-ups from this call's number that found nobody. */
  numberMisses: number;
  /** When the customer's phone or email on file last changed (epoch ms). */
  contactChangedAt?: number | null;
  number?: NumberFacts;
}

const DAY = 86_400_000;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Each rule: its points and reason when it applies, else nothing. */
function reasonsOf(s: RiskSignals, cfg: RiskConfig, now: number): { points: number; reason: RiskReason }[] {
  const out: { points: number; reason: RiskReason }[] = [];
  const hours = cfg.windowHours;
  if (s.attestation === 'C' || s.attestation === 'B') {
    const text = s.attestation === 'C' ? 'The network could not vouch for the caller\'s number (attestation C)' : 'The network vouched for the caller but not for the number (attestation B)';
    out.push({ points: s.attestation === 'C' ? 2 : 1, reason: { code: 'attestation', value: s.attestation, text } });
  }
  if (s.failures > 0) {
    const from = s.failureNumbers > 0 ? ` from ${plural(s.failureNumbers, 'number')}` : '';
    const text = `${plural(s.failures, 'failed attempt')} on this customer in the last ${hours} h${from}`;
    const points = (s.failures >= cfg.failuresHigh ? 4 : 2) + (s.failuresFromOtherNumbers > 0 ? 1 : 0);
    out.push({ points, reason: { code: 'failed_attempts', count: s.failures, numbers: s.failureNumbers, hours, text } });
  }
  if (s.numberMisses >= cfg.missesMedium) {
    const text = `${plural(s.numberMisses, 'look-up')} from this number found nobody in the last ${hours} h`;
    out.push({ points: 2, reason: { code: 'number_misses', count: s.numberMisses, hours, text } });
  }
  const daysAgo = (at: number) => Math.max(0, Math.floor((now - at) / DAY));
  if (s.contactChangedAt != null && s.contactChangedAt <= now && now - s.contactChangedAt < cfg.contactChangeDays * DAY) {
    const days = daysAgo(s.contactChangedAt);
    out.push({ points: 2, reason: { code: 'contact_changed', days, text: `The phone or email on file changed ${days === 0 ? 'today' : `${plural(days, 'day')} ago`}` } });
  }
  const n = s.number ?? {};
  if (n.simSwappedAt !== undefined && n.simSwappedAt <= now && now - n.simSwappedAt < cfg.simSwapDays * DAY) {
    const days = daysAgo(n.simSwappedAt);
    out.push({ points: 3, reason: { code: 'sim_swap', days, text: `The number's SIM changed ${days === 0 ? 'today' : `${plural(days, 'day')} ago`}` } });
  }
  if (n.forwarded) out.push({ points: 2, reason: { code: 'call_forwarding', text: 'The number forwards its calls elsewhere' } });
  if (n.lineType === 'voip') out.push({ points: 1, reason: { code: 'line_type', value: 'voip', text: 'The number is an internet (VoIP) line' } });
  return out;
}

/** The level and reasons for one candidate's signals at `now` (reasons strongest first). */
export function decideRisk(signals: RiskSignals, cfg: RiskConfig, now: number): RiskAssessment {
  const found = reasonsOf(signals, cfg, now).sort((a, b) => b.points - a.points);
  const points = found.reduce((sum, r) => sum + r.points, 0);
  const level: RiskLevel = points >= cfg.high ? 'high' : points >= cfg.medium ? 'medium' : 'low';
  return { level, reasons: found.map((r) => r.reason) };
}

const RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

/** The assessment of a call with several candidates: the riskiest one's (the caller may be any of them). */
export function riskiest(assessments: readonly RiskAssessment[]): RiskAssessment {
  let worst: RiskAssessment = { level: 'low', reasons: [] };
  for (const a of assessments) {
    if (RANK[a.level] > RANK[worst.level] || (a.level === worst.level && a.reasons.length > worst.reasons.length)) worst = a;
  }
  return worst;
}
