/** Shared fixtures for the results tests: records, a fresh database per test, a settable clock, fake PUTs. */
import 'fake-indexeddb/auto';
import type { ApiFailure } from '../../../../lib/api/failure.ts';
import type { ApiResult } from '../../../../lib/api/client.ts';
import { toResultRecord, type ResultInput, type ResultRecord } from '../../../../lib/results/record.ts';
import { openResultsDb } from '../../../../lib/results/store.ts';
import type { ResultsDb } from '../../../../lib/results/schema.ts';

export const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);
export const MIN = 60_000;
export const DAY = 86_400_000;

let dbCounter = 0;

/** A new, empty database (unique name, so tests never share state). */
export function freshDb(): Promise<ResultsDb> {
  dbCounter += 1;
  return openResultsDb(`caller-verify-test-${dbCounter}-${Math.random().toString(36).slice(2)}`);
}

/** A verified-call input for interaction `VC-<n>`, ended at `endedAt`. */
export function input(n: number, endedAt = T0 + n * 1000, overrides: Partial<ResultInput> = {}): ResultInput {
  return {
    interactionId: `VC-${String(n).padStart(4, '0')}`,
    adapterId: 'salesforce',
    crmHost: 'demo.lightning.force.com',
    startedAt: endedAt - 3 * MIN,
    endedAt,
    outcome: 'verified',
    customerId: `C-${1000 + n}`,
    displayName: `Customer ${n}`,
    methods: ['ani'],
    factorsPassed: ['dob', 'postcode'],
    attempts: { identify: 1, verify: 1 },
    agentId: 'agent-7',
    verifiedBy: 'agent',
    ...overrides,
  };
}

/** `toResultRecord(input(...))`. */
export function record(n: number, endedAt?: number, overrides: Partial<ResultInput> = {}): ResultRecord {
  return toResultRecord(input(n, endedAt, overrides));
}

/** A settable clock. */
export function clock(start = T0): { now: () => number; set: (t: number) => void; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, set: (v) => void (t = v), advance: (ms) => void (t += ms) };
}

/** An ApiFailure as putResult would report it for `status` (a network failure when status is undefined). */
export function apiError(kind: ApiFailure['kind'], status?: number): ApiFailure {
  return { kind, detail: `detail ${kind}`, requestId: 'req-test', ...(status === undefined ? {} : { status }) };
}

/** A failed ApiResult, see apiError. */
export function failure(kind: ApiFailure['kind'], status?: number): ApiResult<never> {
  return { ok: false, error: apiError(kind, status) };
}

export const OK: ApiResult<unknown> = { ok: true, data: {} };
