/**
 * The Reports page (reports.html): the local call history read straight from the extension's IndexedDB.
 * KPI tiles, charts, filter menus and counts come from the store's rollups (read first, a few thousand
 * rows whatever the number of calls); the virtualised table and the CSV/XLSX export use the records,
 * read after the KPIs and charts are shown, filtered and sorted in memory. Also: the team summary from
 * the API (when the policy allows it) and the selector-health list.
 *
 * Performance marks for bench/reports.ts: `reports:kpis` (KPIs over every call shown), `reports:charts`
 * (ReportsCharts) and `reports:complete` (every record read).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { loadSettings } from '@/lib/background/settings-store';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { applyFilter, DEFAULT_SORT, EMPTY_FILTER, facets, sortRows, type ReportFilter, type SortSpec } from '@/lib/reports/filter';
import { loadAllRollups, loadAllRows } from '@/lib/reports/load';
import { callCount, chartsFromRollups, kpisFromRollups, selectRollups } from '@/lib/reports/rollup-view';
import type { RollupRow } from '@/lib/results/rollup';
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

/** Root component of the Reports page; `prefetched`: the rollups read started before the first render (main.tsx). */
export function ReportsApp({ prefetched }: { prefetched?: Promise<RollupRow[]> }) {
  const [data, setData] = useState<Loaded>(START);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [filter, setFilter] = useState<ReportFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<SortSpec>(DEFAULT_SORT);
  const [generation, setGeneration] = useState(0);
  const [rollups, setRollups] = useState<RollupRow[] | null>(null);

  useEffect(() => {
    void loadSettings().then((r) => setSettings(r.settings), () => setSettings(DEFAULT_SETTINGS));
  }, []);
  const fail = (err: unknown): Loaded => ({ ...START, done: true, error: String((err as Error)?.message ?? err) });
  useEffect(() => {
    let alive = true;
    setRollups(null);
    setData(START);
    (generation === 0 && prefetched ? prefetched : loadAllRollups()).then((r) => alive && setRollups(r), (err: unknown) => alive && setData(fail(err)));
    return () => void (alive = false);
  }, [generation]);

  const selected = useMemo(() => (rollups ? selectRollups(rollups, filter) : null), [rollups, filter]);
  const maxVerify = (settings ?? DEFAULT_SETTINGS).verification.maxAttempts;
  const kpis = useMemo(() => (selected ? kpisFromRollups(selected, maxVerify) : null), [selected, maxVerify]);
  const options = useMemo(() => (rollups ? facets(rollups) : { adapters: [], hosts: [] }), [rollups]);
  const counts = useMemo(() => (rollups && selected ? { shown: callCount(selected), all: callCount(rollups) } : null), [rollups, selected]);
  // Charts cost the most to draw: they render in a task of their own after the KPI tiles.
  const [charts, setCharts] = useState<ReturnType<typeof chartsFromRollups> | null>(null);
  useEffect(() => {
    if (!selected) return void setCharts(null);
    const timer = setTimeout(() => setCharts(chartsFromRollups(selected)), 0);
    return () => clearTimeout(timer);
  }, [selected]);

  // The records (table, export) are read once the first charts are up, so they do not delay the figures.
  const chartsUp = charts !== null;
  useEffect(() => {
    if (!chartsUp || data.rows || data.done) return;
    let alive = true;
    let shownAt = -Infinity;
    loadAllRows((p) => {
      if (!alive || (!p.done && performance.now() - shownAt < PROGRESS_EVERY_MS)) return;
      shownAt = performance.now();
      setData({ rows: p.rows, loaded: p.loaded, done: p.done });
    }).catch((err: unknown) => alive && setData(fail(err)));
    return () => void (alive = false);
  }, [chartsUp, generation]); // started once per load (not again for each progress report)

  const rows = data.rows;
  useEffect(() => {
    if (data.done && !data.error && performance.getEntriesByName('reports:complete').length === 0) performance.mark('reports:complete');
  }, [data.done, data.error]);
  const filtered = useMemo(() => (rows ? applyFilter(rows, filter) : []), [rows, filter]);
  // Rows are loaded newest first and filtering keeps their order, so the default sort costs nothing.
  const sorted = useMemo(() => (sort.key === DEFAULT_SORT.key && sort.dir === DEFAULT_SORT.dir ? filtered : sortRows(filtered, sort)), [filtered, sort]);

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
      <ReportsCharts data={charts} />
      <section aria-labelledby="history-title" class="history">
        <div class="section-head">
          <h2 id="history-title">{t('reports_history')}</h2>
          <p role="status" data-testid="showing">{counts ? t('reports_showing', formatCount(counts.shown), formatCount(counts.all)) : ''}</p>
        </div>
        <ReportsExport rows={sorted} ready={data.done} />
        <ReportsTable rows={sorted} sort={sort} onSort={setSort} resetKey={JSON.stringify([filter, sort])} />
      </section>
      <ReportsSupervisor settings={settings} filter={filter} />
      <ReportsSelectorHealth />
    </main>
  );
}
