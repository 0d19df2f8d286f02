/** Customers matching the caller, as the Salesforce Contact Search shows them: name, account, role, phone. */
import type { Candidate } from '@/lib/contract';
import { t } from '@/lib/i18n';

/** A list of candidate customers (text only: names from the API are never parsed as markup). */
export function CandidateList({ candidates }: { candidates: Candidate[] }) {
  return (
    <ul class="candidates">
      {candidates.map((c) => (
        <li key={c.customerId} data-customer-id={c.customerId}>
          <span class="name">{c.displayName}</span>
          <span class="meta">
            {t('customerId')}: {c.customerId}
            {c.accountName && ` · ${t('account')}: ${c.accountName}`}
            {c.role && ` · ${t('role')}: ${c.role}`}
            {c.maskedPhone && ` · ${c.maskedPhone}`}
          </span>
        </li>
      ))}
    </ul>
  );
}
