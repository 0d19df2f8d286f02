/** The outcome line at the top of the panel: exactly one of Verified / Identified only / Not identified. */
import type { Candidate } from '@/lib/contract';
import type { Outcome } from '@/lib/flow';
import { t } from '@/lib/i18n';

interface Props {
  outcome: Outcome;
  customer?: Candidate | undefined;
  compact?: boolean;
}

/** Outcome badge with the customer's name and id when identified. */
export function StatusLine({ outcome, customer, compact }: Props) {
  return (
    <section class={`status status-${outcome}`} aria-label={t('statusLabel')} role="status" data-outcome={outcome}>
      <strong class="outcome">{t(`outcome_${outcome}`)}</strong>
      {customer && !compact && (
        <span class="who">
          <span class="name">{customer.displayName}</span>
          <span class="cid">
            {t('customerId')}: {customer.customerId}
          </span>
        </span>
      )}
    </section>
  );
}
