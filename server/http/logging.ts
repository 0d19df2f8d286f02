/**
 * Logger configuration for the API. Rules: never log request bodies, answers or full phone
 * numbers. Request logs carry only method, path (digit runs masked) and request id; errors carry
 * their type/code and a masked message; anything that looks like a body or a secret is redacted
 * (censorLog: top-level keys and one level down).
 */
import fs from 'node:fs';
import type { FastifyServerOptions } from 'fastify';

/** Replace each run of 5+ digits (possibly spaced or punctuated, as in phone numbers) with a mask keeping the last 2. */
export function maskDigits(text: string): string {
  return text.replace(/\+?\d[\d\s()./-]{3,}\d/g, (run) => {
    const digits = run.replace(/\D/g, '');
    return digits.length < 5 ? run : `[…${digits.slice(-2)}]`;
  });
}

interface LoggableRequest {
  method?: string;
  url?: string;
  id?: string;
}

interface LoggableReply {
  statusCode?: number;
}

/** Keys whose values are never printed, at the top of a log object or one level down (as [redacted]). */
const SENSITIVE_KEYS: ReadonlySet<string> = new Set([
  'body', 'value', 'answers', 'answer', 'expected', 'marks', 'token', 'phone', 'phones', 'e164', 'authorization', 'cookie',
]);

/** Top-level keys that have serializers below (their output is safe by construction). */
const SERIALIZED = new Set(['req', 'res', 'err']);
const CENSOR = '[redacted]';

/** A plain object (not a class instance such as a request, which a serializer handles). */
function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `obj` with sensitive keys censored; the same object when there is nothing to censor. */
function censorLevel(obj: Record<string, unknown>, deeper: boolean): Record<string, unknown> {
  let out = obj;
  for (const key in obj) {
    if (deeper && SERIALIZED.has(key)) continue;
    const value = obj[key];
    let next = value;
    if (SENSITIVE_KEYS.has(key)) next = CENSOR;
    else if (deeper && isPlain(value)) next = censorLevel(value, false);
    if (next !== value) {
      if (out === obj) out = { ...obj };
      out[key] = next;
    }
  }
  return out;
}

/**
 * pino's log formatter: censors SENSITIVE_KEYS at the top level and one level down. This replaces pino's
 * wildcard `redact` paths (same protection): those cost ~40 µs per line, more than the identify query.
 */
export function censorLog(obj: Record<string, unknown>): Record<string, unknown> {
  return censorLevel(obj, true);
}

/** The logged form of a request URL: the path without the query, digit runs masked. */
export function loggedUrl(url: string | undefined): string {
  return maskDigits((url ?? '').split('?')[0] ?? '');
}

/** Serializers that keep logs free of personal data. */
const serializers = {
  req(req: LoggableRequest): Record<string, unknown> {
    return { method: req.method, url: loggedUrl(req.url) };
  },
  res(reply: LoggableReply): Record<string, unknown> {
    return { statusCode: reply.statusCode };
  },
  err(err: unknown): Record<string, unknown> {
    const e = (err ?? {}) as { name?: unknown; code?: unknown; statusCode?: unknown; message?: unknown; stack?: unknown };
    const out: Record<string, unknown> = { type: typeof e.name === 'string' ? e.name : 'Error' };
    if (typeof e.code === 'string') out.code = e.code;
    if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
    // JSON.parse messages quote the input, so a parse error never logs its message.
    if (typeof e.message === 'string' && e.name !== 'SyntaxError') out.message = maskDigits(e.message);
    const clientError = typeof e.statusCode === 'number' && e.statusCode < 500;
    if (typeof e.stack === 'string' && e.name !== 'SyntaxError' && !clientError) {
      out.stack = maskDigits(e.stack.split('\n').slice(1).join('\n'));
    }
    return out;
  },
};

/** Turn the `logger` option of buildApp into Fastify logger options with our serializers and redaction enforced. */
export function loggerOptions(logger: boolean | object | undefined): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false;
  const base = logger === true ? {} : (logger as Record<string, unknown>);
  return {
    level: 'info',
    ...base,
    serializers,
    formatters: { log: censorLog },
  } as FastifyServerOptions['logger'];
}

/** Longest a log line waits in memory before it is written (ms), and the batch size that writes at once. */
const LOG_FLUSH_MS = 25;
const LOG_BATCH_BYTES = 64 * 1024;

/**
 * A log destination for stderr that coalesces lines into one asynchronous write every LOG_FLUSH_MS (or
 * at LOG_BATCH_BYTES), instead of a blocking write per line. Each asynchronous write is a hand-off to
 * libuv's thread pool and back; flushing once per event-loop turn did that every one to four requests
 * under load (the second largest cost of logging in the identify profile). Lines still queued when the
 * process exits are written synchronously; a process killed outright (SIGKILL) loses at most the last
 * LOG_FLUSH_MS of lines.
 */
export function stderrDestination(fd = 2, flushMs = LOG_FLUSH_MS): { write(line: string): void } {
  const out = fs.createWriteStream('', { fd, autoClose: false });
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    out.write(pending);
    pending = '';
  };
  process.once('exit', () => {
    if (pending !== '') fs.writeSync(fd, pending);
  });
  return {
    write(line: string): void {
      pending += line;
      if (pending.length >= LOG_BATCH_BYTES) flush();
      else timer ??= setTimeout(flush, flushMs).unref(); // unref: the exit handler writes what is left
    },
  };
}
