/**
 * Logger configuration for the API. Rules: never log request bodies, answers or full phone
 * numbers. Request logs carry only method, path (digit runs masked) and request id; errors carry
 * their type/code and a masked message; anything that looks like a body or a secret is redacted.
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

/** Keys pino must never print, wherever they appear (one level deep and at the top). */
export const REDACT_PATHS: string[] = [
  'body',
  '*.body',
  'value',
  '*.value',
  'answers',
  '*.answers',
  'answer',
  '*.answer',
  'expected',
  '*.expected',
  'marks',
  '*.marks',
  'token',
  '*.token',
  'phone',
  '*.phone',
  'phones',
  '*.phones',
  'e164',
  '*.e164',
  'req.headers',
  'req.query',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
];

/** Serializers that keep logs free of personal data. */
export const serializers = {
  req(req: LoggableRequest): Record<string, unknown> {
    const url = (req.url ?? '').split('?')[0] ?? '';
    return { method: req.method, url: maskDigits(url) };
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
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  } as FastifyServerOptions['logger'];
}

/**
 * A log destination for stderr that coalesces lines (up to 4 KiB, or until the next turn of the event
 * loop) into one asynchronous write, instead of a blocking write per line. Lines still queued when
 * the process exits are written synchronously.
 */
export function stderrDestination(fd = 2): { write(line: string): void } {
  const out = fs.createWriteStream('', { fd, autoClose: false });
  let pending = '';
  const flush = (): void => {
    if (pending === '') return;
    out.write(pending);
    pending = '';
  };
  process.once('exit', () => {
    if (pending !== '') fs.writeSync(fd, pending);
  });
  return {
    write(line: string): void {
      if (pending === '') setImmediate(flush);
      pending += line;
      if (pending.length >= 4096) flush();
    },
  };
}
