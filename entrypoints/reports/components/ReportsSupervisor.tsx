/**
 * Supervisor view: the same headline figures for all agents, from the API's GET /v1/reports/summary,
 * shown only when the policy allows it (`reports.serverSummary`). When it is off, or the API cannot be
 * reached, the section says so plainly; the local figures above never depend on it.
 */
import { useState } from 'preact/hooks';
import { t, type MessageKey } from '@/platform/i18n';
import type { ReportSummary } from '@/lib/api/contract';
import type { ReportFilter } from '@/lib/reports/filter';
import { fetchServerSummary, summaryRange, type SummaryGroupBy } from '@/lib/reports/server-summary';
import { formatCount, formatRate } from '@/lib/reports/view';
import type { Policy } from '@/lib/policy/schema';
import { ReportStatus, useServerReport } from './useServerReport';

const GROUP_KEYS: Record<SummaryGroupBy, MessageKey> = { day: 'reports_groupByDay', agent: 'reports_groupByAgent', method: 'reports_groupByMethod' };
const optOutRate = (c: { total: number; optOuts: number }): number | null => (c.total === 0 ? null : c.optOuts / c.total);

/** The team-summary section; `settings` null while they load. */
export function ReportsSupervisor({ settings, filter }: { settings: Policy | null; filter: ReportFilter }) {
  const [groupBy, setGroupBy] = useState<SummaryGroupBy>('agent');
  const range = summaryRange(filter, Date.now());
  const { allowed, result, retry } = useServerReport(settings, range, (api, r) => fetchServerSummary(api, r, groupBy), groupBy);

  return (
    <section aria-labelledby="team-title" class="team" data-testid="supervisor">
      <h2 id="team-title">{t('reports_supervisor')}</h2>
      {settings === null && <p class="muted">{t('reports_checkingPolicy')}</p>}
      {settings !== null && !allowed && <p class="notice" data-state="off">{t('reports_supervisorOff')}</p>}
      {allowed && (
        <>
          <p class="muted">{t('reports_supervisorRange', range.from, range.to)}</p>
          <div class="filter inline">
            <label for="team-group">{t('reports_groupBy')}</label>
            <select id="team-group" value={groupBy} onInput={(e) => setGroupBy(e.currentTarget.value as SummaryGroupBy)}>
              {(Object.keys(GROUP_KEYS) as SummaryGroupBy[]).map((g) => <option key={g} value={g}>{t(GROUP_KEYS[g])}</option>)}
            </select>
          </div>
          <ReportStatus result={result} retry={retry} />
          {result?.ok && <SummaryTable summary={result.data} groupLabel={t(GROUP_KEYS[groupBy])} />}
        </>
      )}
    </section>
  );
}

/** Totals and groups of a summary in one table (the totals row last). */
function SummaryTable({ summary, groupLabel }: { summary: ReportSummary; groupLabel: string }) {
  const rows = [...summary.groups, { ...summary.totals, key: t('reports_allGroups') }];
  return (
    <table class="summary" data-state="ok">
      <thead>
        <tr>
          <th scope="col">{groupLabel}</th>
          <th scope="col">{t('reports_kpi_total')}</th>
          <th scope="col">{t('reports_kpi_identificationRate')}</th>
          <th scope="col">{t('reports_kpi_verificationRate')}</th>
          <th scope="col">{t('reports_kpi_optOutRate')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((g, i) => (
          <tr key={`${i}:${g.key}`} class={i === rows.length - 1 ? 'totals' : undefined}>
            <th scope="row">{g.key}</th>
            <td>{formatCount(g.total)}</td>
            <td>{formatRate(g.total === 0 ? null : g.identificationRate)}</td>
            <td>{formatRate(g.total === 0 ? null : g.verificationRate)}</td>
            <td>{formatRate(optOutRate(g))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
