/**
 * Host access for optional hosts: custom CRM hosts (admin-declared adapters on hosts the manifest does not
 * list) and, in Firefox, the API's host. Which hosts still lack access, and one "Grant access" button that
 * asks for all of them in ONE
 * `permissions.request` (one browser prompt). The request must run inside the click (user gesture), so
 * the missing list is computed beforehand and kept current through permissions.onAdded/onRemoved.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/platform/i18n';

interface Props {
  /** Origin patterns (lib/policy/custom-hosts.ts customHostPatternsOf, apiHostPattern). */
  patterns: string[];
  /** Which hosts these are: the section's title and texts. */
  kind?: 'crm' | 'api';
}

/** Message keys per kind (the shared ones: host, state, granted, missing, grant, failed). */
const TEXTS = {
  crm: { id: 'host-access', title: 'options_hostAccess', help: 'options_hostAccessHelp', all: 'options_hostAccessAll', refused: 'options_hostAccessRefused' },
  api: { id: 'api-access', title: 'options_apiAccess', help: 'options_apiAccessHelp', all: 'options_apiAccessAll', refused: 'options_apiAccessRefused' },
} as const;

type Outcome = 'idle' | 'granted' | 'refused' | 'failed';

/** Which of `patterns` are granted now. */
async function grantedOf(patterns: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const origin of patterns) {
    if (await browser.permissions.contains({ origins: [origin] }).catch(() => false)) out.add(origin);
  }
  return out;
}

/** The "Custom CRM hosts" (or API host) section; nothing when no host needs access. */
export function OptionsHostAccess({ patterns, kind = 'crm' }: Props) {
  const text = TEXTS[kind];
  const [granted, setGranted] = useState<Set<string> | null>(null);
  const [outcome, setOutcome] = useState<Outcome>('idle');
  const key = patterns.join(' ');

  useEffect(() => {
    let alive = true;
    const reload = (): void => void grantedOf(patterns).then((g) => alive && setGranted(g));
    reload();
    browser.permissions.onAdded.addListener(reload);
    browser.permissions.onRemoved.addListener(reload);
    return () => {
      alive = false;
      browser.permissions.onAdded.removeListener(reload);
      browser.permissions.onRemoved.removeListener(reload);
    };
    // `key` stands for the list's content: a new array with the same hosts must not re-subscribe.
  }, [key]);

  if (patterns.length === 0 || !granted) return null;
  const missing = patterns.filter((p) => !granted.has(p));
  const grant = (): void => {
    // Called synchronously in the click handler: the browser only shows its prompt during a user gesture.
    browser.permissions.request({ origins: missing }).then(
      (ok) => setOutcome(ok ? 'granted' : 'refused'),
      () => setOutcome('failed'),
    );
  };

  return (
    <section aria-labelledby={`${text.id}-title`} class={`host-access host-access-${kind}`}>
      <h2 id={`${text.id}-title`}>{t(text.title)}</h2>
      <p class="muted">{t(text.help)}</p>
      <table>
        <thead>
          <tr><th scope="col">{t('options_hostAccessHost')}</th><th scope="col">{t('options_hostAccessState')}</th></tr>
        </thead>
        <tbody>
          {patterns.map((p) => (
            <tr key={p} data-host={p}>
              <td><code>{p}</code></td>
              <td class={granted.has(p) ? 'ok' : 'bad'}>{granted.has(p) ? t('options_hostAccessGranted') : t('options_hostAccessMissing')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {missing.length > 0 ? (
        <p><button type="button" onClick={grant}>{t('options_hostAccessGrant')}</button></p>
      ) : (
        <p class="ok">{t(text.all)}</p>
      )}
      {outcome === 'refused' && <p role="status" class="bad">{t(text.refused)}</p>}
      {outcome === 'failed' && <p role="status" class="bad">{t('options_hostAccessFailed')}</p>}
    </section>
  );
}
