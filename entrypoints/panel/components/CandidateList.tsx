/** Customers matching the caller, as the Salesforce Contact Search shows them: name, account, role, phone. */
import type { Candidate } from '@/lib/api/contract';
import { focusOnMount } from './focus';
import { t } from '@/platform/i18n';

interface Props {
  candidates: Candidate[];
  /** When given, each candidate is a button that selects it (the first one takes focus). */
  onSelect?: (customerId: string) => void;
}

/** A list of candidate customers (text only: names from the API are never parsed as markup). */
export function CandidateList({ candidates, onSelect }: Props) {
  return (
    <ul class="candidates">
      {candidates.map((c, i) => {
        const body = (
          <>
            <span class="name">{c.displayName}</span>
            <span class="meta">
              {t('customerId')}: {c.customerId}
              {c.accountName && ` · ${t('account')}: ${c.accountName}`}
              {c.role && ` · ${t('role')}: ${c.role}`}
              {c.maskedPhone && ` · ${c.maskedPhone}`}
            </span>
          </>
        );
        return (
          <li key={c.customerId} data-customer-id={c.customerId}>
            {onSelect ? (
              <button type="button" class="candidate" ref={i === 0 ? focusOnMount : undefined} onClick={() => onSelect(c.customerId)}>
                {body}
              </button>
            ) : (
              body
            )}
          </li>
        );
      })}
    </ul>
  );
}
