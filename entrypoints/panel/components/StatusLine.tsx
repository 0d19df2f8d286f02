/** The outcome line at the top of the panel: exactly one of Verified / Identified only / Not identified. */
import type { Candidate } from '@/lib/api/contract';
import type { Outcome } from '@/lib/flow';
import { t } from '@/platform/i18n';

interface Props {
  outcome: Outcome;
  customer?: Candidate | undefined;
  representative?: Candidate | undefined;
  compact?: boolean;
}

/** Outcome badge with the customer's (and representative's) name and id when known. */
export function StatusLine({ outcome, customer, representative, compact }: Props) {
  return (
    <section class={`status status-${outcome}`} aria-label={t('statusLabel')} role="status">
      <strong class="outcome" data-outcome={outcome}>{t(`outcome_${outcome}`)}</strong>
      {customer && !compact && (
        <span class="who">
          <span class="name">{customer.displayName}</span>
          <span class="cid">
            {t('customerId')}: {customer.customerId}
            {customer.kind === 'business' && customer.accountName ? ` · ${customer.accountName}` : ''}
          </span>
          {representative && (
            <span class="rep">{t('representedBy', representative.displayName, representative.customerId)}</span>
          )}
        </span>
      )}
    </section>
  );
}
