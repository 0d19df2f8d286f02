/**
 * Guards: overrides by agent and held actions stopped, from the newest stored results (read after the rest
 * of the page is up, so the KPI and chart timings do not pay for it), plus the latest overrides with their
 * reasons. Definitions in lib/guards/report.ts.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/platform/i18n';
import { guardReport, type GuardReport } from '@/lib/guards/report';
import { listResults, openResultsDb } from '@/lib/results/store';
import { formatCount, formatDateTime } from '@/lib/reports/view';

/** How many of the newest calls the section reads. */
const READ_LIMIT = 5000;

/** The Guards section; `ready`: the history finished loading (`generation` bumps on Refresh). */
export function ReportsGuards({ ready, generation }: { ready: boolean; generation: number }) {
  const [report, setReport] = useState<GuardReport | null>(null);
  useEffect(() => {
    if (!ready) return;
    let alive = true;
    void openResultsDb().then(async (db) => {
      try {
        const r = guardReport(await listResults(db, { limit: READ_LIMIT }));
        if (alive) setReport(r);
      } finally {
        db.close();
      }
    }).catch(() => alive && setReport({ byAgent: [], latest: [], blocked: 0, overrides: 0 }));
    return () => void (alive = false);
  }, [ready, generation]);

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
