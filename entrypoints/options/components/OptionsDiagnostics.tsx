/** Diagnostics: the worker's counts of refused messages by reason (this browser session). */
import { t } from '@/platform/i18n';

interface Props {
  /** Reason → count. */
  refused: Record<string, number>;
}

/** The diagnostics section. */
export function OptionsDiagnostics({ refused }: Props) {
  const rows = Object.entries(refused).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section aria-labelledby="diag-title" class="diagnostics">
      <h2 id="diag-title">{t('options_diagnostics')}</h2>
      <p class="muted">{t('options_diagnosticsHelp')}</p>
      {rows.length === 0 ? (
        <p>{t('options_diagnosticsNone')}</p>
      ) : (
        <table>
          <thead>
            <tr><th scope="col">{t('options_reason')}</th><th scope="col">{t('options_count')}</th></tr>
          </thead>
          <tbody>
            {rows.map(([reason, count]) => (
              <tr key={reason} data-reason={reason}><td>{reason}</td><td>{count}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
