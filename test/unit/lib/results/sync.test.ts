import { describe, expect, it } from 'vitest';
import { putResult } from '../../../../lib/results/sync.ts';
import { record } from './helpers.ts';

interface Seen {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal | null;
}

/** A fetch that records the request and answers `respond()`. */
function fakeFetch(respond: () => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const f: typeof fetch = async (input, init) => {
    seen.push({
      url: String(input),
      method: init?.method,
      headers: init?.headers as Record<string, string>,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      signal: init?.signal,
    });
    return respond();
  };
  return { f, seen };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const base = { baseUrl: 'http://127.0.0.1:8787', timeoutMs: 2_000 };

describe('putResult', () => {
  it('PUTs the record to /v1/interactions/{id} with a request id, token and timeout', async () => {
    const r = record(1, undefined, { interactionId: 'a:b.c' });
    const { f, seen } = fakeFetch(() => json(200, { interactionId: r.interactionId, stored: 'created' }));
    const res = await putResult({ ...base, fetch: f, bearerToken: 'tok' }, r);
    expect(res).toEqual({ ok: true, data: { interactionId: r.interactionId, stored: 'created' } });
    expect(seen[0]).toMatchObject({ url: 'http://127.0.0.1:8787/v1/interactions/a%3Ab.c', method: 'PUT', body: r });
    expect(seen[0]!.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]!.headers.authorization).toBe('Bearer tok');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('accepts 204 No Content and an empty JSON object', async () => {
    for (const respond of [() => new Response(null, { status: 204 }), () => json(200, {})]) {
      expect((await putResult({ ...base, fetch: fakeFetch(respond).f }, record(2))).ok).toBe(true);
    }
  });

  it('refuses an answer about another interaction or a non-object answer', async () => {
    for (const body of [{ interactionId: 'VC-9999' }, ['x'], 'ok']) {
      const res = await putResult({ ...base, fetch: fakeFetch(() => json(200, body)).f }, record(3));
      expect(res).toMatchObject({ ok: false, error: { kind: 'bad_response', status: 200 } });
    }
  });

  it.each([
    [409, 'rejected'],
    [400, 'rejected'],
    [401, 'unauthorised'],
    [429, 'rate_limited'],
    [503, 'server_error'],
  ] as const)('maps HTTP %i to %s, with the status', async (status, kind) => {
    const { f } = fakeFetch(() => json(status, { error: { code: 'conflict', message: 'nope' } }));
    const res = await putResult({ ...base, fetch: f }, record(4));
    expect(res).toMatchObject({ ok: false, error: { kind, status } });
    if (!res.ok) expect(res.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports no network as offline and no answer in time as timeout', async () => {
    const offline: typeof fetch = async () => { throw new TypeError('Failed to fetch'); };
    expect(await putResult({ ...base, fetch: offline }, record(5))).toMatchObject({ ok: false, error: { kind: 'offline' } });
    const slow: typeof fetch = (_i, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    expect(await putResult({ ...base, timeoutMs: 20, fetch: slow }, record(5))).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });
});
