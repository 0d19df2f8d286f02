import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import fc from 'fast-check';
import { challenge, identify, priorStatus, requestJson, verify, type ApiClientOptions } from '../../../../lib/api/client.ts';
import type { ApiFailureKind } from '../../../../lib/api/failure.ts';
import type { IdentifyRequest, IdentifyResponse } from '../../../../lib/api/contract.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REQ: IdentifyRequest = { interactionId: '0LQ000000000001AAA', method: 'ani', value: '+14155550100' };
const ANSWER: IdentifyResponse = {
  candidates: [{ customerId: 'C-1001', displayName: 'Alice Example', kind: 'person', maskedPhone: '+1 ••••••0100' }],
  attemptsRemaining: 3,
};

type FetchArgs = [input: string | URL | Request, init?: RequestInit];

/** A fake fetch that records each call and answers with `respond`. */
function fakeFetch(respond: (...args: FetchArgs) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit; headers: Headers }[] = [];
  const fn = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {}, headers: new Headers(init?.headers) });
    return respond(input, init);
  });
  return { fetch: fn as unknown as typeof fetch, calls, fn };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const text = (body: string, status = 200) => new Response(body, { status, headers: { 'content-type': 'text/plain' } });

const opts = (f: typeof fetch, extra: Partial<ApiClientOptions> = {}): ApiClientOptions => ({
  baseUrl: 'https://api.example.com',
  timeoutMs: 5000,
  fetch: f,
  ...extra,
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('identify: success', () => {
  it('POSTs the request as JSON to /v1/identify and returns the validated answer', async () => {
    const { fetch, calls } = fakeFetch(() => json(ANSWER));
    const res = await identify(opts(fetch), REQ);
    expect(res).toEqual({ ok: true, data: ANSWER });
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.url).toBe('https://api.example.com/v1/identify');
    expect(call.init.method).toBe('POST');
    expect(JSON.parse(String(call.init.body))).toEqual(REQ);
  });

  it('resolves the path against a base URL with a port and trailing slash', async () => {
    const { fetch, calls } = fakeFetch(() => json(ANSWER));
    await identify(opts(fetch, { baseUrl: 'http://127.0.0.1:8787/' }), REQ);
    expect(calls[0]!.url).toBe('http://127.0.0.1:8787/v1/identify');
  });

  it('accepts any 2xx status with a valid body', async () => {
    const { fetch } = fakeFetch(() => json({ candidates: [], attemptsRemaining: 0 }, 201));
    expect(await identify(opts(fetch), REQ)).toEqual({ ok: true, data: { candidates: [], attemptsRemaining: 0 } });
  });

  it('drops unknown response fields (zod strips them)', async () => {
    const { fetch } = fakeFetch(() => json({ ...ANSWER, debug: 'x', candidates: [{ ...ANSWER.candidates[0], ssn: '123' }] }));
    const res = await identify(opts(fetch), REQ);
    expect(res).toEqual({ ok: true, data: ANSWER });
  });

  it('sends content-type and a fresh uuid x-request-id, and no Authorization without a token', async () => {
    const { fetch, calls } = fakeFetch(() => json(ANSWER));
    await identify(opts(fetch), REQ);
    await identify(opts(fetch), REQ);
    const [a, b] = calls.map((c) => c.headers);
    expect(a!.get('content-type')).toBe('application/json');
    expect(a!.get('x-request-id')).toMatch(UUID);
    expect(b!.get('x-request-id')).toMatch(UUID);
    expect(a!.get('x-request-id')).not.toBe(b!.get('x-request-id'));
    expect(a!.has('authorization')).toBe(false);
  });

  it('sends Authorization: Bearer <token> when a bearer token is set', async () => {
    const { fetch, calls } = fakeFetch(() => json(ANSWER));
    await identify(opts(fetch, { bearerToken: 'tok-123' }), REQ);
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer tok-123');
  });

  it('an empty bearer token sends no Authorization header', async () => {
    const { fetch, calls } = fakeFetch(() => json(ANSWER));
    await identify(opts(fetch, { bearerToken: '' }), REQ);
    expect(calls[0]!.headers.has('authorization')).toBe(false);
  });

  it('passes an abort signal to fetch', async () => {
    const { fetch, calls } = fakeFetch(() => json(ANSWER));
    await identify(opts(fetch), REQ);
    expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
    expect(calls[0]!.init.signal!.aborted).toBe(false);
  });

  it('uses the global fetch when none is injected', async () => {
    const { fetch, calls } = fakeFetch(() => json(ANSWER));
    vi.stubGlobal('fetch', fetch);
    const res = await identify({ baseUrl: 'https://api.example.com', timeoutMs: 1000 }, REQ);
    expect(res.ok).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('keeps the path of a base URL that has one (API behind a gateway prefix)', async () => {
    const { fetch, calls } = fakeFetch(() => json(ANSWER));
    await identify(opts(fetch, { baseUrl: 'https://gw.example.com/callverify/' }), REQ);
    await identify(opts(fetch, { baseUrl: 'https://gw.example.com/callverify' }), REQ);
    expect(calls.map((c) => c.url)).toEqual(['https://gw.example.com/callverify/v1/identify', 'https://gw.example.com/callverify/v1/identify']);
  });

  it('requestJson POST validates with the schema it is given', async () => {
    const schema = z.object({ n: z.number() });
    const { fetch, calls } = fakeFetch(() => json({ n: 7 }));
    expect(await requestJson(opts(fetch), 'POST', '/v1/other', { a: 1 }, schema)).toEqual({ ok: true, data: { n: 7 } });
    expect(calls[0]!.url).toBe('https://api.example.com/v1/other');
    expect(calls[0]!.init.body).toBe('{"a":1}');
  });
});

describe('challenge, verify, priorStatus and requestJson', () => {
  const CHALLENGE = {
    challengeId: 'ch-1',
    mode: 'caller-answer',
    required: [{ id: 'dob', label: 'Date of birth', inputKind: 'date' }],
    additional: [],
    additionalNeeded: 0,
  };
  const STATUS = { status: 'verified', customerId: 'C-1001', displayName: 'Alice', verifiedBy: 'ivr', updatedAt: '2026-01-01T00:00:00Z' };

  it('challenge POSTs to /v1/challenge and validates the challenge', async () => {
    const { fetch, calls } = fakeFetch(() => json(CHALLENGE));
    const req = { interactionId: 'IX-1', customerId: 'C-1001', mode: 'agent-judged' as const, aniTrust: { attestation: 'C' as const } };
    expect(await challenge(opts(fetch), req)).toEqual({ ok: true, data: CHALLENGE });
    expect(calls[0]!.url).toBe('https://api.example.com/v1/challenge');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual(req);
    const bad = fakeFetch(() => json({ ...CHALLENGE, mode: 'guess' }));
    expect(await challenge(opts(bad.fetch), req)).toMatchObject({ ok: false, error: { kind: 'bad_response' } });
  });

  it('verify POSTs answers or marks to /v1/verify', async () => {
    const { fetch, calls } = fakeFetch(() => json({ outcome: 'failed', attemptsRemaining: 1 }));
    const answers = { interactionId: 'IX-1', challengeId: 'ch-1', answers: [{ questionId: 'dob', answer: '1980-01-01' }] };
    expect(await verify(opts(fetch), answers)).toEqual({ ok: true, data: { outcome: 'failed', attemptsRemaining: 1 } });
    const marks = { interactionId: 'IX-1', challengeId: 'ch-1', marks: [{ questionId: 'dob', passed: true }] };
    await verify(opts(fetch), marks);
    expect(calls.map((c) => [c.url, c.init.method])).toEqual([
      ['https://api.example.com/v1/verify', 'POST'],
      ['https://api.example.com/v1/verify', 'POST'],
    ]);
    expect(JSON.parse(String(calls[1]!.init.body))).toEqual(marks);
  });

  it('a 423 keeps the lockedUntil the server sent', async () => {
    const body = { error: { code: 'locked', message: 'too many attempts', lockedUntil: '2030-01-01T00:00:00Z' } };
    const { fetch } = fakeFetch(() => json(body, 423));
    const res = await verify(opts(fetch), { interactionId: 'IX-1', challengeId: 'ch-1', answers: [] });
    expect(res).toMatchObject({ ok: false, error: { kind: 'locked', status: 423, lockedUntil: '2030-01-01T00:00:00Z', detail: 'HTTP 423: too many attempts' } });
  });

  it('a lockedUntil that is not a string is left out', async () => {
    const { fetch } = fakeFetch(() => json({ error: { message: 'locked', lockedUntil: 12 } }, 423));
    const res = await verify(opts(fetch), { interactionId: 'IX-1', challengeId: 'ch-1', answers: [] });
    expect(res.ok).toBe(false);
    if (!res.ok) expect('lockedUntil' in res.error).toBe(false);
  });

  it('priorStatus GETs /v1/interactions/{id} without a body or content-type', async () => {
    const { fetch, calls } = fakeFetch(() => json(STATUS));
    expect(await priorStatus(opts(fetch), 'conv:1234-abcd_EF.9')).toEqual({ ok: true, data: STATUS });
    expect(calls[0]!.url).toBe('https://api.example.com/v1/interactions/conv%3A1234-abcd_EF.9');
    expect(calls[0]!.init.method).toBe('GET');
    expect(calls[0]!.init.body).toBeUndefined();
    expect(calls[0]!.headers.has('content-type')).toBe(false);
    expect(calls[0]!.headers.get('x-request-id')).toMatch(UUID);
  });

  it("priorStatus sends the caller's number as the ani query parameter", async () => {
    const { fetch, calls } = fakeFetch(() => json({ ...STATUS, aniMatch: true }));
    expect(await priorStatus(opts(fetch), 'IX-1', '+14155550100')).toMatchObject({ ok: true, data: { aniMatch: true } });
    expect(calls[0]!.url).toBe('https://api.example.com/v1/interactions/IX-1?ani=%2B14155550100');
  });

  it('priorStatus: 404 means "no prior status" (data null), other failures stay failures', async () => {
    const notFound = fakeFetch(() => json({ error: { code: 'not_found', message: 'no such interaction' } }, 404));
    expect(await priorStatus(opts(notFound.fetch), 'IX-1')).toEqual({ ok: true, data: null });
    const down = fakeFetch(() => json({ error: { code: 'internal', message: 'x' } }, 500));
    expect(await priorStatus(opts(down.fetch), 'IX-1')).toMatchObject({ ok: false, error: { kind: 'server_error', status: 500 } });
    const gone = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await priorStatus(opts(gone.fetch), 'IX-1')).toMatchObject({ ok: false, error: { kind: 'offline' } });
  });

  it('priorStatus addresses exactly the interaction, for every valid interaction id', async () => {
    const { fetch, calls } = fakeFetch(() => json(STATUS));
    await fc.assert(
      // Valid ids are never all dots (lib/api/contract.ts InteractionId): those would be path segments.
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/).filter((s) => !/^\.+$/.test(s)), async (id) => {
        calls.length = 0;
        await priorStatus(opts(fetch), id);
        const url = new URL(calls[0]!.url);
        const segments = url.pathname.split('/');
        expect(segments.slice(0, 3)).toEqual(['', 'v1', 'interactions']);
        expect(segments).toHaveLength(4);
        expect(decodeURIComponent(segments[3]!)).toBe(id);
      }),
      { examples: [['a..b'], ['.a'], ['a.']] },
    );
  });

  it('requestJson sends no body for GET and a JSON body for PUT', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: 1 }));
    const schema = z.object({ ok: z.number() });
    await requestJson(opts(fetch), 'GET', '/v1/x', undefined, schema);
    await requestJson(opts(fetch), 'PUT', '/v1/x', { a: 1 }, schema);
    expect(calls.map((c) => [c.init.method, c.init.body, c.headers.get('content-type')])).toEqual([
      ['GET', undefined, null],
      ['PUT', '{"a":1}', 'application/json'],
    ]);
  });
});

