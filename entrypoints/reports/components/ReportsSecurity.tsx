/**
 * Security events: attacks on the panel (covered, focus theft) and calls pushed in mid-verification, per kind
 * and per agent with when they were last seen, from the newest stored results (read after the rest of the page
 * is up, like the Guards section). Definitions in lib/reports/security.ts.
 */
import { t } from '@/platform/i18n';
import { securityReport, type SecurityReport } from '@/lib/reports/security';
import type { SecurityEventKind } from '@/lib/api/contract';
import { formatCount, formatDateTime } from '@/lib/reports/view';
import { READ_LIMIT, useStoredReport } from './useStoredReport';

const EMPTY: SecurityReport = { byKind: [], byAgent: [], events: 0, calls: 0 };

const KIND_LABEL: Record<SecurityEventKind, () => string> = {
  covered: () => t('reports_securityCovered'),
  'focus-theft': () => t('reports_securityFocusTheft'),
  'call-replaced-attempt': () => t('reports_securityCallReplaced'),
};

/** The Security events section; `ready`: the history finished loading (`generation` bumps on Refresh). */
export function ReportsSecurity({ ready, generation }: { ready: boolean; generation: number }) {
  const report = useStoredReport(ready, generation, securityReport, EMPTY);

  return (
    <section aria-labelledby="security-title" class="security" data-testid="security-report">
      <h2 id="security-title">{t('reports_security')}</h2>
      <p class="muted">{t('reports_securityHelp', formatCount(READ_LIMIT))}</p>
      {report !== null && report.events === 0 && <p data-state="none">{t('reports_securityNone')}</p>}
      {report !== null && report.events > 0 && (
        <>
          <p data-testid="security-totals">{t('reports_securityTotals', formatCount(report.events), formatCount(report.calls))}</p>
          <table data-testid="security-by-kind">
            <thead><tr>
              <th scope="col">{t('reports_securityKind')}</th><th scope="col">{t('reports_securityEvents')}</th>
              <th scope="col">{t('reports_guardsCalls')}</th><th scope="col">{t('reports_colLastSeen')}</th>
            </tr></thead>
            <tbody>
              {report.byKind.map((r) => (
                <tr key={r.kind} data-kind={r.kind}><td>{KIND_LABEL[r.kind]()}</td><td>{r.events}</td><td>{r.calls}</td><td>{formatDateTime(r.lastSeen)}</td></tr>
              ))}
            </tbody>
          </table>
          <table data-testid="security-by-agent">
            <thead><tr>
              <th scope="col">{t('reports_guardsAgent')}</th><th scope="col">{t('reports_securityEvents')}</th>
              <th scope="col">{t('reports_guardsCalls')}</th><th scope="col">{t('reports_colLastSeen')}</th>
            </tr></thead>
            <tbody>
              {report.byAgent.map((r) => (
                <tr key={r.agentId}><td>{r.agentId || t('reports_guardsNoAgent')}</td><td>{r.events}</td><td>{r.calls}</td><td>{formatDateTime(r.lastSeen)}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
