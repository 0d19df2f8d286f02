/**
 * The three charts of the filtered history: outcomes per UTC day (stacked bars), the time-to-verify
 * histogram and outcomes by identify method (stacked bars). Data shaping is in lib/reports/charts.ts,
 * fed from the store's rollups (lib/reports/rollup-view.ts). The first drawing sets the performance
 * mark `reports:charts`.
 */
import { useEffect, useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { t, type MessageKey } from '@/platform/i18n';
import type { MethodBucket, StackedCounts } from '@/lib/reports/charts';
import type { chartsFromRollups } from '@/lib/reports/rollup-view';
import { utcDay } from '@/lib/reports/row';
import { formatCount, formatDuration } from '@/lib/reports/view';
import { bars, ReportsChart, type LegendItem } from './ReportsChart';
import { METHOD_KEYS, outcomeLabel } from './ReportsFilters';

export const COLORS = { verified: '#2e844a', identified: '#dd7a01', not_identified: '#8a8886' } as const;
const AXIS: uPlot.Axis = { stroke: '#3e3e3c', grid: { stroke: '#e5e5e5' }, ticks: { stroke: '#c9c9c9' } };
/** Counts start at 0 (bars grow from the axis), with a little headroom. */
const COUNT_SCALE: uPlot.Scale = { range: (_u, _min, max) => uPlot.rangeNum(0, Math.max(1, max), 0.1, true) };
/**
 * Days: from the data, half a day of margin either side. (uPlot widens a single time value to 1,000
 * days when x is in seconds, so the min/max it passes in cannot be used.)
 */
const DAY_SCALE: uPlot.Scale = {
  time: true,
  range: (u, min, max) => {
    const xs = u.data[0];
    return xs.length ? [(xs[0] as number) - 43_200, (xs[xs.length - 1] as number) + 43_200] : [min, max];
  },
};
/** The count axis, wide enough for "100,000". */
const Y_AXIS: uPlot.Axis = { ...AXIS, size: 64, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? formatCount(v) : '')) };
const SHORT_METHOD: Record<MethodBucket, MessageKey> = {
  ani: 'reports_short_ani', customerId: 'reports_short_customerId', accountNumber: 'reports_short_accountNumber',
  phone: 'reports_short_phone', lastName: 'reports_short_lastName', none: 'reports_short_none',
};

const LEGEND: LegendItem[] = (['verified', 'identified', 'not_identified'] as const).map((o) => ({ label: outcomeLabel(o), color: COLORS[o] }));

/** Series of a stacked outcome chart: tallest (all outcomes) first, so the shorter bars are drawn over it. */
function stackedSeries(): uPlot.Series[] {
  return [
    {},
    { label: outcomeLabel('not_identified'), fill: COLORS.not_identified, stroke: COLORS.not_identified, paths: bars(), points: { show: false } },
    { label: outcomeLabel('identified'), fill: COLORS.identified, stroke: COLORS.identified, paths: bars(), points: { show: false } },
    { label: outcomeLabel('verified'), fill: COLORS.verified, stroke: COLORS.verified, paths: bars(), points: { show: false } },
  ];
}

const sum = (a: number[]): number => a.reduce((s, v) => s + v, 0);
const totals = (c: StackedCounts): [string, string, string] => [formatCount(sum(c.counts.verified)), formatCount(sum(c.counts.identified)), formatCount(sum(c.counts.not_identified))];

type ChartsData = ReturnType<typeof chartsFromRollups>;

/** The charts section; `data` null until the rollups are read (the section keeps its place meanwhile). */
export function ReportsCharts({ data }: { data: ChartsData | null }) {
  return (
    <section aria-labelledby="charts-title" class="charts">
      <h2 id="charts-title">{t('reports_charts')}</h2>
      {data ? <Charts data={data} /> : <p class="muted chart-wait">{t('reports_chartsWait')}</p>}
    </section>
  );
}

/** The three charts. */
function Charts({ data }: { data: ChartsData }) {
  const { perDay, byMethod, ttv: hist } = data;
  useEffect(() => {
    // The charts' effects (uPlot drawing) ran before this one; their queued commits run before this microtask.
    if (performance.getEntriesByName('reports:charts').length === 0) queueMicrotask(() => performance.mark('reports:charts'));
  }, []);

  const dayData = useMemo<uPlot.AlignedData>(() => [perDay.days, perDay.stacked[2], perDay.stacked[1], perDay.stacked[0]], [perDay]);
  const methodData = useMemo<uPlot.AlignedData>(() => [byMethod.methods.map((_, i) => i), byMethod.stacked[2], byMethod.stacked[1], byMethod.stacked[0]], [byMethod]);
  const histData = useMemo<uPlot.AlignedData>(() => [hist.starts.map((s) => s + hist.width / 2), hist.counts], [hist]);
  const methodNames = byMethod.methods.map((m) => t(METHOD_KEYS[m]));
  const methodTicks = byMethod.methods.map((m) => t(SHORT_METHOD[m]));

  const first = perDay.days[0], last = perDay.days[perDay.days.length - 1];
  const daySummary = first === undefined || last === undefined
    ? t('reports_chartEmpty')
    : t('reports_chartPerDayAlt', utcDay(first * 1000), utcDay(last * 1000), ...totals(perDay));
  const methodSummary = byMethod.methods
    .map((_, i) => `${methodNames[i]}: ${byMethod.counts.verified[i]} / ${byMethod.counts.identified[i]} / ${byMethod.counts.not_identified[i]}`)
    .join('; ');

  return (
    <div class="chart-grid">
      <ReportsChart id="chart-day" title={t('reports_chartPerDay')} summary={daySummary} legend={LEGEND} data={dayData}
        options={{ series: stackedSeries(), axes: [AXIS, Y_AXIS], scales: { x: DAY_SCALE, y: COUNT_SCALE } }} />
      <ReportsChart id="chart-ttv" title={t('reports_chartTtv')} legend={[{ label: t('reports_chartTtvLegend'), color: COLORS.verified }]}
        summary={hist.counts.length === 0 ? t('reports_chartEmpty') : t('reports_chartTtvAlt', String(hist.width), formatCount(sum(hist.counts)), formatDuration(hist.medianMs))}
        data={histData} rebuildKey={`${hist.width}:${hist.counts.length}`}
        options={{
          series: [{}, { label: t('reports_chartTtvLegend'), fill: COLORS.verified, stroke: COLORS.verified, paths: bars(), points: { show: false } }],
          scales: { x: { time: false, range: () => [0, Math.max(1, hist.counts.length * hist.width)] }, y: COUNT_SCALE },
          axes: [{ ...AXIS, label: t('reports_chartTtvAxis'), incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600] }, Y_AXIS],
        }} />
      <ReportsChart id="chart-method" title={t('reports_chartByMethod')} summary={t('reports_chartByMethodAlt', methodSummary)} legend={LEGEND} data={methodData}
        options={{
          series: stackedSeries(),
          scales: { x: { time: false, range: () => [-0.5, methodNames.length - 0.5] }, y: COUNT_SCALE },
          axes: [{ ...AXIS, splits: () => methodTicks.map((_, i) => i), values: () => methodTicks, rotate: -30, size: 56 }, Y_AXIS],
        }} />
    </div>
  );
}
