/** Manual identification: the methods the policy allows, validated before anything is sent. */
import { useState } from 'preact/hooks';
import type { Interaction } from '@/lib/interaction';
import { CUSTOMER_ID_PATTERN, type SearchMethod } from '@/lib/values';
import { normaliseAni } from '@/lib/phone';
import { focusOnMount } from './focus';
import { t } from '@/platform/i18n';
import { send } from '@/platform/messaging';

const VALID: Record<SearchMethod, (v: string) => string | null> = {
  customerId: (v) => (CUSTOMER_ID_PATTERN.test(v) ? v : null),
  accountNumber: (v) => (/^\d{4,20}$/.test(v.replace(/[\s-]/g, '')) ? v.replace(/[\s-]/g, '') : null),
  phone: (v) => {
    const ani = normaliseAni(v);
    return ani.kind === 'number' ? ani.e164 : null;
  },
  lastName: (v) => (/^[\p{L}][\p{L}\s'’.-]{0,99}$/u.test(v) ? v : null),
};

/** Search form; `compact` when shown under a candidate list ("none of these"). */
export function SearchForm({ interaction, compact }: { interaction: Interaction; compact?: boolean }) {
  const { flow } = interaction;
  const methods = flow.config.methods;
  const [method, setMethod] = useState<SearchMethod>(methods.includes('lastName') ? 'lastName' : (methods[0] ?? 'customerId'));
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const left = flow.config.maxIdentifyAttempts - flow.identifyFailures;
  const step = flow.step;
  const onSubmit = (e: Event): void => {
    e.preventDefault();
    const clean = VALID[method](value.trim());
    setInvalid(clean === null);
    if (clean !== null) void send({ type: 'panel.search', interactionId: interaction.id, method, value: clean });
  };
  return (
    <form class="search" onSubmit={onSubmit} aria-label={t('searchTitle')}>
      {!compact && step.name === 'search' && <p class="hint" data-reason={step.reason}>{t(`search_${step.reason}`)}</p>}
      {step.name === 'search' && step.notice === 'no_match' && (
        <p class="notice" role="alert">{t('noMatchAttemptsLeft', String(left))}</p>
      )}
      {compact && <p class="hint">{t('noneOfThese')}</p>}
      <label for="method">{t('searchBy')}</label>
      <select id="method" value={method} onChange={(e) => setMethod((e.target as HTMLSelectElement).value as SearchMethod)}>
        {methods.map((m) => (
          <option key={m} value={m}>{t(`method_${m}`)}</option>
        ))}
      </select>
      <label for="value">{t(`method_${method}`)}</label>
      <input
        id="value"
        ref={!compact ? focusOnMount : undefined}
        autoComplete="off"
        inputMode={method === 'accountNumber' || method === 'phone' ? 'numeric' : 'text'}
        value={value}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'value-error' : undefined}
        onInput={(e) => setValue((e.target as HTMLInputElement).value)}
      />
      {invalid && <p id="value-error" class="field-error">{t(`invalid_${method}`)}</p>}
      <button type="submit" class="primary">{t('search')}</button>
    </form>
  );
}
