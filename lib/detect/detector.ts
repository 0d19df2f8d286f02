/**
 * Call detection engine. One shared MutationObserver per root (the document and every shadow root found,
 * closed ones too when `openRoot` can open them); mutation records only collect new shadow roots from
 * the added subtrees and decide whether a pass is needed: URL first (cached per URL), then, while a call
 * view is watched, only records that can touch it. Passes are throttled: the first one runs at once (so
 * a call shows without waiting for a frame), then at most one per animation frame. A huge burst of
 * added nodes falls back to one bounded rescan in the next pass, not a walk per record. Shadow roots on
 * plain elements (a div's): one scan per frame of the subtrees added meanwhile (plain-scan.ts).
 */
import type { Adapter, DetectedCall } from '../adapters/types';
import { RootSet, type OpenRoot } from '../dom/roots';
import { observeTree } from './tree-observer';
import { frameThrottle, later } from './timers';
import { plainScanner } from './plain-scan';
import { CallWaits } from './waits';
import { attributesOf, isVisible, readInteractionId, readSources, readVersion, touchesCall, urlCandidates, type Candidate } from './read';
import { safeInteractionId } from './ids';

/** Why an adapter's selectors look broken on this page. */
export interface HealthIssue {
  adapterId: string;
  reason: 'no-ani' | 'invalid-selector';
  pageVersion?: string;
}

export interface DetectorOptions {
  adapters: readonly Adapter[];
  doc: Document;
  getUrl: () => string;
  signal: AbortSignal;
  /** Called when the detected call changes; null when no call view is visible any more. */
  onCall: (call: DetectedCall | null) => void;
  /** Called once per interaction when the call view shows no caller-number element within `healthMs`. */
  onHealth?: (issue: HealthIssue) => void;
  openRoot?: OpenRoot;
  /** How long a call view may show no caller number before it is reported without one. */
  aniGraceMs?: number;
  /** How long a call view may lack every caller-number element before it counts as a selector-health issue. */
  healthMs?: number;
  /** Called for each shadow root found (the CRM guards mask fields inside it); no second observer needed. */
  onRoot?: (root: ShadowRoot) => void;
  /** Called when a shadow root's host left the page and the detector forgot the root. */
  onRootGone?: (root: ShadowRoot) => void;
  /** Elements walked per frame for new shadow roots before falling back to one rescan of the document. */
  burstLimit?: number;
}

export interface Detector {
  /** Look again at the next frame (e.g. after a URL change). */
  rescan(): void;
  /** Replace the adapters (the effective list arrived from the background). */
  setAdapters(adapters: readonly Adapter[]): void;
}