/** Run identify with a fetch that answers `response`, returning the result and the request id header sent. */
async function failWith(respond: (...args: FetchArgs) => Response | Promise<Response>, extra: Partial<ApiClientOptions> = {}) {
  const { fetch, calls } = fakeFetch(respond);
  const res = await identify(opts(fetch, extra), REQ);
  if (res.ok) throw new Error(`expected a failure, got ${JSON.stringify(res.data)}`);
  expect(calls).toHaveLength(1);
  const sentId = calls[0]!.headers.get('x-request-id');
  expect(sentId).toMatch(UUID);
  expect(res.error.requestId).toBe(sentId);
  return res.error;
}

describe('identify: HTTP failures', () => {
  it.each<[number, ApiFailureKind]>([
    [400, 'rejected'],
    [401, 'unauthorised'],
    [403, 'unauthorised'],
    [404, 'rejected'],
    [409, 'rejected'],
    [413, 'rejected'],
    [422, 'rejected'],
    [423, 'locked'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [502, 'server_error'],
    [503, 'server_error'],
    [504, 'server_error'],
  ])('HTTP %d with the API error body → %s, with status and the server message', async (status, kind) => {
    const error = await failWith(() => json({ error: { code: 'internal', message: `msg for ${status}` } }, status));
    expect(error).toEqual({ kind, status, detail: `HTTP ${status}: msg for ${status}`, requestId: error.requestId });
  });

  it.each<[number, ApiFailureKind]>([
    [500, 'server_error'],
    [401, 'unauthorised'],
    [423, 'locked'],
    [429, 'rate_limited'],
    [400, 'rejected'],
  ])('HTTP %d with a non-JSON body (a proxy page) → %s', async (status, kind) => {
    const error = await failWith(() => text('<html>Bad Gateway</html>', status));
    expect(error).toMatchObject({ kind, status, detail: `HTTP ${status}: body is not JSON` });
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'oops'],
    ['an error without a message', { error: { code: 'internal' } }],
    ['a non-string message', { error: { message: 42 } }],
    ['an error that is a string', { error: 'boom' }],
  ])('an error status with %s as JSON body still maps by status', async (_label, body) => {
    const error = await failWith(() => json(body, 503));
    expect(error).toMatchObject({ kind: 'server_error', status: 503, detail: 'HTTP 503: error' });
  });
});

