import { describe, expect, it } from 'vitest';
import { addGuardEvent, MAX_OVERRIDES } from '../../../../lib/guards/tally.ts';
import { guardReport } from '../../../../lib/guards/report.ts';
import type { StoredResult } from '../../../../lib/results/schema.ts';
import { toResultRecord } from '../../../../lib/results/record.ts';
import { GuardsSchema, DEFAULT_GUARD_RULES } from '../../../../lib/policy/guards.ts';
import { defaultPolicy } from '../../../../lib/policy/schema.ts';
import { validatePolicy } from '../../../../lib/policy/resolve.ts';

describe('addGuardEvent', () => {
  it('counts blocks and keeps one override per label with its reason', () => {
    let t = addGuardEvent(undefined, { kind: 'blocked', label: 'A' }, 1);
    t = addGuardEvent(t, { kind: 'blocked', label: 'A' }, 2);
    t = addGuardEvent(t, { kind: 'override', label: 'A', reason: 'customer in branch with ID' }, 3);
    t = addGuardEvent(t, { kind: 'override', label: 'A', reason: 'again' }, 4);
    expect(t).toEqual({ blocked: 2, overrides: [{ label: 'A', reason: 'customer in branch with ID', at: 3 }] });
  });
  it('ignores an override without a reason, and stays bounded', () => {
    expect(addGuardEvent(undefined, { kind: 'override', label: 'A' }, 1).overrides).toEqual([]);
    let t = addGuardEvent(undefined, { kind: 'blocked', label: 'A' }, 0);
    for (let i = 0; i < 2000; i++) t = addGuardEvent(t, { kind: i % 2 ? 'blocked' : 'override', label: `L${i}`, reason: 'why not' }, i);
    expect(t.blocked).toBe(1000);
    expect(t.overrides).toHaveLength(MAX_OVERRIDES);
  });
  it('does not change the previous tally', () => {
    const prev = { blocked: 1, overrides: [] };
    addGuardEvent(prev, { kind: 'override', label: 'A', reason: 'because' }, 1);
    expect(prev).toEqual({ blocked: 1, overrides: [] });
  });
});

const base = { interactionId: 'i', startedAt: 0, endedAt: 1000, outcome: 'identified' as const, customerId: 'C1', verifiedBy: 'agent' as const };
const stored = (over: Partial<Parameters<typeof toResultRecord>[0]>): StoredResult => {
  const record = toResultRecord({ ...base, ...over });
  return { interactionId: record.interactionId, endedAtMs: 1000, record, sync: { state: 'pending', attempts: 0, nextAttemptAt: 0, revision: 1, savedAt: 0 } };
};

describe('result record guards', () => {
  it('carries blocks and overrides (times as ISO) and leaves an empty tally out', () => {
    const r = toResultRecord({ ...base, guards: { blocked: 2, overrides: [{ label: 'Change phone number', reason: 'manager approved', at: Date.UTC(2026, 0, 2) }] } });
    expect(r.guards).toEqual({ blocked: 2, overrides: [{ label: 'Change phone number', reason: 'manager approved', at: '2026-01-02T00:00:00.000Z' }] });
    expect(toResultRecord({ ...base, guards: { blocked: 0, overrides: [] } }).guards).toBeUndefined();
  });
  it('refuses a reason holding an account number like any other free text', () => {
    expect(() => toResultRecord({ ...base, guards: { blocked: 0, overrides: [{ label: 'X', reason: 'acct 12345678', at: 1 }] } })).toThrow(/guards\.overrides\.0\.reason/);
  });
});

describe('guardReport', () => {
  it('sums per agent, newest overrides first, skips calls without guard activity', () => {
    const results = [
      stored({ interactionId: 'a1', agentId: 'ann', guards: { blocked: 3, overrides: [{ label: 'P', reason: 'first', at: 10 }] } }),
      stored({ interactionId: 'a2', agentId: 'ann', guards: { blocked: 1, overrides: [] } }),
      stored({ interactionId: 'b1', agentId: 'bob', guards: { blocked: 0, overrides: [{ label: 'P', reason: 'second', at: 20 }, { label: 'Q', reason: 'third', at: 30 }] } }),
      stored({ interactionId: 'c1', guards: { blocked: 1, overrides: [] } }),
      stored({ interactionId: 'n1', agentId: 'ann' }),
    ];
    const r = guardReport(results, 2);
    expect(r.byAgent).toEqual([
      { agentId: 'bob', calls: 1, blocked: 0, overrides: 2 },
      { agentId: 'ann', calls: 2, blocked: 4, overrides: 1 },
      { agentId: '', calls: 1, blocked: 1, overrides: 0 },
    ]);
    expect(r.latest.map((o) => o.reason)).toEqual(['third', 'second']);
    expect([r.blocked, r.overrides]).toEqual([5, 3]);
    expect(guardReport([])).toEqual({ byAgent: [], latest: [], blocked: 0, overrides: 0 });
  });
});

describe('policy key guards', () => {
  it('defaults to the Salesforce guards, on, without overrides', () => {
    expect(defaultPolicy().guards).toEqual({ enabled: true, allowOverride: false, rules: DEFAULT_GUARD_RULES });
    expect(new Set(DEFAULT_GUARD_RULES.map((r) => r.adapter))).toEqual(new Set(['salesforce-voicecall', 'salesforce-engagement']));
  });
  it('fills a rule\'s require and refuses unknown kinds, levels and keys with their path', () => {
    expect(GuardsSchema.parse({ rules: [{ adapter: 'x', selector: '#a', label: 'A', kind: 'field' }] }).rules[0]?.require).toBe('verified');
    expect(validatePolicy({ guards: { rules: [{ adapter: 'x', selector: '#a', label: 'A', kind: 'button', require: 'admin', extra: 1 }] } })).toEqual(expect.arrayContaining([
      expect.stringMatching(/^policy\.guards\.rules\[0\]\.kind: /), expect.stringMatching(/^policy\.guards\.rules\[0\]\.require: /), expect.stringMatching(/^policy\.guards\.rules\[0\]\.extra: unknown key/),
    ]));
    expect(validatePolicy({ guards: { allowOverride: true } })).toEqual([]);
  });
});
