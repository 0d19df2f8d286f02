/**
 * The built-in CRM adapters and the public evidence behind each part of them (selectors, the URL that
 * carries the interaction id, vendor event sources): one row per adapter with its weakest and strongest
 * part, then per adapter the parts with their status and sources. Unverified parts are named as such: they
 * rely on markup nobody public shows, so after a CRM release they are the first to check.
 */
import { t, type MessageKey } from '@/platform/i18n';
import { builtInEvidence, type AdapterEvidence } from '@/lib/adapters/evidence';
import type { Evidence, EvidenceStatus } from '@/lib/adapters/types';

interface Props {
  /** Adapter ids switched off by `disabledAdapters`. */
  disabled: readonly string[];
}

const STATUS: Record<EvidenceStatus, MessageKey> = {
  'vendor-code': 'options_evidence_vendorCode',
  'vendor-doc': 'options_evidence_vendorDoc',
  'public-automation': 'options_evidence_publicAutomation',
  unverified: 'options_evidence_unverified',
};

/** The evidence is fixed at build time: computed once per page. */
const ADAPTERS: readonly AdapterEvidence[] = builtInEvidence();

/** A status as a short labelled badge (its class colours it; the text says it). */
function Status({ status }: { status: EvidenceStatus }) {
  return <span class={`evidence evidence-${status}`} data-status={status}>{t(STATUS[status])}</span>;
}

/** One source: package or document, then file, element and CSS where the citation has them. */
const cite = (e: Evidence): string => [e.source, e.file, e.element, e.css].filter((x) => x).join(' · ');

/** The "Built-in CRM adapters" section. */
export function OptionsAdapterEvidence({ disabled }: Props) {
  return (
    <section aria-labelledby="adapter-evidence-title" class="adapter-evidence">
      <h2 id="adapter-evidence-title">{t('options_adapters')}</h2>
      <p class="muted">{t('options_adaptersHelp')}</p>
      <table>
        <thead>
          <tr><th scope="col">{t('options_adapter')}</th><th scope="col">{t('options_adapterWeakest')}</th><th scope="col">{t('options_adapterStrongest')}</th></tr>
        </thead>
        <tbody>
          {ADAPTERS.map((a) => (
            <tr key={a.adapterId} data-adapter={a.adapterId}>
              <td>{a.label} <code>{a.adapterId}</code>{disabled.includes(a.adapterId) && <> ({t('options_adapterOff')})</>}</td>
              <td><Status status={a.status} /> {t('options_adapterUnverifiedParts', String(a.counts.unverified), String(a.keys.length))}</td>
              <td><Status status={a.strongest} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {ADAPTERS.map((a) => (
        <details key={a.adapterId} data-adapter={a.adapterId}>
          <summary>{t('options_adapterParts', a.label)}</summary>
          <ul>
            {a.keys.map((k) => (
              <li key={k.key} data-key={k.key}>
                <code>{k.key}</code> <Status status={k.status} />
                <ul>
                  {k.evidence.length === 0 ? <li>{t('options_evidenceNone')}</li> : k.evidence.map((e, i) => (
                    <li key={i}><Status status={e.status} /> {cite(e)}{e.note ? `: ${e.note}` : ''}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}
