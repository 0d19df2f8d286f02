/** The Reports page's step-up rows: channels with step-ups, then totals; pass rate over finished ones. */
import { describe, expect, it } from 'vitest';
import { stepUpRows } from '../../../../lib/reports/stepup-report';
import type { StepUpReport } from '../../../../lib/api/contract-stepup';

const zero = { started: 0, passed: 0, failed: 0, denied: 0, expired: 0, pending: 0 };

describe('stepUpRows', () => {
  it('lists the channels that had step-ups, then the totals; the pass rate leaves pending ones out', () => {
    const report: StepUpReport = {
      from: '2026-12-01', to: '2026-12-06',
      channels: [
        { channel: 'app', ...zero },
        { channel: 'sms', started: 5, passed: 2, failed: 1, denied: 0, expired: 1, pending: 1, meanSecondsToPass: 31.5 },
      ],
      totals: { started: 5, passed: 2, failed: 1, denied: 0, expired: 1, pending: 1, meanSecondsToPass: 31.5 },
    };
    const rows = stepUpRows(report);
    expect(rows.map((r) => r.channel ?? 'totals')).toEqual(['sms', 'totals']);
    expect(rows[0]).toMatchObject({ started: 5, passed: 2, failed: 1, expired: 1, pending: 1, passRate: 0.5, meanSecondsToPass: 31.5 });
  });
  it('no finished step-up: no pass rate, no time', () => {
    const rows = stepUpRows({ from: 'a', to: 'b', channels: [], totals: { ...zero, started: 1, pending: 1 } });
    expect(rows).toEqual([{ started: 1, passed: 0, failed: 0, expired: 0, denied: 0, pending: 1, passRate: null }]);
  });
});
