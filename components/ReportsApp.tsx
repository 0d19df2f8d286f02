/**
 * The Reports page (reports.html): the local call history read straight from the extension's IndexedDB,
 * filtered and sorted in memory, with KPI tiles, charts, a virtualised table, CSV/XLSX export, the team
 * summary from the API (when the policy allows it) and the selector-health list.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { loadSettings } from '@/lib/background/settings-store';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { applyFilter, DEFAULT_SORT, EMPTY_FILTER, facets, sortRows, type ReportFilter, type SortSpec } from '@/lib/reports/filter';
import { computeKpis } from '@/lib/reports/kpi';
import { loadAllRows } from '@/lib/reports/load';
import type { ReportRow } from '@/lib/reports/row';
import { formatCount } from '@/lib/reports/view';
import { ReportsFilters } from './ReportsFilters';
import { ReportsKpis } from './ReportsKpis';
import { ReportsCharts } from './ReportsCharts';
import { ReportsTable } from './ReportsTable';
import { ReportsExport } from './ReportsExport';
import { ReportsSupervisor } from './ReportsSupervisor';
import { ReportsSelectorHealth } from './ReportsSelectorHealth';

interface Loaded {
  /** Rows read so far (all of them once `done`); null before the first slice. */
  rows: ReportRow[] | null;
  loaded: number;
  done: boolean;
  error?: string;
}
const START: Loaded = { rows: null, loaded: 0, done: false };
/** Partial results re-render the page at most this often while loading. */
const PROGRESS_EVERY_MS = 500;

/** Root component of the Reports page. */
export function ReportsApp() {
  const [data, setData] = useState<Loaded>(START);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [filter, setFilter] = useState<ReportFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<SortSpec>(DEFAULT_SORT);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    void loadSettings().then((r) => setSettings(r.settings), () => setSettings(DEFAULT_SETTINGS));
  }, []);
  useEffect(() => {
    let alive = true;
    let shownAt = -Infinity;
    setData(START);
    loadAllRows((p) => {
      if (!alive || (!p.done && performance.now() - shownAt < PROGRESS_EVERY_MS)) return;
      shownAt = performance.now();
      setData({ rows: p.rows, loaded: p.loaded, done: p.done });
    }).catch((err: unknown) => alive && setData({ ...START, done: true, error: String((err as Error)?.message ?? err) }));
    return () => void (alive = false);
  }, [generation]);

  const rows = data.rows;
  useEffect(() => {
    if (data.done && !data.error && performance.getEntriesByName('reports:complete').length === 0) performance.mark('reports:complete');
  }, [data.done, data.error]);
  const filtered = useMemo(() => (rows ? applyFilter(rows, filter) : []), [rows, filter]);
  // Rows are loaded newest first and filtering keeps their order, so the default sort costs nothing.
  const sorted = useMemo(() => (sort.key === DEFAULT_SORT.key && sort.dir === DEFAULT_SORT.dir ? filtered : sortRows(filtered, sort)), [filtered, sort]);
  const maxVerify = (settings ?? DEFAULT_SETTINGS).verification.maxAttempts;
  const kpis = useMemo(() => (rows ? computeKpis(filtered, maxVerify) : null), [rows, filtered, maxVerify]);
  const options = useMemo(() => (rows ? facets(rows) : { adapters: [], hosts: [] }), [rows]);
  // Charts cost the most to redraw: they wait for the last slice, and render in a task of their own
  // after the KPIs and the table (two shorter tasks instead of one long one).
  const [chartRows, setChartRows] = useState<ReportRow[] | null>(null);
  useEffect(() => {
    if (!data.done) return;
    const timer = setTimeout(() => setChartRows(filtered), 0);
    return () => clearTimeout(timer);
  }, [data.done, filtered]);

  return (
    <main class="reports">
      <header class="page-head">
        <h1>{t('reports_title')}</h1>
        <p>{t('reports_intro', String((settings ?? DEFAULT_SETTINGS).retentionDays))}</p>
        <button type="button" onClick={() => setGeneration((g) => g + 1)} disabled={!data.done}>{t('reports_refresh')}</button>
      </header>
      <p role="status" class="loading" data-testid="load-status" data-done={data.done}>
        {!data.done && (data.rows ? t('reports_loadingProgress', formatCount(data.loaded)) : t('reports_loading'))}
      </p>
      {data.error && <p role="alert" class="bad">{t('reports_loadFailed', data.error)}</p>}
      <ReportsFilters filter={filter} adapters={options.adapters} hosts={options.hosts} onChange={setFilter} />
      <ReportsKpis kpis={kpis} maxVerifyAttempts={maxVerify} />
      <ReportsCharts rows={chartRows} />
      <section aria-labelledby="history-title" class="history">
        <div class="section-head">
          <h2 id="history-title">{t('reports_history')}</h2>
          <p role="status" data-testid="showing">{rows ? t('reports_showing', formatCount(filtered.length), formatCount(rows.length)) : ''}</p>
        </div>
        <ReportsExport rows={sorted} ready={data.done} />
        <ReportsTable rows={sorted} sort={sort} onSort={setSort} resetKey={JSON.stringify([filter, sort])} />
      </section>
      <ReportsSupervisor settings={settings} filter={filter} />
      <ReportsSelectorHealth />
    </main>
  );
}
