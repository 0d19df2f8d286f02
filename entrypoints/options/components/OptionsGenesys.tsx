/**
 * One line about Genesys Cloud when policy `genesys` is set: signed in (calls come from the notification
 * channel) or not, and then how to sign in for faster detection. The worker writes the status
 * to storage.session as it opens the notification channel; this page only reads it.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/platform/i18n';
import { authStore, watchAreas } from '@/platform/storage';
import { GENESYS_STATUS_KEY } from '@/lib/genesys/keys';

interface Status { state?: string; detail?: string }

/** The Genesys sign-in line; nothing when no region is configured. */
export function OptionsGenesys({ region }: { region: string }) {
  const [status, setStatus] = useState<Status | null>(null);
  useEffect(() => {
    const read = (): void => void authStore.get(GENESYS_STATUS_KEY).then((v) => setStatus((v as Status | undefined) ?? null), () => setStatus(null));
    read();
    return watchAreas(['session'], (changes) => {
      if (Object.hasOwn(changes, GENESYS_STATUS_KEY)) read();
    });
  }, []);
  if (!region) return null;
  const text = status?.state === 'connected' ? t('options_genesys_connected')
    : status?.state === 'error' ? t('options_genesys_error', status.detail ?? '')
    : t('options_genesys_signedOut', `https://apps.${region}`);
  return <p data-testid="genesys-status" data-state={status?.state ?? 'signed-out'} role="status">{text}</p>;
}
