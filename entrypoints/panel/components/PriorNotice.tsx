/** Why a verification the API recorded for this call before the flow started was not taken as the verdict. */
import type { FlowState } from '@/lib/flow';
import { t } from '@/platform/i18n';
import { timeOfDay } from './FlowStep';

/** The agent sees that a prior verification exists and why it does not count, so asking is expected, not a fault. */
export function PriorNotice({ prior }: { prior: FlowState['prior'] }) {
  if (!prior?.refused) return null;
  const text = prior.refused === 'other_number' ? t('priorOtherNumber')
    : t(prior.refused === 'stale' ? 'priorStale' : 'priorNoNumber', timeOfDay(prior.verifiedAt));
  return <p class="notice" role="status" data-prior={prior.refused}>{text}</p>;
}
