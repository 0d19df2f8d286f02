import { describe, expect, it } from 'vitest';
import { securityReport } from '../../../../lib/reports/security.ts';
import { SecretLeakError, toResultRecord, type ResultInput } from '../../../../lib/results/record.ts';
import type { StoredResult } from '../../../../lib/results/schema.ts';

const base = { startedAt: 0, endedAt: Date.UTC(2026, 0, 1), outcome: 'identified' as const, customerId: 'C1', verifiedBy: 'agent' as const };
const stored = (id: string, over: Partial<ResultInput>): StoredResult => {
  const record = toResultRecord({ ...base, interactionId: id, ...over });
  return { interactionId: id, endedAtMs: base.endedAt, record, sync: { state: 'pending', attempts: 0, nextAttemptAt: 0, revision: 1, savedAt: 0 } };
};
const at = (minute: number) => Date.UTC(2025, 11, 31, 12, minute);

describe('result record security events', () => {
  it('carries kind and time (ISO) only, oldest first, and leaves an empty list out', () => {
    const page = { kind: 'covered', at: at(1), html: '<input value="1985-12-10">', answer: '1985-12-10' };
    const r = toResultRecord({ ...base, interactionId: 'i1', securityEvents: [page, { kind: 'focus-theft', at: at(2) }] });
    expect(r.securityEvents).toEqual([{ kind: 'covered', at: '2025-12-31T12:01:00.000Z' }, { kind: 'focus-theft', at: '2025-12-31T12:02:00.000Z' }]);
    expect(JSON.stringify(r)).not.toContain('1985');
    expect(Object.keys(toResultRecord({ ...base, interactionId: 'i2', securityEvents: [] }))).not.toContain('securityEvents');
  });

  it('drops kinds the contract does not know and keeps the newest 20', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ kind: i === 24 ? 'made-up' : 'call-replaced-attempt', at: at(i) }));
    const r = toResultRecord({ ...base, interactionId: 'i3', securityEvents: many });
    expect(r.securityEvents).toHaveLength(20);
    expect(r.securityEvents?.at(-1)).toEqual({ kind: 'call-replaced-attempt', at: new Date(at(23)).toISOString() });
  });

  it('is still checked for secrets: a known answer in the record is refused', () => {
    expect(() => toResultRecord({ ...base, interactionId: 'i4', displayName: 'Marmalade', securityEvents: [{ kind: 'covered', at: at(1) }] }, ['Marmalade'])).toThrow(SecretLeakError);
  });
});

describe('securityReport', () => {
  it('counts events and calls per kind and per agent with the last time seen', () => {
    const report = securityReport([
      stored('a', { agentId: 'agent-7', securityEvents: [{ kind: 'covered', at: at(1) }, { kind: 'covered', at: at(3) }, { kind: 'focus-theft', at: at(2) }] }),
      stored('b', { agentId: 'agent-9', securityEvents: [{ kind: 'covered', at: at(5) }] }),
      stored('c', { securityEvents: [{ kind: 'call-replaced-attempt', at: at(4) }] }),
      stored('d', { agentId: 'agent-7' }),
    ]);
    expect(report.byKind).toEqual([
      { kind: 'covered', events: 3, calls: 2, lastSeen: at(5) },
      { kind: 'call-replaced-attempt', events: 1, calls: 1, lastSeen: at(4) },
      { kind: 'focus-theft', events: 1, calls: 1, lastSeen: at(2) },
    ]);
    expect(report.byAgent).toEqual([
      { agentId: 'agent-7', events: 3, calls: 1, lastSeen: at(3) },
      { agentId: 'agent-9', events: 1, calls: 1, lastSeen: at(5) },
      { agentId: '', events: 1, calls: 1, lastSeen: at(4) },
    ]);
    expect([report.events, report.calls]).toEqual([5, 3]);
  });

  it('is empty when no record carries an event', () => {
    expect(securityReport([stored('d', {})])).toEqual({ byKind: [], byAgent: [], events: 0, calls: 0 });
  });
});
