/**
 * One line under the flow when the page found a Genesys call the notification channel would have
 * announced sooner had the agent been signed in (the worker decides: lib/genesys/sign-in-hint.ts). Only
 * advice, so the agent can dismiss it; it stays dismissed while this panel shows the call.
 */
import { useState } from 'preact/hooks';
import type { GenesysSignInHint as Hint } from '@/lib/genesys/sign-in-hint';
import { t } from '@/platform/i18n';

/** The sign-in hint with its dismiss button; nothing without a hint or once dismissed. */
export function GenesysSignInHint({ hint }: { hint: Hint | undefined }) {
  const [dismissed, setDismissed] = useState(false);
  if (!hint || dismissed) return null;
  return (
    <p class="notice hint-line" role="status" data-testid="genesys-sign-in-hint">
      <span>{t('genesysSignInHint', `apps.${hint.region}`)}</span>
      <button type="button" class="icon" aria-label={t('genesysSignInHintDismiss')} onClick={() => setDismissed(true)}>×</button>
    </p>
  );
}
