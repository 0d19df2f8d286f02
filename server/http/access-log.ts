/**
 * The per-request side of logging, cheap enough for every request: the access line written without pino's
 * per-call work, and request loggers made only when a request logs something else (an error, a security event).
 */
import { hostname } from 'node:os';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { loggedUrl } from './logging.ts';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildLoggerOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;

/** Writes the access line of one answered request. */
export type AccessLog = (request: FastifyRequest, reply: FastifyReply) => void;

/** What pino offers beyond FastifyBaseLogger that is used here (public pino API). */
interface PinoLike extends FastifyBaseLogger {
  isLevelEnabled(level: string): boolean;
  bindings(): Record<string, unknown>;
}

/**
 * The access line's `"req":{...}` part by method, then raw URL: the API's paths repeat, and masking runs a regular
 * expression. At most MAX_LOGGED_URLS URLs per method are kept (others are built per request).
 */
const loggedReqs = new Map<string, Map<string, string>>();
const MAX_LOGGED_URLS = 1000;

/** The `"req":{"method":…,"url":…}` part of the access line of `method` and `rawUrl` (the URL masked). */
function reqPart(method: string, rawUrl: string): string {
  let byUrl = loggedReqs.get(method);
  let part = byUrl?.get(rawUrl);
  if (part !== undefined) return part;
  part = `"req":{"method":${JSON.stringify(method)},"url":${JSON.stringify(loggedUrl(rawUrl))}}`;
  if (byUrl === undefined && loggedReqs.size < 16) loggedReqs.set(method, (byUrl = new Map()));
  if (byUrl !== undefined && byUrl.size < MAX_LOGGED_URLS) byUrl.set(rawUrl, part);
  return part;
}

/** The access line through pino, for logger options whose output the fast writer cannot reproduce. */
const viaPino: AccessLog = (request, reply) => {
  request.log.info({ req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 100) / 100 }, 'request completed');
};

/**
 * The access-log writer for `logger`, made by Fastify from `options` (buildApp's `logger` option). With the options
 * main.ts passes (only a level and a stream), the line of `request.log.info({ req, res, responseTime }, 'request
 * completed')` is built here, byte for byte, and written to that stream: that skips what the pino call costs per
 * request (a child logger bound to the request id, serializers, the censoring formatter, JSON.stringify of the
 * object), a tenth of an identify request's server CPU. The fields are fixed and the serializers' output is safe by
 * construction (no sensitive key), so nothing is left to censor. Other options (pino's defaults on stdout, a custom
 * timestamp or base) keep the pino call.
 */
export function accessLogger(logger: FastifyBaseLogger, options: unknown): AccessLog {
  if (options === null || typeof options !== 'object') return viaPino;
  const { stream, ...rest } = options as { stream?: { write?: unknown } };
  if (typeof stream?.write !== 'function' || Object.keys(rest).some((key) => key !== 'level')) return viaPino;
  const pino = logger as PinoLike;
  const out = stream as { write(line: string): void };
  // pino's default prefix: numeric level, epoch-ms time, its default base (pid, hostname), any other root bindings.
  const bound = JSON.stringify({ pid: process.pid, hostname: hostname(), ...pino.bindings() });
  const base = `,${bound.slice(1, -1)}`;
  return (request, reply) => {
    if (!pino.isLevelEnabled('info')) return;
    const req = reqPart(request.method, request.url);
    const res = `"res":{"statusCode":${reply.statusCode}},"responseTime":${Math.round(reply.elapsedTime * 100) / 100}`;
    out.write(`{"level":30,"time":${Date.now()}${base},"reqId":${JSON.stringify(request.id)},${req},${res},"msg":"request completed"}\n`);
  };
}

/**
 * A request's logger that makes its pino child (bound to the request id) on first use: a request that logs
 * nothing but its access line (written by accessLogger) makes none.
 */
class LazyChild {
  private made: FastifyBaseLogger | undefined;
  private readonly parent: FastifyBaseLogger;
  private readonly bindings: Bindings;
  private readonly options: ChildLoggerOptions;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.parent = parent;
    this.bindings = bindings;
    this.options = options;
  }

  private get real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.made?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  isLevelEnabled(level: string): boolean {
    return (this.real as PinoLike).isLevelEnabled(level);
  }

  fatal(...args: Parameters<FastifyBaseLogger['fatal']>): void {
    this.real.fatal(...args);
  }

  error(...args: Parameters<FastifyBaseLogger['error']>): void {
    this.real.error(...args);
  }

  warn(...args: Parameters<FastifyBaseLogger['warn']>): void {
    this.real.warn(...args);
  }

  info(...args: Parameters<FastifyBaseLogger['info']>): void {
    this.real.info(...args);
  }

  debug(...args: Parameters<FastifyBaseLogger['debug']>): void {
    this.real.debug(...args);
  }

  trace(...args: Parameters<FastifyBaseLogger['trace']>): void {
    this.real.trace(...args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}

/** Fastify's childLoggerFactory: each request's logger is a LazyChild. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChild(logger, bindings, options);
}
