/**
 * Step-ups for the whole team from the API (GET /v1/reports/step-ups), per channel: started, passed, failed
 * (ran out of attempts), expired, denied in the app, pending, pass rate and the mean time to pass. Shown
 * under the same policy switch as the supervisor view; off or unreachable is said plainly.
 */
import { t } from '@/platform/i18n';
import type { ApiResult } from '@/lib/api/client';
import type { ReportFilter } from '@/lib/reports/filter';
import { summaryRange } from '@/lib/reports/server-summary';
import { fetchStepUpReport, stepUpRows, type StepUpRow } from '@/lib/reports/stepup-report';
import { formatCount, formatDuration, formatRate } from '@/lib/reports/view';
import type { Policy } from '@/lib/policy/schema';
import { ReportStatus, useServerReport } from './useServerReport';

// The rows are built once per answer, not on every render.
const fetchRows = (...args: Parameters<typeof fetchStepUpReport>): Promise<ApiResult<StepUpRow[]>> =>
  fetchStepUpReport(...args).then((r) => (r.ok ? { ok: true, data: stepUpRows(r.data) } : r));

/** The step-up section; `settings` null while they load. */
export function ReportsStepUps({ settings, filter }: { settings: Policy | null; filter: ReportFilter }) {
  const range = summaryRange(filter, Date.now());
  const { allowed, result, retry } = useServerReport(settings, range, fetchRows);

  return (
    <section aria-labelledby="step-ups-title" class="team" data-testid="step-ups">
      <h2 id="step-ups-title">{t('reports_stepUps')}</h2>
      {settings !== null && !allowed && <p class="notice" data-state="off">{t('reports_supervisorOff')}</p>}
      {allowed && <ReportStatus result={result} retry={retry} />}
      {allowed && result?.ok && <StepUpTable rows={result.data} range={range} />}
    </section>
  );
}

function StepUpTable({ rows, range }: { rows: StepUpRow[]; range: { from: string; to: string } }) {
  const heads = ['reports_stepUps_channel', 'reports_stepUps_started', 'reports_stepUps_passed', 'reports_stepUps_failed', 'reports_stepUps_expired',
    'reports_stepUps_denied', 'reports_stepUps_pending', 'reports_stepUps_passRate', 'reports_stepUps_timeToPass'] as const;
  return (
    <>
      <p class="muted">{t('reports_supervisorRange', range.from, range.to)}</p>
      <table class="summary" data-state="ok">
        <thead><tr>{heads.map((h, i) => <th scope="col" key={h} class={i > 0 ? 'num' : undefined}>{t(h)}</th>)}</tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.channel ?? 'totals'} class={r.channel ? undefined : 'totals'} data-channel={r.channel ?? 'totals'}>
              <th scope="row">{r.channel ? t(`reports_stepUps_${r.channel}`) : t('reports_allGroups')}</th>
              <td>{formatCount(r.started)}</td>
              <td>{formatCount(r.passed)}</td>
              <td>{formatCount(r.failed)}</td>
              <td>{formatCount(r.expired)}</td>
              <td>{formatCount(r.denied)}</td>
              <td>{formatCount(r.pending)}</td>
              <td>{formatRate(r.passRate)}</td>
              <td>{formatDuration(r.meanSecondsToPass === undefined ? null : r.meanSecondsToPass * 1000)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
