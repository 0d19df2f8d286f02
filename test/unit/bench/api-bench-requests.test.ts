import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Client } from 'autocannon';
import { IdentifyPool, poolOf } from '../../../bench/api-bench-requests.ts';

const require = createRequire(import.meta.url);
/** autocannon's own request builder: the pool must send exactly what it would have sent. */
const requestBuilder = require('autocannon/lib/httpRequestBuilder.js') as (defaults: object) => (req: object) => Buffer;

const headers = { 'content-type': 'application/json', authorization: 'Bearer t' };
const samples = [0, 1, 2].map((i) => ({ customerId: `C-${i}`, phone: `+1415555010${i}`, dob: '', pin: '' }));

/** A connection to `host` as autocannon makes it: its buffer is the template request (no body). */
function connection(host: string): Client {
  const template = requestBuilder({ host, headers: undefined })({ method: 'POST', path: '/v1/identify', headers });
  return { getRequestBuffer: () => template };
}

describe('pre-built identify requests', () => {
  it('sends the bytes autocannon would build, a new interaction id each time, callers in turn', () => {
    const pool = new IdentifyPool(['http://127.0.0.1:8080'], samples, 'run1', '/v1/identify', headers);
    pool.fill(4);
    const client = connection('127.0.0.1:8080');
    pool.setupClient(client);
    const build = requestBuilder({ host: '127.0.0.1:8080', headers: undefined });
    for (let i = 0; i < 5; i++) {
      const body = JSON.stringify({ interactionId: `bench-run1-${i}`, method: 'ani', value: samples[i % 3]?.phone });
      expect(client.getRequestBuffer().toString()).toBe(build({ method: 'POST', path: '/v1/identify', headers, body }).toString());
    }
    expect(pool.late).toBe(0);
  });

  it('never repeats a request across connections and URLs, and builds late ones when it runs dry', () => {
    const pool = new IdentifyPool(['http://127.0.0.1:1', 'http://127.0.0.1:2'], samples, 'r', '/v1/identify', headers);
    pool.fill(10);
    const clients = ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:1'].map(connection);
    clients.forEach((c) => pool.setupClient(c));
    const ids = clients.flatMap((c) => Array.from({ length: 40 }, () => /"interactionId":"([^"]+)"/.exec(c.getRequestBuffer().toString())?.[1]));
    expect(new Set(ids).size).toBe(120);
    expect(pool.late).toBeGreaterThan(0);
  });

  it('refuses a connection whose request head differs from the pre-built one', () => {
    const pool = new IdentifyPool(['http://127.0.0.1:1'], samples, 'r', '/v1/identify', headers);
    expect(() => pool.setupClient(connection('127.0.0.1:9'))).toThrow(/differs/);
  });

  it('is found from options copied with a new amount', () => {
    const pool = new IdentifyPool(['http://127.0.0.1:1'], samples, 'r', '/v1/identify', headers);
    const opts = { url: 'http://127.0.0.1:1', setupClient: pool.setupClient };
    const copied = { ...opts, amount: 5 };
    expect(poolOf(copied)).toBe(pool);
    const plain: { url: string; setupClient?: unknown } = { url: 'x' };
    expect(poolOf(plain)).toBeUndefined();
  });
});
