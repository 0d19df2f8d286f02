import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiError, ChallengeResponse, ReportSummary, type InteractionResult } from '../../../../lib/api/contract.ts';
import type { Db } from '../../../../server/db/open.ts';
import { summarySql } from '../../../../server/domain/reports.ts';
import { ADA, challenge, demoApp, send, testClock, verify, forEachBackend } from '../helpers.ts';

forEachBackend(() => {

  let app: FastifyInstance;
  let db: Db;
  const clock = testClock(Date.parse('2025-03-03T12:00:00Z'));

  /** Store a result record ending at `endedAt`. */
  async function record(id: string, endedAt: string, outcome: InteractionResult['outcome'], extra: Partial<InteractionResult> = {}) {
    const body: InteractionResult = {
      interactionId: id,
      startedAt: '2025-02-01T00:00:00Z',
      endedAt,
      outcome,
      ...(outcome === 'not_identified' ? {} : { customerId: 'C-1001' }),
      methods: ['ani'],
      factorsPassed: [],
      attempts: { identify: 0, verify: 0 },
      verifiedBy: 'agent',
      ...extra,
    };
    if (outcome === 'verified') {
      // A verified record completes a verification (only /v1/verify makes one).
      const c = ChallengeResponse.parse((await challenge(app, { interactionId: id, customerId: ADA.customerId })).json());
      const answers = [{ questionId: 'dob', answer: ADA.dob }, { questionId: 'pin_last4', answer: ADA.pin }];
      expect((await verify(app, { interactionId: id, challengeId: c.challengeId, answers })).json()).toMatchObject({ outcome: 'verified' });
    }
    const res = await send(app, 'PUT', `/v1/interactions/${id}`, body);
    expect(res.statusCode, res.body).toBe(outcome === 'verified' ? 200 : 201);
  }

  beforeAll(async () => {
    ({ app, db } = await demoApp({ now: clock.now }));
    await record('i1', '2025-03-01T09:00:00Z', 'verified', { agentId: 'a1' });
    const attacks = [{ kind: 'covered', at: '2025-03-01T09:58:00Z' }, { kind: 'focus-theft', at: '2025-03-01T09:59:00Z' }] as const;
    await record('i2', '2025-03-01T10:00:00Z', 'identified', { agentId: 'a1', methods: ['ani', 'lastName'], securityEvents: [...attacks] });
    await record('i3', '2025-03-01T23:59:59Z', 'not_identified', { agentId: 'a2', optOutReason: 'caller declined' });
    await record('i4', '2025-03-02T08:00:00+01:00', 'verified', { agentId: 'a2', methods: [] }); // 07:00Z on the 2nd
    await record('i5', '2025-03-03T00:00:00Z', 'verified', { agentId: 'a1' }); // outside to=2025-03-02
    await record('i0', '2025-02-28T23:59:59Z', 'verified'); // outside from=2025-03-01
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  async function summary(query: string): Promise<ReportSummary> {
    const res = await send(app, 'GET', `/v1/reports/summary?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return ReportSummary.parse(res.json());
  }

  describe('GET /v1/reports/summary', () => {
    it('groups by UTC day of the end time, inclusive range, with rates', async () => {
      const res = await summary('from=2025-03-01&to=2025-03-02&groupBy=day');
      expect(res.groups).toEqual([
        { key: '2025-03-01', total: 3, verified: 1, identified: 1, notIdentified: 1, verificationRate: 0.3333, identificationRate: 0.6667, optOuts: 1, securityEvents: 2 },
        { key: '2025-03-02', total: 1, verified: 1, identified: 0, notIdentified: 0, verificationRate: 1, identificationRate: 1, optOuts: 0, securityEvents: 0 },
      ]);
      expect(res.totals).toEqual({ total: 4, verified: 2, identified: 1, notIdentified: 1, verificationRate: 0.5, identificationRate: 0.75, optOuts: 1, securityEvents: 2 });
      expect([res.from, res.to, res.groupBy]).toEqual(['2025-03-01', '2025-03-02', 'day']);
    });

    it('groups by agent and by (last) method', async () => {
      const agents = await summary('from=2025-03-01&to=2025-03-02&groupBy=agent');
      expect(agents.groups.map((g) => [g.key, g.total, g.verified, g.securityEvents])).toEqual([['a1', 2, 1, 2], ['a2', 2, 1, 0]]);
      const methods = await summary('from=2025-03-01&to=2025-03-03&groupBy=method');
      expect(methods.groups.map((g) => [g.key, g.total])).toEqual([['(none)', 1], ['ani', 3], ['lastName', 1]]);
    });

    it('defaults to day grouping over the last 30 days', async () => {
      const res = await summary('');
      expect([res.from, res.to, res.groupBy]).toEqual(['2025-02-02', '2025-03-03', 'day']);
      expect(res.totals.total).toBe(6);
    });

    it('is all zeros for an empty range', async () => {
      const res = await summary('from=2024-01-01&to=2024-01-31');
      expect(res.groups).toEqual([]);
      expect(res.totals).toMatchObject({ total: 0, verificationRate: 0, identificationRate: 0 });
    });

    it.each(['from=2025-03-02&to=2025-03-01', 'from=2025-13-01', 'groupBy=hour', 'from=2020-01-01&to=2025-01-01', 'to=2025-02-30'])(
      '400 for %s',
      async (query) => {
        const res = await send(app, 'GET', `/v1/reports/summary?${query}`);
        expect(res.statusCode).toBe(400);
        expect(ApiError.parse(res.json()).error.code).toBe('invalid_request');
      },
    );

    it('reads through the ended_at index', async () => {
      if (db.dialect === 'postgres') {
        // PostgreSQL plans by table statistics (a 10-row table is scanned); forbid the scan to see the index is usable.
        const plan = await db.transaction(async (tx) => {
          await tx.exec('SET LOCAL enable_seqscan = off');
          return tx.all<Record<string, string>>(`EXPLAIN ${summarySql('day')}`, ['a', 'b']);
        });
        expect(plan.map((p) => Object.values(p)[0]).join('\n')).toMatch(/interactions_ended_at/);
        return;
      }
      const plan = await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${summarySql('day')}`, ['a', 'b']);
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/interactions_ended_at/);
    });
  });
});
