/**
 * Guards: overrides by agent and held actions stopped, from the newest stored results (read after the rest
 * of the page is up, so the KPI and chart timings do not pay for it), plus the latest overrides with their
 * reasons. Definitions in lib/guards/report.ts.
 */
import { t } from '@/platform/i18n';
import { guardReport, type GuardReport } from '@/lib/guards/report';
import { formatCount, formatDateTime } from '@/lib/reports/view';
import { READ_LIMIT, useStoredReport } from './useStoredReport';

const EMPTY: GuardReport = { byAgent: [], latest: [], blocked: 0, overrides: 0 };

/** The Guards section; `ready`: the history finished loading (`generation` bumps on Refresh). */
export function ReportsGuards({ ready, generation }: { ready: boolean; generation: number }) {
  const report = useStoredReport(ready, generation, guardReport, EMPTY);

  return (
    <section aria-labelledby="guards-title" class="guards" data-testid="guards-report">
      <h2 id="guards-title">{t('reports_guards')}</h2>
      <p class="muted">{t('reports_guardsHelp', formatCount(READ_LIMIT))}</p>
      {report !== null && report.byAgent.length === 0 && <p data-state="none">{t('reports_guardsNone')}</p>}
      {report !== null && report.byAgent.length > 0 && (
        <>
          <p data-testid="guards-totals">{t('reports_guardsTotals', formatCount(report.blocked), formatCount(report.overrides))}</p>
          <table data-testid="guards-by-agent">
            <thead><tr>
              <th scope="col">{t('reports_guardsAgent')}</th><th scope="col">{t('reports_guardsCalls')}</th>
              <th scope="col">{t('reports_guardsBlocked')}</th><th scope="col">{t('reports_guardsOverrides')}</th>
            </tr></thead>
            <tbody>
              {report.byAgent.map((r) => (
                <tr key={r.agentId}><td>{r.agentId || t('reports_guardsNoAgent')}</td><td>{r.calls}</td><td>{r.blocked}</td><td>{r.overrides}</td></tr>
              ))}
            </tbody>
          </table>
          {report.latest.length > 0 && (
            <table data-testid="guards-overrides">
              <caption>{t('reports_guardsLatest')}</caption>
              <thead><tr>
                <th scope="col">{t('reports_colLastSeen')}</th><th scope="col">{t('reports_guardsAgent')}</th>
                <th scope="col">{t('reports_guardsAction')}</th><th scope="col">{t('reports_guardsReason')}</th>
              </tr></thead>
              <tbody>
                {report.latest.map((o) => (
                  <tr key={`${o.interactionId}|${o.label}`}><td>{formatDateTime(o.at)}</td><td>{o.agentId || t('reports_guardsNoAgent')}</td><td>{o.label}</td><td>{o.reason}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
