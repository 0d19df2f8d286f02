/**
 * Every built-in adapter's evidence in one place, for display (options page, admin guide): per adapter,
 * per selector, per URL pattern its module cites and per vendor event source, the sources that show it
 * and one status.
 * A selector's status is its weakest source's: a selector that also relies on an assumption nobody public
 * shows is unverified in that part, and the display says so. A selector with no evidence at all is
 * unverified. Never bundled into the content script (only the options page and tests import it).
 */
import type { Adapter, Evidence, EvidenceStatus, ValueSource } from './types';
import { BUILT_IN_ADAPTERS } from './index';
import { salesforceEvidence } from './salesforce-evidence';
import { dynamicsEvidence } from './dynamics-evidence';
import { zendeskEvidence } from './zendesk-evidence';
import { amazonConnectEvidence } from './amazon-connect-evidence';
import { genesysEvidence } from './genesys-evidence';

/** Strongest first. */
export const EVIDENCE_STATUSES: readonly EvidenceStatus[] = ['vendor-code', 'vendor-doc', 'public-automation', 'unverified'];

/** One selector, URL pattern or vendor event source, with its sources and status. */
export interface KeyEvidence {
  /** `callView`, `ani[i]`, ..., `urlPattern`, or the evidence module's event key (e.g. `event:<kind>`). */
  key: string;
  kind: 'selector' | 'url' | 'event';
  /** The selector, the URL pattern, or the event kind. */
  selector: string;
  status: EvidenceStatus;
  evidence: readonly Evidence[];
}

/** One adapter: its parts' evidence, its weakest and strongest status and how many parts have each. */
export interface AdapterEvidence {
  adapterId: string;
  label: string;
  /** The weakest part's status: `unverified` when any part relies on something nobody public shows. */
  status: EvidenceStatus;
  /** The strongest part's status (e.g. a vendor event source while the DOM fallback is unverified). */
  strongest: EvidenceStatus;
  counts: Record<EvidenceStatus, number>;
  keys: readonly KeyEvidence[];
}

type EvidenceTable = Record<string, Record<string, readonly Evidence[]>>;

/** Every adapter module's evidence export, merged by adapter id. */
function allEvidence(): EvidenceTable {
  return { ...salesforceEvidence(), ...dynamicsEvidence(), ...zendeskEvidence(), ...amazonConnectEvidence(), ...genesysEvidence() };
}

/** The weakest of some statuses ('unverified' for none). */
export function weakest(statuses: readonly EvidenceStatus[]): EvidenceStatus {
  if (statuses.length === 0) return 'unverified';
  return statuses.reduce((a, b) => (EVIDENCE_STATUSES.indexOf(b) > EVIDENCE_STATUSES.indexOf(a) ? b : a));
}

/** An adapter's selectors by key: callView, ani[i], interactionId, customerId, attestation, version. */
export function selectorKeys(a: Adapter): Record<string, string> {
  const out: Record<string, string> = { callView: a.callView };
  a.ani.forEach((s, i) => (out[`ani[${i}]`] = s.selector));
  for (const key of ['interactionId', 'customerId', 'attestation', 'version'] as const) {
    const src = a[key] as ValueSource | undefined;
    if (src) out[key] = src.selector;
  }
  return out;
}

/** The evidence of one adapter: its URL pattern and event sources when its module cites them, every selector. */
export function evidenceOf(a: Adapter, table: EvidenceTable = allEvidence()): AdapterEvidence {
  const cited = table[a.id] ?? {};
  const parts: [string, KeyEvidence['kind'], string][] = [
    ...(cited.urlPattern ? [['urlPattern', 'url', a.urlPattern] as [string, KeyEvidence['kind'], string]] : []),
    ...Object.entries(selectorKeys(a)).map(([key, selector]): [string, KeyEvidence['kind'], string] => [key, 'selector', selector]),
    ...Object.keys(cited).filter((key) => /^events?[.:]/.test(key)).map((key): [string, KeyEvidence['kind'], string] => [key, 'event', key.replace(/^events?[.:]/, '')]),
  ];
  const keys = parts.map(([key, kind, selector]): KeyEvidence => {
    const evidence = cited[key] ?? [];
    return { key, kind, selector, evidence, status: weakest(evidence.map((e) => e.status)) };
  });
  const counts = Object.fromEntries(EVIDENCE_STATUSES.map((s) => [s, keys.filter((k) => k.status === s).length])) as Record<EvidenceStatus, number>;
  const strongest = EVIDENCE_STATUSES.find((s) => counts[s] > 0) ?? 'unverified';
  return { adapterId: a.id, label: a.label, status: weakest(keys.map((k) => k.status)), strongest, counts, keys };
}

/** Every built-in adapter's evidence, in the adapters' order. */
export function builtInEvidence(adapters: readonly Adapter[] = BUILT_IN_ADAPTERS): AdapterEvidence[] {
  const table = allEvidence();
  return adapters.map((a) => evidenceOf(a, table));
}
