/**
 * Sends chosen host names to loopback servers in Firefox, which has no --host-resolver-rules: a PAC file
 * routes those hosts to a small CONNECT proxy on 127.0.0.1, which tunnels each CONNECT to the loopback port
 * registered for the host. A PAC cannot name the HTTPS server itself: Firefox sends CONNECT to a PROXY.
 * Loopback only.
 */
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HostProxy {
  /** file:// URL of the PAC file for `network.proxy.autoconfig_url`. */
  pacUrl: string;
  /** The CONNECT requests seen, as `host:port`, oldest first. */
  connects: string[];
  close(): Promise<void>;
}

/** PAC `shExpMatch` patterns (`*.lightning.force.com`) → loopback port. */
export type Routes = ReadonlyArray<readonly [pattern: string, port: number]>;

/** Whether `host` matches a shExpMatch-style pattern (only `*` is used here). */
export function hostMatches(pattern: string, host: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(host);
}

/** Start the proxy and write the PAC file into `dir`. */
export async function startHostProxy(routes: Routes, dir: string): Promise<HostProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connection', (s) => { sockets.add(s); s.once('close', () => sockets.delete(s)); });
  server.on('connect', (req, client: Socket, head) => {
    const target = req.url ?? '';
    connects.push(target);
    const host = target.replace(/:\d+$/, '');
    const route = routes.find(([pattern]) => hostMatches(pattern, host));
    if (!route) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = connect(route[1], '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.address() as { port: number }).port;
  const conditions = routes.map(([pattern]) => `shExpMatch(host, ${JSON.stringify(pattern)})`).join(' || ');
  const pac = join(dir, 'proxy.pac');
  writeFileSync(pac, `function FindProxyForURL(url, host) {\n  if (${conditions || 'false'}) return "PROXY 127.0.0.1:${port}";\n  return "DIRECT";\n}\n`);
  return {
    pacUrl: `file://${pac}`,
    connects,
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
