/**
 * The history table, virtualised: every row has the same height (ROW_HEIGHT), so only the rows in view
 * (plus a few) are in the DOM, between two spacer rows that keep the scrollbar true to the full list.
 * 100,000 rows cost the same to scroll as 30. aria-rowcount/aria-rowindex tell assistive technology
 * where the rendered rows sit; the scroll box is focusable so the keyboard can scroll it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '@/lib/i18n';
import type { SortKey, SortSpec } from '@/lib/reports/filter';
import { toggleSort } from '@/lib/reports/filter';
import type { ReportRow } from '@/lib/reports/row';
import { isReaskAvoided } from '@/lib/reports/row';
import { formatDateTime, formatDuration, visibleRange } from '@/lib/reports/view';
import { METHOD_KEYS, outcomeLabel } from './ReportsFilters';

/** Row height in CSS pixels; must match `.history tbody tr` in reports.css. */
export const ROW_HEIGHT = 32;
const DEFAULT_VIEWPORT = 480;

interface Column {
  label: MessageKey;
  sort?: SortKey;
  cell: (r: ReportRow) => string;
}

const OPT_OUT_KEYS: Record<string, MessageKey> = {
  caller_declined: 'optOut_caller_declined', no_details: 'optOut_no_details', urgent: 'optOut_urgent', other: 'optOut_other',
};
const method = (m: string): string => t(METHOD_KEYS[m as keyof typeof METHOD_KEYS] ?? 'reports_method_none');
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
  { label: 'reports_colOptOut', cell: (r) => (r.optOutReason ? (OPT_OUT_KEYS[r.optOutReason] ? t(OPT_OUT_KEYS[r.optOutReason] as MessageKey) : r.optOutReason) : '') },
  { label: 'reports_adapter', sort: 'adapter', cell: (r) => r.adapterId ?? '' },
  { label: 'reports_host', sort: 'host', cell: (r) => r.crmHost ?? '' },
];

interface Props {
  rows: ReportRow[];
  sort: SortSpec;
  onSort: (next: SortSpec) => void;
}

/** The virtualised, sortable history table. */
export function ReportsTable({ rows, sort, onSort }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);
  const frame = useRef(0);

  useEffect(() => {
    if (box.current) setViewport(box.current.clientHeight || DEFAULT_VIEWPORT);
    return () => cancelAnimationFrame(frame.current);
  }, []);
  const onScroll = (): void => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => box.current && setScrollTop(box.current.scrollTop));
  };

  const { first, last } = visibleRange(scrollTop, viewport, ROW_HEIGHT, rows.length);
  const ariaSort = (key?: SortKey) => (key && sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined);
  return (
    <div ref={box} class="table-scroll" role="region" aria-label={t('reports_tableRegion')} tabIndex={0} onScroll={onScroll}>
      <table aria-rowcount={rows.length + 1} data-testid="history-table">
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <th key={c.label} scope="col" aria-sort={ariaSort(c.sort)}>
                {c.sort ? <button type="button" onClick={() => onSort(toggleSort(sort, c.sort as SortKey))}>{t(c.label)}</button> : t(c.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 && <tr aria-hidden="true" class="spacer" style={{ height: `${first * ROW_HEIGHT}px` }}><td colSpan={COLUMNS.length} /></tr>}
          {rows.slice(first, last).map((r, i) => (
            <tr key={r.interactionId} aria-rowindex={first + i + 2} data-id={r.interactionId}>
              {COLUMNS.map((c) => <td key={c.label}>{c.cell(r)}</td>)}
            </tr>
          ))}
          {last < rows.length && <tr aria-hidden="true" class="spacer" style={{ height: `${(rows.length - last) * ROW_HEIGHT}px` }}><td colSpan={COLUMNS.length} /></tr>}
          {rows.length === 0 && <tr><td colSpan={COLUMNS.length} class="empty">{t('reports_noRows')}</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
