/**
 * The options page: every setting with its effective value and source, editors for what the
 * organisation has not locked, the policy's problems and the session's diagnostics counters.
 * It reads storage directly (managed, local `options`, the session's counters) and follows their changes live.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/platform/i18n';
import { getPath, optionErrors, SECTIONS, setPath } from '@/lib/policy/options-fields';
import { resolvePolicy, unknownKeys } from '@/lib/policy/resolve';
import { OptionsField, type ValueSource } from './OptionsField';
import { OptionsDiagnostics } from './OptionsDiagnostics';
import { OptionsHostAccess } from './OptionsHostAccess';
import { FieldTools } from './FieldTools';
import { OptionsAdapterEvidence } from './OptionsAdapterEvidence';
import { OptionsGenesys } from './OptionsGenesys';
import { apiHostPattern, customHostPatternsOf } from '@/lib/policy/custom-hosts';
import { optionsItem, readManagedArea, readOptions, refusalCounters, watchAreas } from '@/platform/storage';

/**
 * Firefox: the add-on's origin is moz-extension://<random per-install UUID>, which no API's CORS list can
 * name, so the API host needs host access (Chromium's fixed extension id can be allow-listed instead).
 */
const MOZ = browser.runtime.getURL('/').startsWith('moz-extension:');

type Raw = Record<string, unknown>;
interface State {
  managed: Raw;
  local: Raw;
  refused: Record<string, number>;
}

/** Read the three storage areas the page shows. */
async function readState(): Promise<State> {
  const [managed, local, refused] = await Promise.all([readManagedArea(), readOptions(), refusalCounters.read()]);
  return { managed, local, refused };
}

/** Root component of the options page. */
export function OptionsApp() {
  const [state, setState] = useState<State | null>(null);

  useEffect(() => {
    let alive = true;
    const reload = (): void => void readState().then((s) => alive && setState(s));
    reload();
    const unwatch = watchAreas(['managed', 'local', 'session'], reload);
    return () => {
      alive = false;
      unwatch();
    };
  }, []);

  if (!state) return <p role="status">{t('options_loading')}</p>;
  const report = resolvePolicy(state.managed, state.local);
  const policyProblems = [...report.errors.filter((e) => e.startsWith('policy')), ...unknownKeys(state.managed)];

  const sourceOf = (path: string): ValueSource => {
    if (report.locked.includes(path)) return 'policy';
    const own = getPath(state.local, path);
    return own !== undefined && optionErrors(state.local, path).length === 0 ? 'options' : 'default';
  };
  const save = async (path: string, value: unknown): Promise<string | null> => {
    const candidate = setPath(await readOptions(), path, value);
    const errors = value === undefined ? [] : optionErrors(candidate, path);
    if (errors.length > 0) return errors.map((e) => e.replace(/^options\./, '')).join('; ');
    await optionsItem.setValue(candidate);
    return null;
  };

  return (
    <main class="options">
      <h1>{t('options_title')}</h1>
      <p>
        <a href={browser.runtime.getURL('/reports.html')} target="_blank" rel="noopener">{t('options_openReports')}</a>
      </p>
      <p>{t('options_intro')}</p>
      <p data-testid="policy-summary">{report.locked.length === 0 ? t('options_policyNone') : t('options_policyActive', report.locked.join(', '))}</p>
      {policyProblems.length > 0 && (
        <section aria-labelledby="policy-errors-title" class="policy-errors">
          <h2 id="policy-errors-title">{t('options_policyErrors')}</h2>
          <p>{t('options_policyErrorsHelp')}</p>
          <ul>{policyProblems.map((e) => <li key={e}><code>{e}</code></li>)}</ul>
        </section>
      )}
      {MOZ && <OptionsHostAccess kind="api" patterns={[apiHostPattern(report.settings.apiBaseUrl)].filter((p) => p !== null)} />}
      <OptionsHostAccess patterns={customHostPatternsOf(report.settings)} />
      <OptionsGenesys region={report.settings.genesys.region} />
      {SECTIONS.map((section) => (
        <fieldset key={section.title}>
          <legend>{t(section.title)}</legend>
          {section.fields.map((field) => (
            <OptionsField key={field.path} field={field} value={getPath(report.settings, field.path)} source={sourceOf(field.path)} onSave={(v) => save(field.path, v)} />
          ))}
        </fieldset>
      ))}
      <OptionsAdapterEvidence disabled={report.settings.disabledAdapters} />
      <FieldTools hosts={customHostPatternsOf(report.settings)} />
      <OptionsDiagnostics refused={state.refused} />
    </main>
  );
}