/** Start watching the page; everything (observers, timers) stops when `signal` aborts. */
export function startDetector(opts: DetectorOptions): Detector {
  const { doc, signal } = opts;
  const burstLimit = opts.burstLimit ?? 5000;
  const unsubscribe = new Map<Document | ShadowRoot, () => void>();
  let adapters = opts.adapters;
  let attributes = attributesOf(adapters);
  const subscribe = (root: Document | ShadowRoot): void => {
    if (signal.aborted) return;
    unsubscribe.set(root, observeTree(root, onRecords, attributes));
    if (root.nodeType === 11 && !plain.scanning) plain.queue(root); // its plain hosts: next scan
    if (root.nodeType === 11) opts.onRoot?.(root as ShadowRoot);
  };
  const roots = new RootSet(doc, opts.openRoot, subscribe, (root) => {
    unsubscribe.get(root)?.();
    unsubscribe.delete(root);
    if (root.nodeType === 11) opts.onRootGone?.(root as ShadowRoot);
  });
  const broken = new Set<string>();
  let urlKey = '';
  let urlCheckedAt = -Infinity;
  let candidates: Candidate[] = [];
  let lastKey = '';
  const schedule = frameThrottle(doc.defaultView, () => pass(), signal);
  let walked = 0;
  let fullRescan = false;
  let pruneTimer: (() => void) | null = null;
  /** The call view the last pass found (reported, or waiting for its number); null when none. */
  let watched: Element | null = null;
  let callViews = '';
  const waits = new CallWaits(signal, opts.aniGraceMs ?? 1500, opts.healthMs ?? 5000, () => schedule());
  const plain = plainScanner(roots, doc, signal, burstLimit, () => schedule());

  function onRecords(records: MutationRecord[]): void {
    if (signal.aborted) return;
    const known = roots.roots.size;
    for (const record of records) {
      if (record.type !== 'childList') continue;
      // Forget roots whose host left the page, at most twice a second (a prune walks every known root).
      if (record.removedNodes.length > 0) pruneTimer ??= later(() => { pruneTimer = null; roots.prune(); }, 500, signal);
      for (const added of Array.from(record.addedNodes)) {
        if (added.nodeType === 1) plain.queue(added);
        if (!fullRescan && (walked += roots.collect(added)) > burstLimit) fullRescan = true;
      }
    }
    // URL first (read at most once a frame; a navigation also triggers rescan()); then, on a call page,
    // only records that can touch the watched call view need a pass.
    let urlChanged = false;
    if (performance.now() - urlCheckedAt > 16) {
      urlCheckedAt = performance.now();
      urlChanged = opts.getUrl() !== urlKey;
    }
    const relevant = urlChanged || fullRescan || roots.roots.size !== known ||
      (candidates.length > 0 && (!watched || touchesCall(records, watched, callViews)));
    if (relevant) schedule();
  }

  function report(call: DetectedCall | null): void {
    const key = call ? JSON.stringify(call) : '';
    if (key === lastKey) return;
    lastKey = key;
    opts.onCall(call);
  }

  function markBroken(adapter: Adapter): void {
    broken.add(adapter.id);
    urlKey = '';
    opts.onHealth?.({ adapterId: adapter.id, reason: 'invalid-selector' });
  }

  function refreshCandidates(href: string): void {
    urlKey = href;
    const found = urlCandidates(adapters.filter((a) => !broken.has(a.id)), href);
    found.badPattern.forEach(markBroken);
    candidates = found.candidates;
    callViews = candidates.map((c) => c.adapter.callView).join(', ');
  }

  function pass(): void {
    if (fullRescan && doc.documentElement) roots.collect(doc.documentElement);
    walked = 0;
    fullRescan = false;
    const href = opts.getUrl();
    if (href !== urlKey) refreshCandidates(href);
    watched = null;
    for (const candidate of candidates) {
      let found: { view: Element; call: DetectedCall | 'wait' } | null;
      try {
        found = evaluate(candidate);
      } catch {
        markBroken(candidate.adapter); // a selector the browser refuses (admin-declared adapters)
        continue;
      }
      if (!found) continue;
      watched = found.view;
      if (found.call !== 'wait') report(found.call);
      return;
    }
    waits.clear();
    report(null);
  }

  /** The call this adapter sees and its view ('wait' while the number may still render), null when none. */
  function evaluate({ adapter, match }: Candidate): { view: Element; call: DetectedCall | 'wait' } | null {
    const view = roots.first(adapter.callView, isVisible);
    if (!view) return null;
    const rawId = match[1] || readInteractionId(roots, adapter, view);
    if (!rawId) return null;
    const interactionId = safeInteractionId(rawId);
    let ani = readSources(roots, view, adapter.ani);
    // A component may attach its shadow root after insertion (no mutation tells us): look inside the view.
    if (ani === null && roots.collectNew(view)) ani = readSources(roots, view, adapter.ani);
    const id = `${adapter.id}|${interactionId}`;
    waits.watchHealth(id, ani === null, () => reportHealth(adapter));
    if (!ani && !waits.graceOver(id)) return { view, call: 'wait' };
    const customerId = adapter.customerId ? readSources(roots, view, [adapter.customerId]) : null;
    const attestation = adapter.attestation ? readSources(roots, view, [adapter.attestation]) : null;
    return {
      view,
      call: { adapterId: adapter.id, interactionId, rawAni: ani || null, ...(customerId ? { customerId } : {}), ...(attestation ? { attestation } : {}) },
    };
  }

  /** Selector health: the adapter's call view has shown no caller-number element for healthMs. */
  function reportHealth(adapter: Adapter): void {
    const version = readVersion(roots, doc, adapter);
    opts.onHealth?.({ adapterId: adapter.id, reason: 'no-ani', ...(version ? { pageVersion: version } : {}) });
  }

  subscribe(doc);
  if (doc.documentElement) plain.queue(doc.documentElement);
  if (doc.documentElement) roots.collect(doc.documentElement);
  signal.addEventListener('abort', () => {
    for (const off of unsubscribe.values()) off();
    unsubscribe.clear();
  }, { once: true });
  schedule();
  return {
    rescan() {
      urlKey = '';
      schedule();
    },
    setAdapters(next) {
      adapters = next;
      attributes = attributesOf(next);
      for (const root of unsubscribe.keys()) observeTree(root, onRecords, attributes); // widens the attribute filter
      broken.clear();
      urlKey = '';
      schedule();
    },
  };
}