describe('identify: bad responses', () => {
  it('200 with a non-JSON body → bad_response', async () => {
    const error = await failWith(() => text('<html>captive portal</html>'));
    expect(error).toMatchObject({ kind: 'bad_response', status: 200, detail: 'HTTP 200: body is not JSON' });
  });

  it('200 with an empty body → bad_response', async () => {
    const error = await failWith(() => new Response(null, { status: 200 }));
    expect(error).toMatchObject({ kind: 'bad_response', status: 200 });
  });

  it('204 No Content → bad_response', async () => {
    const error = await failWith(() => new Response(null, { status: 204 }));
    expect(error).toMatchObject({ kind: 'bad_response', status: 204 });
  });

  it.each([
    ['candidates missing', { attemptsRemaining: 1 }],
    ['candidates not an array', { candidates: 'nope', attemptsRemaining: 1 }],
    ['attemptsRemaining missing', { candidates: [] }],
    ['attemptsRemaining negative', { candidates: [], attemptsRemaining: -1 }],
    ['attemptsRemaining fractional', { candidates: [], attemptsRemaining: 1.5 }],
    ['a candidate with an empty id', { candidates: [{ customerId: '', displayName: 'x', kind: 'person' }], attemptsRemaining: 1 }],
    ['a candidate of an unknown kind', { candidates: [{ customerId: 'C1', displayName: 'x', kind: 'robot' }], attemptsRemaining: 1 }],
    [
      'more than 50 candidates',
      { candidates: Array.from({ length: 51 }, (_, i) => ({ customerId: `C${i}`, displayName: 'x', kind: 'person' })), attemptsRemaining: 1 },
    ],
    ['JSON null', null],
    ['a JSON array', [ANSWER]],
  ])('200 with %s → bad_response', async (_label, body) => {
    const error = await failWith(() => json(body));
    expect(error.kind).toBe('bad_response');
    expect(error.status).toBe(200);
    expect(error.detail).toMatch(/^Unexpected response shape: /);
  });
});

