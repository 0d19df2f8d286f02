import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, verdictOf } from '../../../../lib/results/outbox.ts';
import { failure, OK } from './helpers.ts';
import { seeded } from './outbox-fakes.ts';

describe('backoffDelay', () => {
  it('stays in [0, min(cap, base·2^(n−1))) for any attempt and random value (property)', () => {
    const r01 = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), r01, (n, r) => {
        const d = backoffDelay(n, () => r);
        const ceiling = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (n - 1));
        return Number.isInteger(d) && d >= 0 && d < ceiling && d <= DEFAULT_BACKOFF.capMs;
      }),
    );
  });

  it('grows exponentially from 5 s and is capped at 1 h', () => {
    const top = (n: number) => backoffDelay(n, () => 0.999_999);
    const tops = Array.from({ length: 15 }, (_, i) => top(i + 1));
    expect(tops[0]).toBe(4_999);
    for (let i = 1; i < tops.length; i++) expect(tops[i]!).toBeGreaterThanOrEqual(tops[i - 1]!);
    expect(top(2)).toBe(9_999);
    expect(top(12)).toBe(3_599_996);
    expect(top(1_000_000)).toBe(3_599_996);
    expect(backoffDelay(7, () => 0)).toBe(0);
    expect(backoffDelay(7, () => 1)).toBeLessThan(DEFAULT_BACKOFF.baseMs * 64); // a bad random source stays in bounds
  });

  it('is jittered: the delays for one attempt spread over the whole window', () => {
    const random = seeded(7);
    const delays = Array.from({ length: 500 }, () => backoffDelay(5, random));
    const ceiling = DEFAULT_BACKOFF.baseMs * 16;
    expect(Math.min(...delays)).toBeLessThan(ceiling * 0.05);
    expect(Math.max(...delays)).toBeGreaterThan(ceiling * 0.95);
  });
});

describe('verdictOf', () => {
  it.each([
    ['synced', OK],
    ['conflict', failure('rejected', 409)],
    ['retry', failure('rejected', 408)],
    ['retry', failure('rate_limited', 429)],
    ['retry', failure('server_error', 500)],
    ['retry', failure('server_error', 503)],
    ['retry', failure('unauthorised', 401)],
    ['retry', failure('unauthorised', 403)],
    ['retry', failure('offline')],
    ['retry', failure('timeout')],
    ['retry', failure('bad_response', 200)],
    ['rejected', failure('rejected', 400)],
    ['rejected', failure('rejected', 404)],
    ['rejected', failure('rejected', 413)],
    ['rejected', failure('locked', 423)],
  ] as const)('%s for %j', (verdict, res) => {
    expect(verdictOf(res)).toBe(verdict);
  });
});
