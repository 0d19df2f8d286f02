import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { challenge, identify, priorStatus, requestJson, verify, type ApiClientOptions } from '../../../../lib/api/client.ts';
import { DEFAULT_RETRY, isRetryable, nextRetryDelay, parseRetryAfter, retryDelay } from '../../../../lib/api/retry.ts';
import { putResult } from '../../../../lib/results/sync.ts';
import type { ResultRecord } from '../../../../lib/results/record.ts';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const err = (status: number, headers: Record<string, string> = {}) => json({ error: { code: 'x', message: `HTTP ${status}` } }, status, headers);

/** A fetch answering from a script (the last entry repeats), recording request ids and times. */
function scripted(...answers: (() => Response)[]) {
  const calls: { id: string | null; at: number; method: string }[] = [];
  const f = (async (_input: string | URL | Request, init?: RequestInit) => {
    calls.push({ id: new Headers(init?.headers).get('x-request-id'), at: Date.now(), method: String(init?.method) });
    return (answers[Math.min(calls.length - 1, answers.length - 1)] as () => Response)();
  }) as typeof fetch;
  return { f, calls };
}
const offline = () => { throw new TypeError('Failed to fetch'); };
const Any = z.looseObject({});

const opts = (f: typeof fetch, extra: Partial<ApiClientOptions> = {}): ApiClientOptions => ({ baseUrl: 'https://api.example.com', timeoutMs: 8000, fetch: f, random: () => 0.5, ...extra });

/** Run a request to completion under fake timers. */
async function run<T>(p: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return p;
}

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('retryDelay and Retry-After', () => {
  it('equal jitter: retry n waits in [c/2, c), c = min(cap, base·2^(n−1)) (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
      const c = Math.min(DEFAULT_RETRY.capMs, DEFAULT_RETRY.baseMs * 2 ** (n - 1));
      const d = retryDelay(n, () => r);
      return d >= c / 2 && d < c;
    }));
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, () => 0))).toEqual([125, 250, 500, 1000, 1000]);
    expect(retryDelay(1, () => 0.999999)).toBe(249);
  });

  it('reads delay-seconds and HTTP dates, ignores garbage', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('retries only network errors, 429, 502, 503 and 504', () => {
    const f = (kind: 'offline' | 'timeout' | 'server_error' | 'rejected' | 'rate_limited' | 'unauthorised', status?: number) =>
      isRetryable({ kind, detail: '', requestId: 'r', ...(status ? { status } : {}) });
    expect([f('offline'), f('rate_limited', 429), f('server_error', 502), f('server_error', 503), f('server_error', 504)]).toEqual([true, true, true, true, true]);
    expect([f('timeout'), f('server_error', 500), f('rejected', 400), f('unauthorised', 401), f('rejected', 404), f('rejected', 409)]).toEqual([false, false, false, false, false, false]);
  });

  it('gives up when the budget cannot hold the wait plus one more attempt', () => {
    const base = { idempotent: true, error: { kind: 'offline' as const, detail: '', requestId: 'r' }, attempt: 1, retryAfterMs: undefined, random: () => 0 };
    expect(nextRetryDelay({ ...base, remainingMs: 5000 })).toBe(125);
    expect(nextRetryDelay({ ...base, remainingMs: 300 })).toBeNull();
    expect(nextRetryDelay({ ...base, remainingMs: 5000, retryAfterMs: 3001 })).toBeNull();
    expect(nextRetryDelay({ ...base, remainingMs: 5000, idempotent: false })).toBeNull();
  });
});

describe('requestJson retries idempotent calls', () => {
  it('GET: 503, 502, then 200 → 3 attempts, one request id, waits within the jitter bounds', async () => {
    const { f, calls } = scripted(() => err(503), () => err(502), () => json({}));
    const res = await run(requestJson(opts(f, { random: () => 0 }), 'GET', '/v1/x', undefined, Any));
    expect(res.ok).toBe(true);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.id)).size).toBe(1);
    expect(calls[1]!.at - calls[0]!.at).toBe(125);
    expect(calls[2]!.at - calls[1]!.at).toBe(250);
  });

  it('gives up after 3 attempts and returns the last failure with the same request id', async () => {
    const { f, calls } = scripted(offline);
    const res = await run(priorStatus(opts(f), 'ix-1'));
    expect(calls).toHaveLength(3);
    expect(res).toMatchObject({ ok: false, error: { kind: 'offline', requestId: calls[0]!.id } });
  });

  it('PUT (result sync) is retried on 504 and 429, honouring a short Retry-After', async () => {
    const record = { interactionId: 'ix-2' } as ResultRecord;
    const { f, calls } = scripted(() => err(504), () => err(429, { 'retry-after': '2' }), () => json({ interactionId: 'ix-2' }));
    const res = await run(putResult(opts(f), record));
    expect(res.ok).toBe(true);
    expect(calls.map((c) => c.method)).toEqual(['PUT', 'PUT', 'PUT']);
    expect(calls[2]!.at - calls[1]!.at).toBe(2000);
  });

  it('a long Retry-After is not waited for: rate_limited at once', async () => {
    const { f, calls } = scripted(() => err(429, { 'retry-after': '120' }));
    const res = await run(requestJson(opts(f), 'GET', '/v1/x', undefined, Any));
    expect(calls).toHaveLength(1);
    expect(res).toMatchObject({ ok: false, error: { kind: 'rate_limited', status: 429 } });
  });

  it.each([400, 401, 403, 404, 409, 422, 423, 500])('never retries HTTP %d', async (status) => {
    const { f, calls } = scripted(() => err(status));
    await run(requestJson(opts(f), 'PUT', '/v1/x', {}, Any));
    expect(calls).toHaveLength(1);
  });

  it('stays within the time budget: a short budget leaves room for fewer attempts', async () => {
    const { f, calls } = scripted(() => err(503));
    const t0 = Date.now();
    await run(requestJson(opts(f, { timeoutMs: 450, random: () => 0.99 }), 'GET', '/v1/x', undefined, Any));
    expect(calls).toHaveLength(1); // 249 ms wait + 250 ms minimum attempt > 500 ms − elapsed
    expect(Date.now() - t0).toBeLessThan(450);
    const two = scripted(() => err(503));
    await run(requestJson(opts(two.f, { timeoutMs: 600, random: () => 0 }), 'GET', '/v1/x', undefined, Any));
    expect(two.calls).toHaveLength(2);
  });
});

describe('POSTs are never retried', () => {
  const bodies = { interactionId: 'ix-3', customerId: 'C-1', mode: 'caller-answer' as const, challengeId: 'ch', answers: [] };
  it.each([
    ['challenge', (f: typeof fetch) => challenge(opts(f), bodies)],
    ['verify', (f: typeof fetch) => verify(opts(f), bodies)],
    ['identify', (f: typeof fetch) => identify(opts(f), { interactionId: 'ix-3', method: 'ani', value: '+14155550100' })],
  ])('%s: one attempt on 503, on 429 and offline', async (_name, call) => {
    for (const answer of [() => err(503), () => err(429, { 'retry-after': '1' }), offline]) {
      const { f, calls } = scripted(answer);
      const res: { ok: boolean } = await run<{ ok: boolean }>(call(f));
      expect(res.ok).toBe(false);
      expect(calls).toHaveLength(1);
    }
  });
});
