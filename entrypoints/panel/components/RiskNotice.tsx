/**
 * Why the API rates this call medium or high risk, in plain words ("3 failed attempts on this customer in the
 * last 24 h from 2 numbers"), and how many more questions that costs. Nothing for a low-risk call, or when the
 * policy hides the reasons. The reasons are the API's words (`text`): they carry the figures the agent needs.
 */
import type { FlowState } from '@/lib/flow';
import { riskExtraQuestions, shownRiskReasons } from '@/lib/flow';
import { t } from '@/platform/i18n';

/** The risk notice under the caller's number. */
export function RiskNotice({ flow }: { flow: FlowState }) {
  const reasons = shownRiskReasons(flow, flow.config.riskShowReasons ?? true);
  if (reasons.length === 0 || (flow.identifyRisk !== 'medium' && flow.identifyRisk !== 'high')) return null;
  const extra = riskExtraQuestions(flow);
  return (
    <section class={`risk risk-${flow.identifyRisk}`} role="note" aria-label={t(flow.identifyRisk === 'high' ? 'risk_high' : 'risk_medium')} data-testid="risk-notice">
      <strong data-testid="risk-level">{t(flow.identifyRisk === 'high' ? 'risk_high' : 'risk_medium')}</strong>
      <ul>
        {reasons.map((r) => <li key={r.code} data-testid="risk-reason">{r.text}</li>)}
      </ul>
      {extra > 0 && <p data-testid="risk-extra">{t('risk_extra', String(extra))}</p>}
    </section>
  );
}
