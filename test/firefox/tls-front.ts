/**
 * HTTPS in front of the reference API (which serves plain HTTP): a TLS listener on loopback with a fresh
 * self-signed certificate for `hostName`, passing the decrypted bytes to the API's port. The tests reach it
 * at `https://<hostName>` through the PAC proxy, as a remote HTTPS API would be reached.
 */
import { createServer, type Server } from 'node:tls';
import { connect, type Socket } from 'node:net';
import { generate } from 'selfsigned';

/** A request seen by the front (method, path, Origin header). */
export interface SeenRequest {
  method: string;
  path: string;
  origin: string | undefined;
}

export interface TlsFront {
  port: number;
  /** Requests seen, oldest first. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Start a TLS front for the plain-HTTP server at 127.0.0.1:`targetPort`. */
export async function startTlsFront(hostName: string, targetPort: number): Promise<TlsFront> {
  const pems = await generate([{ name: 'commonName', value: hostName }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 7 * 86_400_000),
  });
  const sockets = new Set<Socket>();
  const requests: SeenRequest[] = [];
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) { sockets.add(s); s.once('close', () => sockets.delete(s)); }
    // Requests from a browser start at a chunk boundary (small bodies, one request at a time per connection).
    client.on('data', (chunk: Buffer) => {
      const head = /^([A-Z]+) (\S+) HTTP\/1\.1\r\n([\s\S]*?)\r\n\r\n/.exec(chunk.toString('latin1'));
      if (head) requests.push({ method: head[1] as string, path: head[2] as string, origin: /^origin: *(.*)$/im.exec(head[3] as string)?.[1] });
    });
    client.pipe(upstream).pipe(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    port: (server.address() as { port: number }).port,
    requests,
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
