/**
 * KPIs and charts from rollups equal those computed from the raw records, for random record sets and
 * random filters (property), plus the precision rules (whole seconds, 24 h cap, attempts cap).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addToHistogram, buildRollups, TTV_CAP_S, type RollupRow } from '../../../../lib/results/rollup.ts';
import { toResultRecord, type ResultInput, type ResultRecord } from '../../../../lib/results/record.ts';
import type { IdentifyMethod } from '../../../../lib/api/contract.ts';
import { applyFilter, EMPTY_FILTER, facets, NONE, type ReportFilter } from '../../../../lib/reports/filter.ts';
import { computeKpis } from '../../../../lib/reports/kpi.ts';
import { outcomesByMethod, outcomesPerDay, ttvHistogram } from '../../../../lib/reports/charts.ts';
import { chartsFromRollups, kpisFromRollups, methodsOf, selectRollups } from '../../../../lib/reports/rollup-view.ts';
import { toRow, utcDay } from '../../../../lib/reports/row.ts';
import { input, T0, DAY } from '../results/helpers.ts';

const METHODS: IdentifyMethod[] = ['ani', 'customerId', 'accountNumber', 'phone', 'lastName'];
const ADAPTERS = ['salesforce', 'genesys', undefined];
const HOSTS = ['a.example.com', 'b.example.com', undefined];
const DAYS = Array.from({ length: 9 }, (_, i) => utcDay(T0 + (i - 4) * DAY));

const stored = (r: ResultRecord) => ({ interactionId: r.interactionId, endedAtMs: Date.parse(r.endedAt), record: r, sync: { state: 'synced' as const, attempts: 0, nextAttemptAt: 0, revision: 1, savedAt: 0 } });

/** Overrides of one random call; durations include sub-second parts and some over the 24 h cap. */
const callArb = fc.record({
  endOffset: fc.integer({ min: -4 * DAY, max: 4 * DAY }),
  durationMs: fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 2 * TTV_CAP_S * 1000 })),
  outcome: fc.constantFrom('verified', 'identified', 'not_identified'),
  methods: fc.subarray(METHODS),
  verifiedBy: fc.constantFrom('agent', 'ivr'),
  verify: fc.integer({ min: 0, max: 13 }),
  optOut: fc.boolean(),
  adapter: fc.constantFrom(...ADAPTERS),
  host: fc.constantFrom(...HOSTS),
}).map((c): Partial<ResultInput> & { endedAt: number } => {
  const endedAt = T0 + c.endOffset;
  return {
    endedAt, startedAt: endedAt - c.durationMs, outcome: c.outcome, methods: c.methods, verifiedBy: c.verifiedBy,
    attempts: { identify: 0, verify: c.verify }, optOutReason: c.optOut ? 'caller_declined' : undefined,
    adapterId: c.adapter, crmHost: c.host,
    ...(c.outcome === 'not_identified' ? { customerId: undefined, displayName: undefined } : {}),
  };
});

const filterArb: fc.Arbitrary<ReportFilter> = fc.record({
  from: fc.constantFrom('', 'not-a-day', ...DAYS),
  to: fc.constantFrom('', ...DAYS),
  outcome: fc.constantFrom('', 'verified', 'identified', 'not_identified'),
  method: fc.constantFrom('', NONE, ...METHODS),
  adapterId: fc.constantFrom('', NONE, 'salesforce', 'genesys', 'other'),
  crmHost: fc.constantFrom('', NONE, 'a.example.com', 'b.example.com'),
});

const records = (calls: (Partial<ResultInput> & { endedAt: number })[]): ResultRecord[] =>
  calls.map((c, i) => toResultRecord(input(i + 1, c.endedAt, c)));

