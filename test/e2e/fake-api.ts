/** A misbehaving verification API on loopback, for the error-path tests. */
import { createServer, type Server } from 'node:http';

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
