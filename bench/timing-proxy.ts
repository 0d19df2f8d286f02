/**
 * The bench's timing proxy, in a process of its own (see startTimingProxy): forwards every request to the
 * API given as its argument and reports to its parent, over IPC, when each identify and each prior check of
 * an interaction was sent and answered.
 */
import { createServer, request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';

const to = new URL(process.argv[2] as string);
const agent = new Agent({ keepAlive: true });
const report = (m: object): void => void process.send?.(m);

const server = createServer((req, res) => {
  const sent = Date.now();
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const up = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => {
        if (req.url?.startsWith('/v1/identify')) {
          const id = (/"interactionId":"([^"]+)"/.exec(body.toString()) ?? [])[1];
          if (id) report({ id, sent, answered: Date.now() });
        }
        const prior = /^\/v1\/interactions\/([^/?]+)\?/.exec(req.url ?? '')?.[1];
        if (req.method === 'GET' && prior) report({ id: `prior:${prior}`, sent, answered: Date.now() });
      });
    });
    up.on('error', () => res.destroy());
    up.end(body);
  });
});
// Every message the parent sent before this ping was handled before its reports went out: answer in order.
process.on('message', (m: { ping?: true }) => { if (m.ping) report({ pong: true }); });
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => report({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
