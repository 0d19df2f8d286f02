/**
 * Every built-in adapter's evidence in one place, for display (options page, admin guide): per adapter,
 * per selector (and per URL that carries the interaction id), the sources that show it and one status.
 * A selector's status is its weakest source's: a selector that also relies on an assumption nobody public
 * shows is unverified in that part, and the display says so. A selector with no evidence at all is
 * unverified. Never bundled into the content script (only the options page and tests import it).
 */
import type { Adapter, Evidence, EvidenceStatus, ValueSource } from './types';
import { BUILT_IN_ADAPTERS } from './index';
import { salesforceEvidence } from './salesforce-evidence';
import { dynamicsEvidence } from './dynamics-evidence';
import { zendeskEvidence } from './zendesk-evidence';

/** Strongest first. */
export const EVIDENCE_STATUSES: readonly EvidenceStatus[] = ['vendor-code', 'vendor-doc', 'public-automation', 'unverified'];

/** One selector (or the URL pattern) with its sources and status. */
export interface KeyEvidence {
  key: string;
  /** The selector, or the URL pattern for `urlPattern`. */
  selector: string;
  status: EvidenceStatus;
  evidence: readonly Evidence[];
}

/** One adapter: its selectors' evidence, its weakest status and how many selectors have each status. */
export interface AdapterEvidence {
  adapterId: string;
  label: string;
  status: EvidenceStatus;
  counts: Record<EvidenceStatus, number>;
  keys: readonly KeyEvidence[];
}

type EvidenceTable = Record<string, Record<string, readonly Evidence[]>>;

/** Every adapter module's evidence export, merged by adapter id. */
function allEvidence(): EvidenceTable {
  return { ...salesforceEvidence(), ...dynamicsEvidence(), ...zendeskEvidence() };
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

/** The evidence of one adapter; the URL pattern is listed when its module cites it (it carries the id). */
export function evidenceOf(a: Adapter, table: EvidenceTable = allEvidence()): AdapterEvidence {
  const cited = table[a.id] ?? {};
  const selectors: Record<string, string> = { ...(cited.urlPattern ? { urlPattern: a.urlPattern } : {}), ...selectorKeys(a) };
  const keys = Object.entries(selectors).map(([key, selector]): KeyEvidence => {
    const evidence = cited[key] ?? [];
    return { key, selector, evidence, status: weakest(evidence.map((e) => e.status)) };
  });
  const counts = Object.fromEntries(EVIDENCE_STATUSES.map((s) => [s, keys.filter((k) => k.status === s).length])) as Record<EvidenceStatus, number>;
  return { adapterId: a.id, label: a.label, status: weakest(keys.map((k) => k.status)), counts, keys };
}

/** Every built-in adapter's evidence, in the adapters' order. */
export function builtInEvidence(adapters: readonly Adapter[] = BUILT_IN_ADAPTERS): AdapterEvidence[] {
  const table = allEvidence();
  return adapters.map((a) => evidenceOf(a, table));
}
