/**
 * The Reports page (reports.html): the local call history read straight from the extension's IndexedDB.
 * KPI tiles, charts, filter menus and counts come from the store's rollups (read first, a few thousand
 * rows whatever the number of calls); the virtualised table and the CSV/XLSX export use the records,
 * which the page's history worker reads, filters and sorts off the main thread once the KPIs and charts
 * are shown (lib/reports/history-service.ts); the page holds only the rows on screen. Also: the team
 * summary from the API (when the policy allows it) and the selector-health list.
 *
 * Performance marks for bench/reports.ts: `reports:kpis` (KPIs over every call shown), `reports:charts`
 * (ReportsCharts) and `reports:complete` (every record read).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '@/platform/i18n';
import { readSettings } from '@/platform/settings';
import { defaultPolicy, type Policy } from '@/lib/policy/schema';
import { DEFAULT_SORT, EMPTY_FILTER, facets, type ReportFilter, type SortSpec } from '@/lib/reports/filter';
import type { HistoryClient } from '@/lib/reports/history-client';
import { errorText, type HistoryState } from '@/lib/reports/history-protocol';
import { loadAllRollups } from '@/lib/reports/load';
import { callCount, chartsFromRollups, kpisFromRollups, selectRollups } from '@/lib/reports/rollup-view';
import type { RollupRow } from '@/lib/results/rollup';
import { formatCount } from '@/lib/reports/view';
import { ReportsFilters } from './ReportsFilters';
import { ReportsKpis } from './ReportsKpis';
import { ReportsCharts } from './ReportsCharts';
import { ReportsTable } from './ReportsTable';
import { ReportsExport } from './ReportsExport';
import { ReportsSupervisor } from './ReportsSupervisor';
import { ReportsSelectorHealth } from './ReportsSelectorHealth';
import { ReportsGuards } from './ReportsGuards';
import { ReportsSecurity } from './ReportsSecurity';
import { ReportsStepUps } from './ReportsStepUps';
import { ReportsRisk } from './ReportsRisk';

/** What the page shows until the settings are read (or if they cannot be). */
const DEFAULTS = defaultPolicy();

/**
 * Root component of the Reports page. `prefetched`: the rollups read started before the first render;
 * `history`: the client of the page's history worker (both from main.tsx).
 */
export function ReportsApp({ prefetched, history }: { prefetched?: Promise<RollupRow[]>; history: HistoryClient }) {
  const [settings, setSettings] = useState<Policy | null>(null);
  const [filter, setFilter] = useState<ReportFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<SortSpec>(DEFAULT_SORT);
  const [generation, setGeneration] = useState(0);
  const [rollups, setRollups] = useState<RollupRow[] | null>(null);
  const [rollupError, setRollupError] = useState<string | null>(null);
  const [hist, setHist] = useState<HistoryState>(history.state);

  useEffect(() => {
    void readSettings().then((r) => setSettings(r.settings), () => setSettings(DEFAULTS));
  }, []);
  useEffect(() => history.subscribe(setHist), [history]);
  useEffect(() => {
    let alive = true;
    setRollups(null);
    setRollupError(null);
    (generation === 0 && prefetched ? prefetched : loadAllRollups()).then((r) => alive && setRollups(r), (err: unknown) => alive && setRollupError(errorText(err)));
    return () => void (alive = false);
  }, [generation]);

  const selected = useMemo(() => (rollups ? selectRollups(rollups, filter) : null), [rollups, filter]);
  const maxVerify = (settings ?? DEFAULTS).verification.maxAttempts;
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

  // The records (table, export) are read once the charts are up, so the reads do not delay the figures;
  // once per load (Refresh starts another).
  const chartsUp = charts !== null;
  const loadedFor = useRef(-1);
  useEffect(() => {
    if (!chartsUp || loadedFor.current === generation) return;
    loadedFor.current = generation;
    history.load().catch(() => undefined); // a failure arrives as the state's error
  }, [chartsUp, generation]);
  const [queryError, setQueryError] = useState<string | null>(null);
  useEffect(() => {
    history.query(filter, sort).then(() => setQueryError(null), (err: unknown) => setQueryError(errorText(err)));
  }, [filter, sort]);
  useEffect(() => {
    if (hist.done && hist.error === undefined && performance.getEntriesByName('reports:complete').length === 0) performance.mark('reports:complete');
  }, [hist.done, hist.error]);
  const fetchRows = useCallback((first: number, last: number) => history.rows(first, last), [history]);
  const buildExport = useCallback((format: 'csv' | 'xlsx') => history.export(format), [history]);
  const error = rollupError ?? hist.error ?? queryError;

  return (
    <main class="reports">
      <header class="page-head">
        <h1>{t('reports_title')}</h1>
        <p>{t('reports_intro', String((settings ?? DEFAULTS).retentionDays))}</p>
        <button type="button" onClick={() => setGeneration((g) => g + 1)} disabled={!hist.done}>{t('reports_refresh')}</button>
      </header>
      <p role="status" class="loading" data-testid="load-status" data-done={hist.done}>
        {!hist.done && (hist.loaded > 0 ? t('reports_loadingProgress', formatCount(hist.loaded)) : t('reports_loading'))}
      </p>
      {error && <p role="alert" class="bad">{t('reports_loadFailed', error)}</p>}
      <ReportsFilters filter={filter} adapters={options.adapters} hosts={options.hosts} onChange={setFilter} />
      <ReportsKpis kpis={kpis} maxVerifyAttempts={maxVerify} />
      <ReportsCharts data={charts} />
      <section aria-labelledby="history-title" class="history">
        <div class="section-head">
          <h2 id="history-title">{t('reports_history')}</h2>
          <p role="status" data-testid="showing">{counts ? t('reports_showing', formatCount(counts.shown), formatCount(counts.all)) : ''}</p>
        </div>
        <ReportsExport count={hist.count} ready={hist.done && hist.error === undefined} build={buildExport} />
        <ReportsTable count={hist.count} version={hist.version} query={hist.query} fetchRows={fetchRows} sort={sort} onSort={setSort} />
      </section>
      <ReportsSupervisor settings={settings} filter={filter} />
      <ReportsStepUps settings={settings} filter={filter} />
      <ReportsRisk settings={settings} filter={filter} />
      <ReportsSelectorHealth />
      <ReportsGuards ready={hist.done} generation={generation} />
      <ReportsSecurity ready={hist.done} generation={generation} />
    </main>
  );
}