describe('rollups vs raw records (property)', () => {
  it('KPIs, charts and filter menus from rollups equal those from the matching records', () => {
    fc.assert(fc.property(fc.array(callArb, { maxLength: 60 }), filterArb, fc.integer({ min: 1, max: 10 }), (calls, filter, maxVerify) => {
      const recs = records(calls);
      const rows = recs.map((r) => toRow(stored(r)));
      const rollups = [...buildRollups(recs.map(stored)).values()];
      const matched = applyFilter(rows, filter);
      const selected = selectRollups(rollups, filter);
      expect(kpisFromRollups(selected, maxVerify)).toEqual(computeKpis(matched, maxVerify));
      const charts = chartsFromRollups(selected);
      expect(charts.perDay).toEqual(outcomesPerDay(matched));
      expect(charts.byMethod).toEqual(outcomesByMethod(matched));
      expect(charts.ttv).toEqual(ttvHistogram(matched));
      expect(facets(rollups)).toEqual(facets(rows));
    }), { numRuns: 300 });
  });
});

describe('rollup rows', () => {
  const one = (over: Partial<ResultInput>, endedAt = T0): RollupRow => [...buildRollups([stored(toResultRecord(input(1, endedAt, over)))]).values()][0] as RollupRow;

  it('group calls by their dimensions; only agent-verified calls carry a time-to-verify histogram', () => {
    const recs = [input(1, T0), input(2, T0 + 1000), input(3, T0, { verifiedBy: 'ivr', attempts: { identify: 0, verify: 0 } })].map((i) => stored(toResultRecord(i)));
    const rows = [...buildRollups(recs).values()];
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.verifiedBy === 'agent')).toMatchObject({ count: 2, ttv: Uint32Array.of(180, 2), methods: 1, day: '2025-01-15' });
    expect(rows.find((r) => r.verifiedBy === 'ivr')?.ttv).toBeUndefined();
  });

  it('count times in whole seconds, floored, and cap them at 24 h', () => {
    expect(one({ startedAt: T0 - 42_999 }).ttv).toEqual(Uint32Array.of(42, 1));
    expect(one({ startedAt: T0 - 3 * TTV_CAP_S * 1000 }).ttv).toEqual(Uint32Array.of(TTV_CAP_S, 1));
    expect(kpisFromRollups([one({ startedAt: T0 - 42_999 })]).medianTtvMs).toBe(42_000);
  });

  it('cap verification attempts at 10, which keeps lockouts exact for every policy limit (1-10)', () => {
    const row = one({ outcome: 'identified', attempts: { identify: 0, verify: 25 } });
    expect(row.verifyAttempts).toBe(10);
    expect(kpisFromRollups([row], 10).lockouts).toBe(1);
  });

  it('key methods by a bit mask that reads back as the set tried', () => {
    expect(methodsOf(one({ methods: ['lastName', 'ani'] }).methods)).toEqual(['ani', 'lastName']);
    expect(one({ methods: [] }).methods).toBe(0);
  });

  it('match the date filter by whole UTC days', () => {
    const late = one({}, Date.UTC(2025, 0, 15, 23, 59, 59, 999));
    expect(selectRollups([late], { ...EMPTY_FILTER, from: '2025-01-15', to: '2025-01-15' })).toHaveLength(1);
    expect(selectRollups([late], { ...EMPTY_FILTER, from: '2025-01-16' })).toHaveLength(0);
    expect(selectRollups([late], { ...EMPTY_FILTER, to: '2025-01-14' })).toHaveLength(0);
  });
});

describe('addToHistogram', () => {
  it('inserts in order, adds, drops a pair that reaches 0, and leaves an absent one alone on removal', () => {
    let h: Uint32Array = new Uint32Array(0);
    for (const s of [30, 10, 20, 30]) h = addToHistogram(h, s, 1);
    expect(h).toEqual(Uint32Array.of(10, 1, 20, 1, 30, 2));
    const before = h;
    expect(addToHistogram(h, 20, -1)).toEqual(Uint32Array.of(10, 1, 30, 2));
    expect(addToHistogram(h, 15, -1)).toBe(before);
    expect(h).toEqual(Uint32Array.of(10, 1, 20, 1, 30, 2)); // never changed in place
  });
});
