import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { batchedSends, type SendDone } from '../../../../server/http/batched-sends.ts';
import { demoApp } from '../helpers.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** POST /v1/identify over its own socket (no keep-alive pool), answering status, request id and body. */
function post(port: number, id: string, body: object): Promise<{ status: number; requestId: unknown; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/identify', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-request-id': id } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, requestId: res.headers['x-request-id'], body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('responses written together per event-loop turn', () => {
  it('runs the sends of a turn after that turn, in the order they came', async () => {
    const calls: unknown[] = [];
    const sends = batchedSends(() => undefined, () => undefined);
    const done: SendDone = (_err, payload) => void calls.push(payload);
    sends({}, done, 'a');
    sends({}, done, 'b');
    expect(calls).toEqual([]);
    await turn();
    expect(calls).toEqual(['a', 'b']);
    sends({}, done, 'c');
    await turn();
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it('prepares each reply when it is written, so what changed since its onSend (a shutdown) applies', async () => {
    let closing = false;
    const headers: string[] = [];
    const sends = batchedSends<{ id: string }>((reply) => void headers.push(`${reply.id}:${closing ? 'close' : 'keep-alive'}`), () => undefined);
    sends({ id: 'r1' }, () => undefined, 'a');
    closing = true; // close() started after r1's onSend, before its write
    await turn();
    expect(headers).toEqual(['r1:close']);
  });

  it('fails only the reply whose write throws, as Fastify would, and still sends the others', async () => {
    const seen: string[] = [];
    const reported: unknown[] = [];
    const sends = batchedSends(() => undefined, (err) => reported.push((err as Error).message));
    sends({}, (err, payload) => {
      seen.push(err ? `a failed: ${err.message}` : `a ${String(payload)}`);
      if (!err) throw new Error('invalid header');
    }, 1);
    sends({}, (err, payload) => void seen.push(err ? 'b failed' : `b ${String(payload)}`), 2);
    sends({}, (err) => {
      throw new Error(err ? 'failing it failed too' : 'first');
    }, 3);
    await turn();
    expect(seen).toEqual(['a 1', 'a failed: invalid header', 'b 2']);
    expect(reported).toEqual(['failing it failed too']);
  });

  it('answers concurrent requests on their own sockets, each with its own answer', async () => {
    const { app, db } = await demoApp();
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as { port: number }).port;
      const ids = Array.from({ length: 12 }, (_, i) => `batch-${i}`);
      const answers = await Promise.all(ids.map((id, i) =>
        post(port, id, i % 3 === 2 ? { interactionId: id, method: 'fax', value: '1' } : { interactionId: id, method: 'ani', value: '+14155550100' })));
      answers.forEach((a, i) => {
        expect(a.requestId).toBe(ids[i]);
        expect(a.status).toBe(i % 3 === 2 ? 400 : 200);
        if (a.status === 200) expect(JSON.parse(a.body)).toMatchObject({ candidates: [{ customerId: 'C-1001' }] });
      });
    } finally {
      await app.close();
      await db.close();
    }
  });
});