describe('identify: network failures and timeouts', () => {
  it('a network TypeError → offline, with the message and no status', async () => {
    const error = await failWith(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(error).toEqual({ kind: 'offline', detail: 'Failed to fetch', requestId: error.requestId });
    expect('status' in error).toBe(false);
  });

  it('a rejection with a non-Error value → offline', async () => {
    const error = await failWith(() => Promise.reject('connection reset'));
    expect(error).toMatchObject({ kind: 'offline', detail: 'connection reset' });
  });

  it('no answer within the timeout → timeout (the fetch is aborted by the signal)', async () => {
    const started = Date.now();
    let aborted: unknown;
    const error = await failWith(
      (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init!.signal!.addEventListener('abort', () => {
            aborted = init!.signal!.reason;
            reject(init!.signal!.reason);
          });
        }),
      { timeoutMs: 40 },
    );
    expect(error).toEqual({ kind: 'timeout', detail: 'No answer within 40 ms', requestId: error.requestId });
    expect((aborted as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
  });

  it('headers in time but the body cut off by the timeout → timeout, not bad_response', async () => {
    // Like a real fetch: the signal also aborts reading the body, which then rejects with the signal's reason.
    const error = await failWith(
      (_input, init) => {
        const signal = init!.signal!;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"candidates":['));
            signal.addEventListener('abort', () => controller.error(signal.reason));
          },
        });
        return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
      },
      { timeoutMs: 40 },
    );
    expect(error.kind).toBe('timeout');
  });

  it('an AbortError from fetch → timeout', async () => {
    const error = await failWith(() => Promise.reject(new DOMException('The operation was aborted.', 'AbortError')));
    expect(error.kind).toBe('timeout');
  });
});

