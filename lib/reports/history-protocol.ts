/**
 * Messages between the Reports page and its history worker (history-service.ts, history-client.ts).
 * The worker is a dedicated one, so only the page that started it can post to it; it still parses
 * every request with one schema per type and refuses the rest, like every other receiver here.
 */
import * as z from 'zod/mini';
import { IdentifyMethod, InteractionOutcome } from '../api/contract';
import { NONE, SORT_KEYS } from './filter';
import type { ReportRow } from './row';

const day = z.string().check(z.regex(/^(\d{4}-\d{2}-\d{2})?$/));
const name = z.string().check(z.maxLength(256));
const id = z.int().check(z.nonnegative());
const position = z.int().check(z.nonnegative(), z.lte(1e9));

/** The filter of the page, as ReportFilter. */
const Filter = z.strictObject({
  from: day,
  to: day,
  outcome: z.union([z.literal(''), z.enum(InteractionOutcome.options)]),
  method: z.union([z.literal(''), z.literal(NONE), z.enum(IdentifyMethod.options)]),
  adapterId: name,
  crmHost: name,
});

/** (Re)read every record from IndexedDB; progress comes as `history.state` messages. */
export const LoadRequest = z.strictObject({ type: z.literal('history.load'), id });
/** Set the view's filter and sort. */
export const QueryRequest = z.strictObject({
  type: z.literal('history.query'),
  id,
  filter: Filter,
  sort: z.strictObject({ key: z.enum(SORT_KEYS), dir: z.enum(['asc', 'desc']) }),
});
/** The view's rows [first, last). */
export const RowsRequest = z.strictObject({ type: z.literal('history.rows'), id, first: position, last: position });
/** The whole view as a CSV or XLSX file. */
export const ExportRequest = z.strictObject({ type: z.literal('history.export'), id, format: z.enum(['csv', 'xlsx']) });

export const HistoryRequest = z.discriminatedUnion('type', [LoadRequest, QueryRequest, RowsRequest, ExportRequest]);
export type HistoryRequest = z.infer<typeof HistoryRequest>;

/** Where reading and the view stand; the worker posts it whenever either changes. */
export interface HistoryState {
  type: 'history.state';
  /** Changes whenever the view does. */
  version: number;
  /** Changes when the filter or sort does: rows of another query are stale. */
  query: number;
  /** Rows in the view. */
  count: number;
  /** Records read so far. */
  loaded: number;
  done: boolean;
  error?: string;
}

export interface RowsReply {
  version: number;
  query: number;
  first: number;
  rows: ReportRow[];
}

export interface ExportReply {
  /** The file's bytes (transferred, not copied). */
  data: ArrayBuffer;
  count: number;
}

/** The text of an error (an Error's message, anything else as a string), as the worker's replies and the page show it. */
export const errorText = (err: unknown): string => String((err as Error)?.message ?? err);

/** The worker's answer to request `id`: its result, or why it failed. */
export type HistoryReply = { type: 'history.reply'; id: number; ok: true; result: unknown } | { type: 'history.reply'; id: number; ok: false; error: string };
