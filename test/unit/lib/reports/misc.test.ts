import { describe, expect, it } from 'vitest';
import { groupSelectorHealth, parseSelectorHealth } from '../../../../lib/selector-health.ts';
import { apiOptions, fetchServerSummary, MAX_SUMMARY_DAYS, serverSummaryAllowed, summaryRange } from '../../../../lib/reports/server-summary.ts';
import { formatCount, formatDateTime, formatDuration, formatRate, visibleRange } from '../../../../lib/reports/view.ts';
import { defaultPolicy } from '../../../../lib/policy/schema.ts';
import { T0 } from './helpers.ts';

describe('selector health', () => {
  it('keeps well-formed entries only (at as ms or ISO) and treats a missing key as none', () => {
    expect(parseSelectorHealth(undefined)).toEqual([]);
    expect(parseSelectorHealth({ adapterId: 'x' })).toEqual([]);
    expect(parseSelectorHealth([
      { adapterId: 'salesforce', host: 'a.lightning.force.com', at: T0, pageVersion: 'v62' },
      { adapterId: 'genesys', host: 'apps.mypurecloud.com', at: new Date(T0).toISOString() },
      { adapterId: 'bad', host: 'h', at: 'yesterday' },
      null, 'x', { host: 'h', at: 1 },
    ])).toEqual([
      { adapterId: 'salesforce', host: 'a.lightning.force.com', at: T0, pageVersion: 'v62' },
      { adapterId: 'genesys', host: 'apps.mypurecloud.com', at: T0 },
    ]);
  });

  it('groups by adapter and host, newest first, with the page versions seen', () => {
    const groups = groupSelectorHealth([
      { adapterId: 'sf', host: 'a', at: 1, pageVersion: 'v2' },
      { adapterId: 'sf', host: 'a', at: 5, pageVersion: 'v1' },
      { adapterId: 'sf', host: 'a', at: 3, pageVersion: 'v2' },
      { adapterId: 'gc', host: 'b', at: 9 },
    ]);
    expect(groups).toEqual([
      { adapterId: 'gc', host: 'b', count: 1, lastAt: 9, pageVersions: [] },
      { adapterId: 'sf', host: 'a', count: 3, lastAt: 5, pageVersions: ['v1', 'v2'] },
    ]);
  });
});

describe('server summary', () => {
  it('is allowed only when reports.serverSummary is true (missing: false)', () => {
    const s = defaultPolicy();
    expect(serverSummaryAllowed(s)).toBe(false);
    expect(serverSummaryAllowed({ ...s, reports: { serverSummary: true } })).toBe(true);
    expect(serverSummaryAllowed({})).toBe(false);
    expect(serverSummaryAllowed(undefined)).toBe(false);
  });

  it('asks for the filter days, else the last 30, within the API limit', () => {
    expect(summaryRange({ from: '', to: '' }, T0)).toEqual({ from: '2024-12-17', to: '2025-01-15' });
    expect(summaryRange({ from: '2025-01-02', to: '2025-01-09' }, T0)).toEqual({ from: '2025-01-02', to: '2025-01-09' });
    expect(summaryRange({ from: '2025-01-09', to: '2025-01-02' }, T0)).toEqual({ from: '2025-01-02', to: '2025-01-09' });
    const long = summaryRange({ from: '2020-01-01', to: '2025-01-15' }, T0);
    expect((Date.parse(long.to) - Date.parse(long.from)) / 86_400_000 + 1).toBe(MAX_SUMMARY_DAYS);
  });

  it('sends the bearer token from the policy and validates the answer', async () => {
    const s = { ...defaultPolicy(), apiAuth: { type: 'bearer' as const, token: 'tok-1234567890abcdef' } };
    let seen: Request | undefined;
    const body = { from: '2025-01-01', to: '2025-01-02', groupBy: 'agent', groups: [], totals: { total: 0, verified: 0, identified: 0, notIdentified: 0, verificationRate: 0, identificationRate: 0, optOuts: 0 } };
    const fake = (async (url: URL, init: RequestInit) => {
      seen = new Request(url, init);
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const res = await fetchServerSummary({ ...apiOptions(s), fetch: fake }, { from: '2025-01-01', to: '2025-01-02' }, 'agent');
    expect(res.ok).toBe(true);
    expect(seen?.url).toBe('http://127.0.0.1:8787/v1/reports/summary?from=2025-01-01&to=2025-01-02&groupBy=agent');
    expect(seen?.headers.get('authorization')).toBe('Bearer tok-1234567890abcdef');
    const down = await fetchServerSummary({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 500, fetch: (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch }, { from: '2025-01-01', to: '2025-01-02' }, 'day');
    expect(down).toMatchObject({ ok: false, error: { kind: 'offline' } });
  });
});

describe('view helpers', () => {
  it('formats rates, durations, times and counts', () => {
    expect([formatRate(null), formatRate(0.75), formatRate(1 / 3), formatRate(0)]).toEqual(['—', '75%', '33.3%', '0%']);
    expect([formatDuration(null), formatDuration(42_400), formatDuration(185_000), formatDuration(3_720_000), formatDuration(1_600)]).toEqual(['—', '42 s', '3 min 05 s', '1 h 02 min', '1 s']);
    expect(formatDateTime(T0)).toBe('2025-01-15 09:00');
    expect([formatCount(0), formatCount(999), formatCount(100_000), formatCount(1_234_567)]).toEqual(['0', '999', '100,000', '1,234,567']);
  });

  it('visibleRange renders the rows in view plus overscan, clamped to the list', () => {
    expect(visibleRange(0, 480, 32, 100_000, 6)).toEqual({ first: 0, last: 21 });
    expect(visibleRange(32 * 1000, 480, 32, 100_000, 6)).toEqual({ first: 994, last: 1021 });
    expect(visibleRange(32 * 99_990, 480, 32, 100_000, 6)).toEqual({ first: 99_984, last: 100_000 });
    expect(visibleRange(0, 480, 32, 3, 6)).toEqual({ first: 0, last: 3 });
    expect(visibleRange(5000, 480, 32, 0)).toEqual({ first: 0, last: 0 });
  });
});
