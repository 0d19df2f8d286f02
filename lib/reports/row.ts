/**
 * One row of the Reports page: a stored result record flattened for filtering, sorting, charts and
 * export. Built once per record when the page loads; everything else works on these rows.
 * Times are epoch ms; days are UTC (YYYY-MM-DD), like the API's GET /v1/reports/summary.
 */
import type { IdentifyMethod, InteractionOutcome, VerifiedBy } from '../api/contract';
import type { StoredResult, SyncStateName } from '../results/schema';

export interface ReportRow {
  interactionId: string;
  startedAtMs: number;
  endedAtMs: number;
  /** endedAt − startedAt (ms); for a verified call, its time to verify. */
  durationMs: number;
  outcome: InteractionOutcome;
  /** Identify methods tried, in order ('ani' first when the caller's number was looked up). */
  methods: IdentifyMethod[];
  verifiedBy: VerifiedBy;
  identifyAttempts: number;
  /** Verification attempts of this call (failed ones, plus the successful one when the agent verified). */
  verifyAttempts: number;
  factorsPassed: string[];
  optOutReason?: string;
  representativeOf?: string;
  customerId?: string;
  displayName?: string;
  agentId?: string;
  adapterId?: string;
  crmHost?: string;
  sync: SyncStateName;
}

const DAY_MS = 86_400_000;

/** Flatten one stored result into a report row. */
export function toRow(stored: StoredResult): ReportRow {
  const r = stored.record;
  const startedAtMs = Date.parse(r.startedAt);
  const endedAtMs = Number.isFinite(stored.endedAtMs) ? stored.endedAtMs : Date.parse(r.endedAt);
  return {
    interactionId: r.interactionId,
    startedAtMs,
    endedAtMs,
    durationMs: Math.max(0, endedAtMs - startedAtMs),
    outcome: r.outcome,
    methods: r.methods,
    verifiedBy: r.verifiedBy,
    identifyAttempts: r.attempts.identify,
    verifyAttempts: r.attempts.verify,
    factorsPassed: r.factorsPassed,
    optOutReason: r.optOutReason,
    representativeOf: r.representativeOf,
    customerId: r.customerId,
    displayName: r.displayName,
    agentId: r.agentId,
    adapterId: r.adapterId,
    crmHost: r.crmHost,
    sync: stored.sync.state,
  };
}

/** The UTC day (YYYY-MM-DD) of an epoch time. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms of the start of a UTC day given as YYYY-MM-DD (NaN when it is not a date). */
export function dayStart(day: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
}

/** Epoch ms of the last millisecond of a UTC day given as YYYY-MM-DD. */
export function dayEnd(day: string): number {
  return dayStart(day) + DAY_MS - 1;
}

/** Whether a verified call was verified earlier (IVR or a previous agent), so the agent asked nothing. */
export function isReaskAvoided(row: ReportRow): boolean {
  return row.outcome === 'verified' && (row.verifiedBy === 'ivr' || row.verifyAttempts === 0);
}