describe('identify against a real HTTP server (Node fetch)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r) ?? r(undefined));
    server = undefined;
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('sends the headers and body the contract expects', async () => {
    let seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string } | undefined;
    const base = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        seen = { method: req.method, url: req.url, headers: req.headers, body };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ANSWER));
      });
    });
    const res = await identify({ baseUrl: base, timeoutMs: 2000, bearerToken: 'secret' }, REQ);
    expect(res).toEqual({ ok: true, data: ANSWER });
    expect(seen).toMatchObject({ method: 'POST', url: '/v1/identify', headers: { 'content-type': 'application/json', authorization: 'Bearer secret' } });
    expect(seen!.headers['x-request-id']).toMatch(UUID);
    expect(JSON.parse(seen!.body)).toEqual(REQ);
  });

  it('a server that stalls before answering → timeout', async () => {
    const base = await serve(() => {
      /* never answers */
    });
    const res = await identify({ baseUrl: base, timeoutMs: 150 }, REQ);
    expect(res).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('a server that sends 200 headers then stalls the body → timeout, not bad_response', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"candidates":[');
      // ...and the rest never comes.
    });
    const res = await identify({ baseUrl: base, timeoutMs: 150 }, REQ);
    expect(res).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('a refused connection → offline', async () => {
    const base = await serve(() => undefined);
    await new Promise((r) => server!.close(r));
    server = undefined;
    const res = await identify({ baseUrl: base, timeoutMs: 2000 }, REQ);
    expect(res).toMatchObject({ ok: false, error: { kind: 'offline' } });
  });
});
