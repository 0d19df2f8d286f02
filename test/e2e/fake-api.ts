/** A misbehaving verification API on loopback, for the error-path tests. */
import { createServer, request, type Server } from 'node:http';

export type FakeMode = 'http500' | 'malformed' | 'wrong-shape' | 'slow' | 'unauthorised';

export interface FakeApi {
  url: string;
  /** Requests received, optionally only those whose path starts with `prefix`. */
  hits: (prefix?: string) => number;
  close(): Promise<void>;
}

/** Start a server that answers every request according to `mode`. */
export async function startFakeApi(mode: FakeMode): Promise<FakeApi> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method !== 'OPTIONS') paths.push(req.url ?? '');
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': '*' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const json = (status: number, body: string): void => void res.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(body);
    if (mode === 'http500') return json(500, '{"error":{"code":"internal","message":"database unavailable"}}');
    if (mode === 'malformed') return json(200, '{"candidates": [ {"customerId": ');
    if (mode === 'wrong-shape') return json(200, '{"candidates": "none", "attemptsRemaining": -1}');
    if (mode === 'unauthorised') return json(401, '{"error":{"code":"unauthorized","message":"bad token"}}');
    setTimeout(() => json(200, '{"candidates":[],"attemptsRemaining":3}'), 60_000);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hits: (prefix = '') => paths.filter((p) => p.startsWith(prefix)).length,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export interface AuthProxy {
  url: string;
  /** Requests refused with 401 / passed to the API. */
  counts: { refused: number; forwarded: number };
  close(): Promise<void>;
}

/**
 * A gate in front of the reference API that accepts only bearer tokens `isValid` approves (the OAuth
 * fixture's access tokens) and forwards everything else unchanged; refused requests get the API's 401.
 */
export async function startAuthProxy(upstream: string, isValid: (token: string) => boolean): Promise<AuthProxy> {
  const counts = { refused: 0, forwarded: 0 };
  const server: Server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': 'content-type, authorization, x-request-id' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !isValid(token)) {
      counts.refused++;
      return void res.writeHead(401, { ...cors, 'content-type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"invalid or expired token"}}');
    }
    counts.forwarded++;
    const { authorization: _a, host: _h, ...headers } = req.headers;
    const out = request(new URL(req.url ?? '/', upstream), { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, { ...up.headers, ...cors });
      up.pipe(res);
    });
    out.on('error', () => res.writeHead(502, cors).end());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, counts, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

export interface HoldingProxy {
  url: string;
  /** Requests held so far. */
  held(): number;
  /** Let every held request (and any later one) through. */
  release(): void;
  close(): Promise<void>;
}

/** A proxy in front of the reference API that holds the requests `hold` picks until release(), and forwards the rest at once. */
export async function startHoldingProxy(upstream: string, hold: (method: string, path: string) => boolean): Promise<HoldingProxy> {
  let released = false;
  const waiting: (() => void)[] = [];
  let held = 0;
  const server: Server = createServer((req, res) => {
    const forward = (): void => {
      const out = request(new URL(req.url ?? '/', upstream), { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on('error', () => res.writeHead(502).end());
      req.pipe(out);
    };
    if (released || !hold(req.method ?? 'GET', req.url ?? '')) return forward();
    held++;
    waiting.push(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => held,
    release: () => {
      released = true;
      for (const go of waiting.splice(0)) go();
    },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
