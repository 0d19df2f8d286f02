import { describe, expect, it } from 'vitest';
import { fetchRiskReports, guardAgentRows, questionRows, riskDayRows } from '../../../../lib/reports/risk-report';

const question = (questionId: string, asked: number, failed: number, failedByVerified: number) =>
  ({ questionId, asked, failed, failedByVerified, failureRate: asked === 0 ? 0 : Math.round((failed / asked) * 10_000) / 10_000 });

describe('risk report rows', () => {
  it('questions genuine callers fail come first, then by failure rate; never-asked last', () => {
    const rows = questionRows({ from: '2026-12-01', to: '2026-12-06', questions: [
      question('dob', 10, 5, 0), question('pin_last4', 10, 3, 3), question('postcode', 10, 2, 1), question('memorable', 0, 0, 0),
    ] });
    expect(rows.map((r) => r.questionId)).toEqual(['pin_last4', 'postcode', 'dob', 'memorable']);
    expect(rows.map((r) => r.genuineRate)).toEqual([0.3, 0.1, 0, null]);
  });

  it('risk days: only days with something, newest first', () => {
    const empty = { medium: 0, high: 0, failedVerifications: 0, failedStepUps: 0 };
    const rows = riskDayRows({ from: '2026-12-04', to: '2026-12-06', totals: { ...empty, high: 1, failedStepUps: 1 }, days: [
      { day: '2026-12-04', ...empty, high: 1 }, { day: '2026-12-05', ...empty }, { day: '2026-12-06', ...empty, failedStepUps: 1 },
    ] });
    expect(rows.map((d) => d.day)).toEqual(['2026-12-06', '2026-12-04']);
  });

  it('agents by overrides, then blocks, then name', () => {
    const rows = guardAgentRows({ from: '2026-12-01', to: '2026-12-06', overrides: [], agents: [
      { agent: 'b', calls: 3, blocked: 5, overrides: 0 }, { agent: 'a', calls: 1, blocked: 1, overrides: 2 },
      { agent: 'c', calls: 1, blocked: 5, overrides: 0 }, { agent: '(none)', calls: 1, blocked: 9, overrides: 2 },
    ] });
    expect(rows.map((r) => r.agent)).toEqual(['(none)', 'a', 'b', 'c']);
  });
});

describe('fetchRiskReports', () => {
  it('asks the three report routes for the range, each answer on its own (one failing leaves the others)', async () => {
    const urls: string[] = [];
    const fetch = (async (url: URL) => {
      urls.push(`${url.pathname}${url.search}`);
      if (url.pathname.endsWith('/guards')) return new Response(JSON.stringify({ error: { code: 'forbidden', message: 'no' } }), { status: 403 });
      const body = url.pathname.endsWith('/questions')
        ? { from: '2026-12-01', to: '2026-12-02', questions: [question('dob', 2, 1, 1)] }
        : { from: '2026-12-01', to: '2026-12-02', days: [], totals: { medium: 0, high: 0, failedVerifications: 0, failedStepUps: 0 } };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof globalThis.fetch;
    const r = await fetchRiskReports({ baseUrl: 'http://127.0.0.1:1/', timeoutMs: 2000, fetch }, { from: '2026-12-01', to: '2026-12-02' });
    expect(urls.sort()).toEqual([
      '/v1/reports/guards?from=2026-12-01&to=2026-12-02', '/v1/reports/questions?from=2026-12-01&to=2026-12-02', '/v1/reports/risk?from=2026-12-01&to=2026-12-02',
    ]);
    expect(r.questions.ok && r.questions.data.questions[0]?.questionId).toBe('dob');
    expect(r.risk.ok).toBe(true);
    expect(r.guards.ok ? 'ok' : r.guards.error.status).toBe(403);
  });
});
