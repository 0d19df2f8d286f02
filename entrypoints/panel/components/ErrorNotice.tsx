/** An API failure explained: what happened, what to do, and details for support. */
import type { ApiFailure } from '@/lib/api/failure';
import { focusOnMount } from './focus';
import { t, type MessageKey } from '@/platform/i18n';

/** Error box with a retry button (focused, so Enter retries). */
export function ErrorNotice({ error, onRetry }: { error: ApiFailure; onRetry: () => void }) {
  const help: MessageKey =
    error.kind === 'unauthorised' ? 'errorHelp_unauthorised' : error.kind === 'locked' ? 'errorHelp_locked' : 'errorHelp';
  return (
    <div class="error" role="alert" data-error-kind={error.kind}>
      <p class="what">{t(`error_${error.kind}`)}</p>
      <p class="todo">{t(help)}</p>
      {error.kind !== 'locked' && (
        <button type="button" class="primary" onClick={onRetry} ref={focusOnMount}>
          {t('retry')}
        </button>
      )}
      <p class="details">{t('errorDetails', error.detail, error.requestId)}</p>
    </div>
  );
}
