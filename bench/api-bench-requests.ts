/**
 * Identify requests for autocannon built before the clock. Built per request (autocannon's `setupRequest`: a fresh
 * request object, its headers merged three times, JSON, two Buffers), each identify cost the load generator, which
 * shares the 2 cores with the server, 12-25 µs more CPU than now (`--client-compare`): CPU the server did not get,
 * so the identify/bare ratio measured the client's extra work too. Here every request is its exact bytes in a pool, filled before the load:
 * each one still carries a new interaction id and the next sampled caller's number, in the order used before; a
 * connection sends the next unused one, as the bare load re-sends its single buffer.
 */
import type { Client } from 'autocannon';
import type { Sample } from './api-bench-setup.ts';

/** Requests a second the pools are sized for when a load runs for a duration (the bare server's rate here, about 41,000). */
export const POOL_RATE = 45_000;

/** The head autocannon builds for a request to `host` (without Content-Length, which it adds last when there is a body). */
function head(host: string, method: string, path: string, headers: Record<string, string>): string {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: keep-alive', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n`;
}

/** Pools by their `setupClient`, which autocannon keeps when the options are copied (`{ ...opts, amount }`). */
const pools = new WeakMap<object, IdentifyPool>();

/** The identify pool behind autocannon options `opts`, if they use one. */
export function poolOf(opts: { setupClient?: unknown }): IdentifyPool | undefined {
  return typeof opts.setupClient === 'function' ? pools.get(opts.setupClient) : undefined;
}

/** Pre-built identify-by-ANI requests shared by every connection of a load (each request is sent once). */
export class IdentifyPool {
  /** Requests a connection had to build during the load because its pool ran dry (their cost is in the client CPU). */
  late = 0;
  private next = 0;
  /** Per URL's request head: every request's bytes back to back in one buffer (no object per request for the GC to trace). */
  private readonly pools = new Map<string, { slab: Buffer; ends: Uint32Array; used: number }>();

  private readonly samples: Sample[];
  private readonly run: string;

  /** Requests to `path` with `headers` on each of `urls`, callers taken from `samples` in turn; `run` makes the ids new. */
  constructor(urls: string[], samples: Sample[], run: string, path: string, headers: Record<string, string>) {
    this.samples = samples;
    this.run = run;
    for (const u of urls) this.pools.set(head(new URL(u).host, 'POST', path, headers), { slab: Buffer.alloc(0), ends: new Uint32Array(1), used: 0 });
    pools.set(this.setupClient, this);
  }

  /** The text of the next identify request (a new interaction id, the next sampled caller), as autocannon would send it. */
  private build(prefix: string): string {
    const i = this.next++;
    const phone = (this.samples[i % this.samples.length] as Sample).phone;
    const body = JSON.stringify({ interactionId: `bench-${this.run}-${i}`, method: 'ani', value: phone });
    return `${prefix}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  }

  /** Build `count` requests before the clock (spread over the URLs as the connections are), dropping the unsent ones. */
  fill(count: number): void {
    const perUrl = Math.ceil((count * 1.1) / this.pools.size) + 64;
    for (const [prefix, pool] of this.pools) {
      let slab = Buffer.allocUnsafe(perUrl * (prefix.length + 160));
      pool.ends = new Uint32Array(perUrl + 1);
      for (let i = 0, end = 0; i < perUrl; i++) {
        const text = this.build(prefix);
        if (end + Buffer.byteLength(text) > slab.length) slab = Buffer.concat([slab, Buffer.allocUnsafe(slab.length)]);
        pool.ends[i + 1] = end += slab.write(text, end);
      }
      pool.slab = slab;
      pool.used = 0;
    }
  }

  /**
   * autocannon's `setupClient`: the connection sends the next pre-built request for its URL each time. The head
   * autocannon built for the connection (no body) must be ours, byte for byte, or the bench stops.
   */
  readonly setupClient = (client: Client): void => {
    const built = client.getRequestBuffer().toString();
    const prefix = built.endsWith('\r\n\r\n') ? built.slice(0, -2) : built;
    const pool = this.pools.get(prefix);
    if (!pool) throw new Error(`autocannon's request head differs from the pre-built one:\n${JSON.stringify(built)}`);
    client.getRequestBuffer = () => {
      const i = pool.used++;
      if (i + 1 < pool.ends.length) return pool.slab.subarray(pool.ends[i], pool.ends[i + 1]);
      this.late++;
      return Buffer.from(this.build(prefix));
    };
  };
}
