/**
 * Risk sections for the whole team from the API (issue 24): failure rate per question (and how often callers
 * who were then verified failed it: questions genuine callers cannot answer), risk levels and failures per day,
 * and guarded actions per agent (blocks and overrides). Under the same policy switch as the supervisor view.
 */
import { t, type MessageKey } from '@/platform/i18n';
import type { ApiResult } from '@/lib/api/client';
import type { ReportFilter } from '@/lib/reports/filter';
import { summaryRange } from '@/lib/reports/server-summary';
import { fetchRiskReports, guardAgentRows, questionRows, riskDayRows } from '@/lib/reports/risk-report';
import { formatCount, formatRate } from '@/lib/reports/view';
import type { Policy } from '@/lib/policy/schema';
import { useServerReport } from './useServerReport';

/** The three risk sections; `settings` null while they load. */
export function ReportsRisk({ settings, filter }: { settings: Policy | null; filter: ReportFilter }) {
  // The three reports come together but each may fail on its own, so each section has its own failure line.
  const { allowed, result: reports } = useServerReport(settings, summaryRange(filter, Date.now()), fetchRiskReports);

  const section = <T,>(id: string, title: MessageKey, result: ApiResult<T> | undefined, body: (data: T) => preact.ComponentChildren) => (
    <section aria-labelledby={`${id}-title`} class="team" data-testid={id}>
      <h2 id={`${id}-title`}>{t(title)}</h2>
      {settings !== null && !allowed && <p class="notice" data-state="off">{t('reports_api_off')}</p>}
      {allowed && !result && <p role="status">{t('reports_supervisorLoading')}</p>}
      {allowed && result && !result.ok && <p role="alert" class="notice bad-box" data-state="down">{t('reports_api_failed', t(`error_${result.error.kind}`))}</p>}
      {allowed && result?.ok && body(result.data)}
    </section>
  );
  const head = (keys: MessageKey[]) => <thead><tr>{keys.map((k, i) => <th scope="col" key={k} class={i > 0 ? 'num' : undefined}>{t(k)}</th>)}</tr></thead>;

  return (
    <>
      {section('risk-questions', 'reports_questions', reports?.questions, (data) => (
        <>
          <p class="muted">{t('reports_questions_hint')}</p>
          <table class="summary" data-state="ok">
            {head(['reports_col_question', 'reports_col_asked', 'reports_col_failed', 'reports_col_failureRate', 'reports_col_genuine'])}
            <tbody>{questionRows(data).map((q) => (
              <tr key={q.questionId} data-question={q.questionId}>
                <th scope="row">{q.questionId}</th><td>{formatCount(q.asked)}</td><td>{formatCount(q.failed)}</td>
                <td>{formatRate(q.asked === 0 ? null : q.failureRate)}</td><td>{formatCount(q.failedByVerified)}</td>
              </tr>
            ))}</tbody>
          </table>
        </>
      ))}
      {section('risk-levels', 'reports_risk', reports?.risk, (data) => (
        <table class="summary" data-state="ok">
          {head(['reports_col_day', 'reports_col_medium', 'reports_col_high', 'reports_col_failedVerify', 'reports_col_failedStepUp'])}
          <tbody>
            {riskDayRows(data).map((d) => (
              <tr key={d.day} data-day={d.day}>
                <th scope="row">{d.day}</th><td>{formatCount(d.medium)}</td><td>{formatCount(d.high)}</td>
                <td>{formatCount(d.failedVerifications)}</td><td>{formatCount(d.failedStepUps)}</td>
              </tr>
            ))}
            <tr class="totals" data-day="totals">
              <th scope="row">{t('reports_allGroups')}</th><td>{formatCount(data.totals.medium)}</td><td>{formatCount(data.totals.high)}</td>
              <td>{formatCount(data.totals.failedVerifications)}</td><td>{formatCount(data.totals.failedStepUps)}</td>
            </tr>
          </tbody>
        </table>
      ))}
      {section('risk-guards', 'reports_overrides', reports?.guards, (data) => (
        <table class="summary" data-state="ok">
          {head(['reports_col_agent', 'reports_col_calls', 'reports_col_blocked', 'reports_col_overrides'])}
          <tbody>{guardAgentRows(data).map((a) => (
            <tr key={a.agent} data-agent={a.agent}>
              <th scope="row">{a.agent}</th><td>{formatCount(a.calls)}</td><td>{formatCount(a.blocked)}</td><td>{formatCount(a.overrides)}</td>
            </tr>
          ))}</tbody>
        </table>
      ))}
    </>
  );
}
