/**
 * OAuth sign-in, explained: the API needs the agent to sign in (or the last sign-in failed). The button
 * starts the interactive flow in the worker (a click, because it opens the sign-in window); the worker
 * then resumes the call by itself, so the panel only shows progress and any new failure.
 */
import { useState } from 'preact/hooks';
import type { ApiFailure } from '@/lib/api/failure';
import { t } from '@/platform/i18n';
import { focusOnMount } from './focus';
import { send } from '@/platform/messaging';

/** The sign-in box for interaction `interactionId`. */
export function SignInNotice({ interactionId, error }: { interactionId: string; error: ApiFailure }) {
  const [busy, setBusy] = useState(false);
  const start = (): void => {
    setBusy(true);
    void send({ type: 'panel.signIn', interactionId }).finally(() => setBusy(false));
  };
  return (
    <div class="error sign-in" role="alert" data-sign-in={error.signIn ?? 'required'} data-error-kind={error.kind}>
      <p class="what">{t('signIn_title')}</p>
      <p class="todo">{t(error.signIn === 'failed' ? 'signIn_failed' : 'signIn_help')}</p>
      <button type="button" class="primary" onClick={start} disabled={busy} aria-busy={busy} ref={focusOnMount}>
        {busy ? t('signIn_busy') : t('signIn_button')}
      </button>
      <p class="details">{t('signIn_details', error.detail)}</p>
    </div>
  );
}
