/**
 * Supervisor view: the same headline figures for all agents, from the API's GET /v1/reports/summary,
 * shown only when the policy allows it (`reports.serverSummary`). When it is off, or the API cannot be
 * reached, the section says so plainly; the local figures above never depend on it.
 */
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '@/platform/i18n';
import type { ApiFailure } from '@/lib/api/failure';
import type { ReportSummary } from '@/lib/api/contract';
import type { ReportFilter } from '@/lib/reports/filter';
import { apiOptions, fetchServerSummary, serverSummaryAllowed, summaryRange, type SummaryGroupBy } from '@/lib/reports/server-summary';
import { formatCount, formatRate } from '@/lib/reports/view';
import type { Policy } from '@/lib/policy/schema';

type State = { kind: 'loading' } | { kind: 'ok'; summary: ReportSummary } | { kind: 'failed'; error: ApiFailure };
const GROUP_KEYS: Record<SummaryGroupBy, MessageKey> = { day: 'reports_groupByDay', agent: 'reports_groupByAgent', method: 'reports_groupByMethod' };
const optOutRate = (c: { total: number; optOuts: number }): number | null => (c.total === 0 ? null : c.optOuts / c.total);

/** The team-summary section; `settings` null while they load. */
export function ReportsSupervisor({ settings, filter }: { settings: Policy | null; filter: ReportFilter }) {
  const allowed = settings !== null && serverSummaryAllowed(settings);
  const [groupBy, setGroupBy] = useState<SummaryGroupBy>('agent');
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const range = summaryRange(filter, Date.now());

  useEffect(() => {
    if (!allowed || !settings) return;
    let alive = true;
    setState({ kind: 'loading' });
    void fetchServerSummary(apiOptions(settings), range, groupBy).then((r) => {
      if (alive) setState(r.ok ? { kind: 'ok', summary: r.data } : { kind: 'failed', error: r.error });
    });
    return () => void (alive = false);
  }, [allowed, settings, range.from, range.to, groupBy, attempt]);

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
          {state.kind === 'loading' && <p role="status">{t('reports_supervisorLoading')}</p>}
          {state.kind === 'failed' && (
            <div role="alert" class="notice bad-box" data-state="down">
              <p>{t('reports_supervisorDown', t(`error_${state.error.kind}`))}</p>
              <p class="muted">{t('reports_requestId', state.error.requestId)}</p>
              <button type="button" onClick={() => setAttempt((a) => a + 1)}>{t('retry')}</button>
            </div>
          )}
          {state.kind === 'ok' && <SummaryTable summary={state.summary} groupLabel={t(GROUP_KEYS[groupBy])} />}
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
