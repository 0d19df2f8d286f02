import { describe, expect, it } from 'vitest';
import { MAX_CHART_DAYS, METHOD_ORDER, outcomesByMethod, outcomesPerDay, ttvHistogram } from '../../../../lib/reports/charts.ts';
import { failed, ivr, optOut, row, T0, verifiedIn } from './helpers.ts';

const DAY = 86_400_000;
const D0 = Date.UTC(2025, 0, 15) / 1000;

describe('outcomesPerDay', () => {
  it('fills every UTC day between the first and the last, and stacks verified < identified < all', () => {
    const data = outcomesPerDay([row(1, {}, T0), optOut(2, T0 + 1000), failed(3, 1, T0 + 2 * DAY), row(4, {}, T0 + 2 * DAY + 5)]);
    expect(data.days).toEqual([D0, D0 + 86_400, D0 + 2 * 86_400]);
    expect(data.counts).toEqual({ verified: [1, 0, 1], identified: [0, 0, 1], not_identified: [1, 0, 0] });
    expect(data.stacked).toEqual([[1, 0, 1], [1, 0, 2], [2, 0, 2]]);
  });

  it('is empty without rows and keeps only the newest MAX_CHART_DAYS days', () => {
    expect(outcomesPerDay([]).days).toEqual([]);
    const data = outcomesPerDay([row(1, {}, T0 - 1000 * DAY), row(2, {}, T0)]);
    expect(data.days).toHaveLength(MAX_CHART_DAYS);
    expect(data.counts.verified.reduce((a, b) => a + b)).toBe(1);
  });
});

describe('outcomesByMethod', () => {
  it('counts a call under each method it tried, and under "none" when it tried none', () => {
    const data = outcomesByMethod([row(1), row(2, { methods: ['ani', 'lastName'] }), optOut(3), failed(4, 1)]);
    expect(data.methods).toEqual([...METHOD_ORDER]);
    const at = (m: (typeof METHOD_ORDER)[number]) => METHOD_ORDER.indexOf(m);
    expect(data.counts.verified[at('ani')]).toBe(2);
    expect(data.counts.verified[at('lastName')]).toBe(1);
    expect(data.counts.identified[at('ani')]).toBe(1);
    expect(data.counts.not_identified[at('none')]).toBe(1);
    expect(data.stacked[2][at('ani')]).toBe(3);
  });
});

describe('ttvHistogram', () => {
  it('bins the agent-verified calls with a nice width; IVR ones are left out', () => {
    const rows = [verifiedIn(1, 5), verifiedIn(2, 12), verifiedIn(3, 14), verifiedIn(4, 61), ivr(5)];
    const h = ttvHistogram(rows, 24);
    expect(h.width).toBe(5); // 61 s / 24 bins → 5 s bins
    expect(h.counts.reduce((a, b) => a + b)).toBe(4);
    expect(h.starts[0]).toBe(0);
    expect(h.counts[1]).toBe(1); // 5 s
    expect(h.counts[2]).toBe(2); // 12 and 14 s
    expect(h.counts[h.counts.length - 1]).toBe(1); // 61 s
    expect(h.medianMs).toBe(12_000);
  });

  it('puts the slowest 1% into the last bin and is empty without verified calls', () => {
    const rows = Array.from({ length: 200 }, (_, i) => verifiedIn(i + 1, i < 198 ? 30 : 5000));
    const h = ttvHistogram(rows, 10);
    expect(h.counts.length).toBeLessThanOrEqual(10);
    expect(h.counts[h.counts.length - 1]).toBeGreaterThanOrEqual(2);
    expect(ttvHistogram([optOut(1)])).toEqual({ starts: [], counts: [], width: 0, medianMs: null });
  });
});
