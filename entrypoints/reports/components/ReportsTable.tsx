/**
 * The history table, virtualised: every row has the same height (ROW_HEIGHT), so only the rows in view
 * (plus a few) are in the DOM, moved into place with a transform inside a body as tall as the full list
 * (so the scrollbar is true). 100,000 rows cost the same to scroll as 30. It is an ARIA table of flex
 * rows rather than a <table>: table layout re-lays out every rendered row on each scroll step, flex rows
 * cost a fraction of that. aria-rowcount/aria-rowindex tell assistive technology where the rendered rows
 * sit; the scroll box is focusable so the keyboard can scroll it. The rows come from the Reports page's
 * history worker (lib/reports/history-service.ts) a window at a time; the page never holds them all.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '@/platform/i18n';
import type { SortKey, SortSpec } from '@/lib/reports/filter';
import { toggleSort } from '@/lib/reports/filter';
import type { RowsReply } from '@/lib/reports/history-protocol';
import type { ReportRow } from '@/lib/reports/row';
import { isReaskAvoided } from '@/lib/reports/row';
import { formatDateTime, formatDuration, visibleRange } from '@/lib/reports/view';
import { METHOD_KEYS, outcomeLabel } from './ReportsFilters';
import { OPT_OUT_REASONS, type OptOutReason } from '@/lib/values';

/** Row height in CSS pixels; must match `.table-scroll .row` in reports.css. */
export const ROW_HEIGHT = 32;
/** Tallest the scroll box gets (its max-height in reports.css): rows in view are computed for this height. */
const VIEWPORT = 480;

interface Column {
  label: MessageKey;
  sort?: SortKey;
  cell: (r: ReportRow) => string;
}

/** A stored opt-out reason in words; one this version does not know is shown as stored. */
const optOutLabel = (reason: string): string => ((OPT_OUT_REASONS as readonly string[]).includes(reason) ? t(`optOut_${reason as OptOutReason}`) : reason);
const method = (m: string): string => {
  const key: MessageKey = METHOD_KEYS[m as keyof typeof METHOD_KEYS] ?? METHOD_KEYS.none;
  return t(key);
};
const verifiedBy = (r: ReportRow): string =>
  r.outcome !== 'verified' ? '' : r.verifiedBy === 'ivr' ? t('reports_by_ivr') : isReaskAvoided(r) ? t('reports_by_previousAgent') : t('reports_by_agent');

const COLUMNS: Column[] = [
  { label: 'reports_colEnded', sort: 'endedAt', cell: (r) => formatDateTime(r.endedAtMs) },
  { label: 'reports_outcome', sort: 'outcome', cell: (r) => outcomeLabel(r.outcome) },
  { label: 'reports_colCustomer', sort: 'customer', cell: (r) => (r.displayName && r.customerId ? `${r.displayName} (${r.customerId})` : (r.displayName ?? r.customerId ?? '')) },
  { label: 'reports_colMethods', sort: 'methods', cell: (r) => r.methods.map(method).join(', ') },
  { label: 'reports_colVerifiedBy', sort: 'verifiedBy', cell: verifiedBy },
  { label: 'reports_colAttempts', sort: 'attempts', cell: (r) => `${r.identifyAttempts} / ${r.verifyAttempts}` },
  { label: 'reports_colDuration', sort: 'duration', cell: (r) => formatDuration(r.durationMs) },
  { label: 'reports_colOptOut', cell: (r) => (r.optOutReason ? optOutLabel(r.optOutReason) : '') },
  { label: 'reports_adapter', sort: 'adapter', cell: (r) => r.adapterId ?? '' },
  { label: 'reports_host', sort: 'host', cell: (r) => r.crmHost ?? '' },
];

interface Props {
  /** Rows in the view (held by the history worker, not here). */
  count: number;
  /** The view's version and query (history-protocol.ts HistoryState). */
  version: number;
  query: number;
  /** The view's rows [first, last) from the worker. */
  fetchRows: (first: number, last: number) => Promise<RowsReply>;
  sort: SortSpec;
  onSort: (next: SortSpec) => void;
}

