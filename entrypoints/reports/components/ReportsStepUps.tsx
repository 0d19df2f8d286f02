/**
 * Step-ups for the whole team from the API (GET /v1/reports/step-ups), per channel: started, passed, failed
 * (ran out of attempts), expired, denied in the app, pending, pass rate and the mean time to pass. Shown
 * under the same policy switch as the supervisor view; off or unreachable is said plainly.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/platform/i18n';
import type { ApiFailure } from '@/lib/api/failure';
import type { ReportFilter } from '@/lib/reports/filter';
import { apiOptions, serverSummaryAllowed, summaryRange } from '@/lib/reports/server-summary';
import { fetchStepUpReport, stepUpRows, type StepUpRow } from '@/lib/reports/stepup-report';
import { formatCount, formatDuration, formatRate } from '@/lib/reports/view';
import type { Policy } from '@/lib/policy/schema';

type State = { kind: 'loading' } | { kind: 'ok'; rows: StepUpRow[] } | { kind: 'failed'; error: ApiFailure };

/** The step-up section; `settings` null while they load. */
export function ReportsStepUps({ settings, filter }: { settings: Policy | null; filter: ReportFilter }) {
  const allowed = settings !== null && serverSummaryAllowed(settings);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const range = summaryRange(filter, Date.now());

  useEffect(() => {
    if (!allowed || !settings) return;
    let alive = true;
    setState({ kind: 'loading' });
    void fetchStepUpReport(apiOptions(settings), range).then((r) => {
      if (alive) setState(r.ok ? { kind: 'ok', rows: stepUpRows(r.data) } : { kind: 'failed', error: r.error });
    });
    return () => void (alive = false);
  }, [allowed, settings, range.from, range.to, attempt]);

  return (
    <section aria-labelledby="step-ups-title" class="team" data-testid="step-ups">
      <h2 id="step-ups-title">{t('reports_stepUps')}</h2>
      {settings !== null && !allowed && <p class="notice" data-state="off">{t('reports_supervisorOff')}</p>}
      {allowed && state.kind === 'loading' && <p role="status">{t('reports_supervisorLoading')}</p>}
      {allowed && state.kind === 'failed' && (
        <div role="alert" class="notice bad-box" data-state="down">
          <p>{t('reports_supervisorDown', t(`error_${state.error.kind}`))}</p>
          <p class="muted">{t('reports_requestId', state.error.requestId)}</p>
          <button type="button" onClick={() => setAttempt((a) => a + 1)}>{t('retry')}</button>
        </div>
      )}
      {allowed && state.kind === 'ok' && <StepUpTable rows={state.rows} range={range} />}
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
