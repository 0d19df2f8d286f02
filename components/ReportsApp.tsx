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
import { loadAllRows, type LoadProgress } from '@/lib/reports/load';
import type { ReportRow } from '@/lib/reports/row';
import { formatCount } from '@/lib/reports/view';
import { ReportsFilters } from './ReportsFilters';
import { ReportsKpis } from './ReportsKpis';
import { ReportsCharts } from './ReportsCharts';
import { ReportsTable } from './ReportsTable';
import { ReportsExport } from './ReportsExport';
import { ReportsSupervisor } from './ReportsSupervisor';
import { ReportsSelectorHealth } from './ReportsSelectorHealth';

type Loaded = { state: 'loading'; progress: LoadProgress | null } | { state: 'ready'; rows: ReportRow[] } | { state: 'failed'; message: string };

/** Root component of the Reports page. */
export function ReportsApp() {
  const [data, setData] = useState<Loaded>({ state: 'loading', progress: null });
  const [settings, setSettings] = useState<Settings | null>(null);
  const [filter, setFilter] = useState<ReportFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<SortSpec>(DEFAULT_SORT);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    void loadSettings().then((r) => setSettings(r.settings), () => setSettings(DEFAULT_SETTINGS));
  }, []);
  useEffect(() => {
    let alive = true;
    setData({ state: 'loading', progress: null });
    loadAllRows((progress) => alive && setData({ state: 'loading', progress })).then(
      (rows) => alive && setData({ state: 'ready', rows }),
      (err: unknown) => alive && setData({ state: 'failed', message: String((err as Error)?.message ?? err) }),
    );
    return () => void (alive = false);
  }, [generation]);

  const rows = data.state === 'ready' ? data.rows : null;
  const filtered = useMemo(() => (rows ? applyFilter(rows, filter) : []), [rows, filter]);
  // Rows are loaded newest first and filtering keeps their order, so the default sort costs nothing.
  const sorted = useMemo(() => (sort.key === DEFAULT_SORT.key && sort.dir === DEFAULT_SORT.dir ? filtered : sortRows(filtered, sort)), [filtered, sort]);
  const maxVerify = (settings ?? DEFAULT_SETTINGS).verification.maxAttempts;
  const kpis = useMemo(() => (rows ? computeKpis(filtered, maxVerify) : null), [rows, filtered, maxVerify]);
  const options = useMemo(() => (rows ? facets(rows) : { adapters: [], hosts: [] }), [rows]);

  return (
    <main class="reports">
      <header class="page-head">
        <h1>{t('reports_title')}</h1>
        <p>{t('reports_intro', String((settings ?? DEFAULT_SETTINGS).retentionDays))}</p>
        <button type="button" onClick={() => setGeneration((g) => g + 1)} disabled={data.state === 'loading'}>{t('reports_refresh')}</button>
      </header>
      {data.state === 'loading' && (
        <p role="status" class="loading">
          {data.progress ? t('reports_loadingProgress', formatCount(data.progress.loaded), formatCount(data.progress.total)) : t('reports_loading')}
        </p>
      )}
      {data.state === 'failed' && <p role="alert" class="bad">{t('reports_loadFailed', data.message)}</p>}
      <ReportsFilters filter={filter} adapters={options.adapters} hosts={options.hosts} onChange={setFilter} />
      <ReportsKpis kpis={kpis} maxVerifyAttempts={maxVerify} />
      {rows && <ReportsCharts rows={filtered} />}
      <section aria-labelledby="history-title" class="history">
        <div class="section-head">
          <h2 id="history-title">{t('reports_history')}</h2>
          <p role="status" data-testid="showing">{rows ? t('reports_showing', formatCount(filtered.length), formatCount(rows.length)) : ''}</p>
        </div>
        <ReportsExport rows={sorted} />
        <ReportsTable rows={sorted} sort={sort} onSort={setSort} />
      </section>
      <ReportsSupervisor settings={settings} filter={filter} />
      <ReportsSelectorHealth />
    </main>
  );
}
