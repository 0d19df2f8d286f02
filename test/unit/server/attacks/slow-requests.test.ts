/**
 * Attack: hold connections open for nothing (slowloris): a body that never finishes stayed open 50 s,
 * and an idle keep-alive socket could be kept forever. The server ends a request that is not complete
 * within requestTimeout, drops idle sockets, and closes a socket after maxRequestsPerSocket requests.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeAfterEach, demoApp, forEachBackend } from '../helpers.ts';

/** Open a socket, send `text`, and resolve with what came back and how long until the server closed it. */
function hold(port: number, text: string, limitMs: number): Promise<{ closedAfterMs: number; reply: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let reply = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (d: Buffer) => (reply += d.toString()));
    socket.on('close', () => resolve({ closedAfterMs: Date.now() - started, reply }));
    socket.on('error', () => undefined); // a reset is a close too
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${limitMs} ms`));
    }, limitMs).unref();
  });
}

forEachBackend(() => {
  const { open } = closeAfterEach();

  async function listening(): Promise<number> {
    const pair = await demoApp({ timeouts: { requestMs: 1000, connectionMs: 2000, keepAliveMs: 500, maxRequestsPerSocket: 2 } });
    open.push(pair);
    await pair.app.listen({ port: 0, host: '127.0.0.1' });
    return (pair.app.server.address() as AddressInfo).port;
  }

  describe('slow and idle connections', () => {
    it('ends a request whose body never finishes (408), within the request timeout', async () => {
      const port = await listening();
      const head = 'POST /v1/identify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"interactionId":';
      const { closedAfterMs, reply } = await hold(port, head, 6000);
      expect(closedAfterMs).toBeLessThan(3500);
      expect(reply).toMatch(/^HTTP\/1\.1 408/);
    });

    it('drops a connection that sends nothing', async () => {
      const port = await listening();
      expect((await hold(port, '', 6000)).closedAfterMs).toBeLessThan(3500);
    });

    it('closes an idle keep-alive socket, and a socket after maxRequestsPerSocket requests', async () => {
      const port = await listening();
      const get = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
      const idle = await hold(port, get, 6000);
      expect(idle.reply).toMatch(/^HTTP\/1\.1 200/);
      expect(idle.closedAfterMs).toBeLessThan(2000);
      const many = await hold(port, get.repeat(3), 6000);
      expect(many.reply.match(/HTTP\/1\.1 200/g)).toHaveLength(2);
      expect(many.reply).toMatch(/connection: close/i);
    });
  });
});
