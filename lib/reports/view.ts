/**
 * Presentation helpers of the Reports page: number and time formats (locale-independent on purpose:
 * times are UTC like the API's summary, so a screenshot or an export means the same to everyone) and
 * the window of a virtualised list.
 */

/** A rate as a whole percentage ("75%"), or an em dash when there is nothing to divide by. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

/** A duration as "42 s", "3 min 05 s" or "1 h 02 min"; an em dash for null. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  // Floored like the KPIs' whole seconds (lib/reports/kpi.ts ttvMs), so a 1.6 s call never reads "2 s" in
  // the table beside a "1 s" median.
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** An epoch time as "YYYY-MM-DD HH:MM" (UTC). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** A count with thousands separators ("100,000"). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The rows [first, last) a virtualised list of fixed-height rows must render for its scroll position,
 * with `overscan` extra rows on each side so fast scrolling shows no gap.
 */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 4): { first: number; last: number } {
  const top = Math.max(0, scrollTop);
  const last = Math.min(count, Math.ceil((top + viewportHeight) / rowHeight) + overscan);
  const first = Math.min(last, Math.max(0, Math.floor(top / rowHeight) - overscan));
  return { first, last };
}
