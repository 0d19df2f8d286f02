/**
 * The three charts of the filtered history: outcomes per UTC day (stacked bars), the time-to-verify
 * histogram and outcomes by identify method (stacked bars). Data shaping is in lib/reports/charts.ts.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { t } from '@/lib/i18n';
import { outcomesByMethod, outcomesPerDay, ttvHistogram, type StackedCounts } from '@/lib/reports/charts';
import type { ReportRow } from '@/lib/reports/row';
import { utcDay } from '@/lib/reports/row';
import { formatCount, formatDuration } from '@/lib/reports/view';
import { bars, ReportsChart, type LegendItem } from './ReportsChart';
import { METHOD_KEYS, outcomeLabel } from './ReportsFilters';

export const COLORS = { verified: '#2e844a', identified: '#dd7a01', not_identified: '#8a8886' } as const;
const AXIS: uPlot.Axis = { stroke: '#3e3e3c', grid: { stroke: '#e5e5e5' }, ticks: { stroke: '#c9c9c9' } };

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

/** The charts section. */
export function ReportsCharts({ rows }: { rows: ReportRow[] }) {
  const perDay = useMemo(() => outcomesPerDay(rows), [rows]);
  const byMethod = useMemo(() => outcomesByMethod(rows), [rows]);
  const hist = useMemo(() => ttvHistogram(rows), [rows]);

  const dayData = useMemo<uPlot.AlignedData>(() => [perDay.days, perDay.stacked[2], perDay.stacked[1], perDay.stacked[0]], [perDay]);
  const methodData = useMemo<uPlot.AlignedData>(() => [byMethod.methods.map((_, i) => i), byMethod.stacked[2], byMethod.stacked[1], byMethod.stacked[0]], [byMethod]);
  const histData = useMemo<uPlot.AlignedData>(() => [hist.starts.map((s) => s + hist.width / 2), hist.counts], [hist]);
  const methodNames = byMethod.methods.map((m) => t(METHOD_KEYS[m]));

  const first = perDay.days[0], last = perDay.days[perDay.days.length - 1];
  const daySummary = first === undefined || last === undefined
    ? t('reports_chartEmpty')
    : t('reports_chartPerDayAlt', utcDay(first * 1000), utcDay(last * 1000), ...totals(perDay));
  const methodSummary = byMethod.methods
    .map((_, i) => `${methodNames[i]}: ${byMethod.counts.verified[i]} / ${byMethod.counts.identified[i]} / ${byMethod.counts.not_identified[i]}`)
    .join('; ');

  return (
    <section aria-labelledby="charts-title" class="charts">
      <h2 id="charts-title">{t('reports_charts')}</h2>
      <div class="chart-grid">
        <ReportsChart id="chart-day" title={t('reports_chartPerDay')} summary={daySummary} legend={LEGEND} data={dayData}
          options={{ series: stackedSeries(), axes: [AXIS, AXIS], scales: { x: { time: true } } }} />
        <ReportsChart id="chart-ttv" title={t('reports_chartTtv')} legend={[{ label: t('reports_chartTtvLegend'), color: COLORS.verified }]}
          summary={hist.counts.length === 0 ? t('reports_chartEmpty') : t('reports_chartTtvAlt', String(hist.width), formatCount(sum(hist.counts)), formatDuration(hist.medianMs))}
          data={histData} rebuildKey={`${hist.width}:${hist.counts.length}`}
          options={{
            series: [{}, { label: t('reports_chartTtvLegend'), fill: COLORS.verified, stroke: COLORS.verified, paths: bars(), points: { show: false } }],
            scales: { x: { time: false, range: () => [0, Math.max(1, hist.counts.length * hist.width)] } },
            axes: [{ ...AXIS, label: t('reports_chartTtvAxis') }, AXIS],
          }} />
        <ReportsChart id="chart-method" title={t('reports_chartByMethod')} summary={t('reports_chartByMethodAlt', methodSummary)} legend={LEGEND} data={methodData}
          options={{
            series: stackedSeries(),
            scales: { x: { time: false, range: () => [-0.5, methodNames.length - 0.5] } },
            axes: [{ ...AXIS, splits: () => methodNames.map((_, i) => i), values: () => methodNames }, AXIS],
          }} />
      </div>
    </section>
  );
}
