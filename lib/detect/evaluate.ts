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
 * nothing the report needs). `exact`: the call was read without asking the view's custom elements for closed
 * roots; run once it is reported, it asks them and gives the find with every root (the same one when none has).
 */
export type Found = { view: Element; scopes: readonly ParentNode[]; call: DetectedCall | 'wait'; health: () => void; exact?: () => Found };

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
  /** Whether the call `adapterId|interactionId` is the one last reported. */
  reported: (id: string) => boolean;
}

/** The call this adapter sees and its view ('wait' while the number may still render), null when none. */
export function evaluate(reader: Reader, { adapter, match }: Candidate): Found | null {
  const { roots, added, doc, accept } = reader;
  // A call view may be in a component added meanwhile (findView asks those only when no known root has one).
  const view = findView(roots, added, doc, adapter.callView, accept);
  if (!view) return null;
  if (!match[1]) added.flush('custom'); // the id may be read anywhere in the page: every root known
  const rawId = match[1] || readInteractionId(roots, adapter, view);
  if (!rawId) return null;
  const interactionId = safeInteractionId(rawId);
  const id = `${adapter.id}|${interactionId}`;
  const read = (): Found => readCall(reader, adapter, view, interactionId, id);
  if (roots.closedSeen || reader.reported(id)) return read();
  // A new call on a page that has shown no closed root is read in the view's open roots first: asking each custom
  // element for a closed one (an extension-API call each) was a fifth of the detection's latency on the bench's
  // record page. Asked right after the report, and before it when the open roots show no number.
  const unasked: Element[] = [];
  const quick = roots.openOnly(unasked, read);
  if (unasked.length === 0) return quick;
  if (quick.call === 'wait' || quick.call.rawAni === null) return read(); // its watch needs every root, too
  // Only the listed elements are asked, not the view walked again: none with a closed root means the same reads.
  quick.exact = () => (roots.anyClosed(unasked) ? read() : quick);
  return quick;
}

/** The call in `view`: its number, customer id and attestation, read in the view and the shadow roots inside it. */
function readCall({ roots, waits, onNoAni }: Reader, adapter: Adapter, view: Element, interactionId: string, id: string): Found {
  // The view and the shadow roots inside it, found once for every source read in this pass, and each root
  // asked once per last segment (the page cannot change while the pass runs).
  let inView = roots.within(view);
  const memo: QueryMemo = new Map();
  let ani = readSources(roots, view, adapter.ani, inView, memo);
  // A component may attach its shadow root after insertion (no mutation tells us): look inside the view.
  if (ani === null && roots.collectNew(view)) ani = readSources(roots, view, adapter.ani, (inView = roots.within(view)), memo);
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