/** Rows asked for beyond each edge of the screen, so a scroll of a few rows needs no new request. */
const MARGIN = 48;
/** Most rows asked for ahead of a fast scroll (three frames' worth of its speed, up to this: more costs frames). */
const MAX_AHEAD = 150;

/** The virtualised, sortable history table: it holds only the rows around the screen. */
export function ReportsTable({ count, version, query, fetchRows, sort, onSort }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [held, setHeld] = useState<RowsReply | null>(null);
  const frame = useRef(0);
  const lastFirst = useRef(0);
  const inFlight = useRef(false);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  useEffect(() => {
    if (box.current) box.current.scrollTop = 0;
    setScrollTop(0);
  }, [query]);
  const onScroll = (): void => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => box.current && setScrollTop(box.current.scrollTop));
  };

  const { first, last } = visibleRange(scrollTop, VIEWPORT, ROW_HEIGHT, count);
  // Rows of an older version of the same query stay on screen until the new ones arrive (no flicker
  // while more records are read); rows of another filter or sort never show.
  const current = held !== null && held.query === query ? held : null;
  useEffect(() => {
    const step = first - lastFirst.current; // rows moved since the last render: the scroll's speed and direction
    lastFirst.current = first;
    if (count === 0) return;
    const ahead = Math.min(MAX_AHEAD, Math.abs(step) * 3);
    const fresh = current !== null && current.version === version;
    const end = current ? current.first + current.rows.length : 0;
    // Enough while the screen and half the way ahead are held; one request at a time, the next one
    // (if still needed) when its answer arrives, so a fling never queues stale requests.
    const enough = fresh && current.first <= Math.max(0, first - (step < 0 ? ahead / 2 : 0)) && end >= Math.min(count, last + (step > 0 ? ahead / 2 : 0));
    if (enough || inFlight.current) return;
    inFlight.current = true;
    const from = Math.max(0, first - MARGIN - (step < 0 ? ahead : 0));
    const to = Math.min(count, last + MARGIN + (step > 0 ? ahead : 0));
    fetchRows(from, to).then(
      (reply) => {
        inFlight.current = false;
        setHeld((prev) => (prev && prev.version > reply.version ? prev : reply));
      },
      () => void (inFlight.current = false),
    );
  }, [version, first, last, count, held]);

  const ariaSort = (key?: SortKey) => (key && sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined);
  const shown: (ReportRow | undefined)[] = [];
  for (let i = first; i < last; i++) shown.push(current ? current.rows[i - current.first] : undefined);
  return (
    <div ref={box} class="table-scroll" role="region" aria-label={t('reports_tableRegion')} tabIndex={0} onScroll={onScroll}>
      <div role="table" aria-label={t('reports_history')} aria-rowcount={count + 1} data-testid="history-table">
        <div role="rowgroup" class="thead">
          <div role="row" aria-rowindex={1} class="row">
            {COLUMNS.map((c) => (
              <div role="columnheader" key={c.label} aria-sort={ariaSort(c.sort)}>
                {c.sort ? <button type="button" onClick={() => onSort(toggleSort(sort, c.sort as SortKey))}>{t(c.label)}</button> : t(c.label)}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" class="tbody" style={{ height: `${Math.max(1, count) * ROW_HEIGHT}px` }}>
          <div class="window" style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
            {shown.map((r, i) => r
              ? (
                <div role="row" class="row" key={r.interactionId} aria-rowindex={first + i + 2} data-id={r.interactionId}>
                  {COLUMNS.map((c) => {
                    const text = c.cell(r);
                    return <div role="cell" key={c.label} title={text || undefined}>{text}</div>;
                  })}
                </div>
              )
              // A row the worker has not sent yet (a fling outruns it for a frame): an empty, busy row.
              : <div role="row" class="row pending" key={`pending-${first + i}`} aria-rowindex={first + i + 2} aria-busy="true" />)}
            {count === 0 && <div role="row" class="row"><div role="cell" class="empty">{t('reports_noRows')}</div></div>}
          </div>
        </div>
      </div>
    </div>
  );
}
