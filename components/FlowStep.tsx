/** Renders the current step of the flow: progress, candidates, search hint or an explained error. */
import { browser } from 'wxt/browser';
import type { Interaction } from '@/lib/background/store';
import { t } from '@/lib/i18n';
import { CandidateList } from './CandidateList';
import { ErrorNotice } from './ErrorNotice';

/** The body of the panel below the caller number. */
export function FlowStep({ interaction }: { interaction: Interaction }) {
  const flow = interaction.flow;
  const retry = (): void => {
    void browser.runtime.sendMessage({ type: 'panel.retry', interactionId: interaction.id });
  };
  switch (flow.step) {
    case 'identifying':
      return (
        <p class="progress" role="status" aria-busy="true">
          <span class="spinner" aria-hidden="true" /> {t('identifying')}
        </p>
      );
    case 'identified':
      return <CandidateList candidates={[flow.customer]} />;
    case 'choose':
      return (
        <>
          <p class="hint">{t('chooseMatches', String(flow.candidates.length))}</p>
          <CandidateList candidates={flow.candidates} />
        </>
      );
    case 'search':
      return <p class="hint" data-reason={flow.reason}>{t(`search_${flow.reason}`)}</p>;
    case 'error':
      return <ErrorNotice error={flow.error} onRetry={retry} />;
  }
}
