/** The part of autocannon's API used by bench/api-bench.ts (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }

  interface RequestStep extends Request {
    setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  }

  /** One connection (lib/httpClient.js); `getRequestBuffer` returns the bytes of the request it is about to send. */
  export interface Client {
    getRequestBuffer(): Buffer;
  }

  interface Options extends Request {
    url: string | string[];
    connections?: number;
    duration?: number;
    /** Requests to send; overrides the duration. */
    amount?: number;
    pipelining?: number;
    requests?: RequestStep[];
    /** Called with each new connection before it sends anything. */
    setupClient?: (client: Client) => void;
  }

  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }

  interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }

  interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void;
  }

  function autocannon(opts: Options): Instance;
  export default autocannon;
}
