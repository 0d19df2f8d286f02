import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demoApp, identify, send } from '../helpers.ts';

/** A stream that keeps every line written to it. */
function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter((l) => l !== '') };
}

/** The lines of `requests` against an app logging with `logger` (stream added), time and duration blanked. */
async function accessLines(logger: Record<string, unknown>): Promise<string[]> {
  const log = capture();
  const { app, db } = await demoApp({ logger: { ...logger, stream: log.stream } });
  const headers = { 'x-request-id': 'access-1' };
  expect((await identify(app, { interactionId: 'a1', method: 'ani', value: '+14155550100' }, headers)).statusCode).toBe(200);
  expect((await identify(app, { interactionId: 'a1', method: 'fax', value: '+14155550100' }, headers)).statusCode).toBe(400);
  expect((await send(app, 'GET', '/v1/customers/+14155550100?dob=1985-12-10', undefined, headers)).statusCode).toBe(404);
  expect((await send(app, 'GET', '/healthz', undefined, headers)).statusCode).toBe(200);
  await app.close();
  await db.close();
  return log.lines().map((l) => l.replace(/"time":\d+/, '"time":T').replace(/"responseTime":[\d.]+/, '"responseTime":R'));
}

describe('access log', () => {
  it('writes the line pino writes, for every status, with the digit runs of the path masked', async () => {
    // A timestamp option makes the app log through pino (the fast writer only takes a level and a stream).
    const [fast, pino] = [await accessLines({ level: 'info' }), await accessLines({ level: 'info', timestamp: () => `,"time":${Date.now()}` })];
    const completed = fast.filter((l) => l.includes('request completed'));
    expect(completed).toHaveLength(4);
    expect(completed[2]).toContain('"req":{"method":"GET","url":"/v1/customers/[…00]"},"res":{"statusCode":404}');
    expect(fast).toEqual(pino); // the rejections' lines too: request loggers made on first use keep the request id
    expect(fast.some((l) => l.includes('request rejected') && l.includes('"reqId":"access-1"'))).toBe(true);
  });

  it('writes nothing below its level', async () => {
    expect(await accessLines({ level: 'warn' })).toEqual([]);
  });
});
