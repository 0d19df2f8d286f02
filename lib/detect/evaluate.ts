/** A pass's reading of one candidate adapter: its call view (find.ts), the call's id and its values (read.ts). */
import type { Adapter, DetectedCall } from '../adapters/types';
import type { RootSet } from '../dom/roots';
import type { QueryMemo } from '../dom/deep-selector';
import type { AddedScanner } from './added-scan';
import type { CallWaits } from './waits';
import { findView } from './find';
import { readInteractionId, readSources, type Candidate } from './read';
import { safeInteractionId } from './ids';

/**
 * A pass's find: the call view, it and the shadow roots inside it, its call ('wait': number not yet shown), and
 * the selector-health timer's update, run once the call is reported (a timer set and one cancelled per new call,
 * nothing the report needs).
 */
export type Found = { view: Element; scopes: readonly ParentNode[]; call: DetectedCall | 'wait'; health: () => void };

/** What a pass reads the page with. */
export interface Reader {
  roots: RootSet;
  added: AddedScanner;
  doc: Document;
  /** Whether a call view is shown (visibility.ts). */
  accept: (el: Element) => boolean;
  waits: CallWaits;
  /** The adapter's call view has shown no caller-number element for the health period. */
  onNoAni: (adapter: Adapter) => void;
}

/** The call this adapter sees and its view ('wait' while the number may still render), null when none. */
export function evaluate({ roots, added, doc, accept, waits, onNoAni }: Reader, { adapter, match }: Candidate): Found | null {
  // A call view may be in a component added meanwhile (findView asks those only when no known root has one).
  const view = findView(roots, added, doc, adapter.callView, accept);
  if (!view) return null;
  if (!match[1]) added.flush('custom'); // the id may be read anywhere in the page: every root known
  const rawId = match[1] || readInteractionId(roots, adapter, view);
  if (!rawId) return null;
  const interactionId = safeInteractionId(rawId);
  // The view and the shadow roots inside it, found once for every source read in this pass, and each root
  // asked once per last segment (the page cannot change while the pass runs).
  let inView = roots.within(view);
  const memo: QueryMemo = new Map();
  let ani = readSources(roots, view, adapter.ani, inView, memo);
  // A component may attach its shadow root after insertion (no mutation tells us): look inside the view.
  if (ani === null && roots.collectNew(view)) ani = readSources(roots, view, adapter.ani, (inView = roots.within(view)), memo);
  const id = `${adapter.id}|${interactionId}`;
  const missing = ani === null;
  const health = (): void => waits.watchHealth(id, missing, () => onNoAni(adapter));
  if (!ani && !waits.graceOver(id)) return { view, scopes: inView, call: 'wait', health };
  const customerId = adapter.customerId ? readSources(roots, view, [adapter.customerId], inView, memo) : null;
  const attestation = adapter.attestation ? readSources(roots, view, [adapter.attestation], inView, memo) : null;
  return {
    view, scopes: inView, health,
    call: { adapterId: adapter.id, interactionId, rawAni: ani || null, ...(customerId ? { customerId } : {}), ...(attestation ? { attestation } : {}) },
  };
}
