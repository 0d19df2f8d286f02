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
import { RootSet } from '../dom/roots';
import type { Detector, DetectorOptions } from './detector-types';
import { observeTree } from './tree-observer';
import { frameThrottle, later } from './timers';
import { plainScanner } from './plain-scan';
import { CallWaits } from './waits';
import { attributesOf, isVisible, readInteractionId, readSources, readVersion, urlCandidates, type Candidate } from './read';
import { touchesCall } from './touches';
import { safeInteractionId } from './ids';

export type { Detector, DetectorOptions, HealthIssue } from './detector-types';

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
    // Indexed loops, no copies: each record and node read is a call into the page's DOM from our world.
    for (let r = 0; r < records.length; r++) {
      const record = records[r] as MutationRecord;
      if (record.type !== 'childList') continue;
      // Forget roots whose host left the page, at most twice a second (a prune walks every known root).
      if (!pruneTimer && record.removedNodes.length > 0) pruneTimer = later(() => { pruneTimer = null; roots.prune(); }, 500, signal);
      const added = record.addedNodes;
      for (let i = 0; i < added.length; i++) {
        const node = added[i] as Node;
        if (node.nodeType !== 1) continue;
        plain.queue(node);
        if (!fullRescan && (walked += roots.collect(node)) > burstLimit) fullRescan = true;
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
    // The view and the shadow roots inside it, found once for every source read in this pass.
    let inView = roots.within(view);
    let ani = readSources(roots, view, adapter.ani, inView);
    // A component may attach its shadow root after insertion (no mutation tells us): look inside the view.
    if (ani === null && roots.collectNew(view)) ani = readSources(roots, view, adapter.ani, (inView = roots.within(view)));
    const id = `${adapter.id}|${interactionId}`;
    waits.watchHealth(id, ani === null, () => reportHealth(adapter));
    if (!ani && !waits.graceOver(id)) return { view, call: 'wait' };
    const customerId = adapter.customerId ? readSources(roots, view, [adapter.customerId], inView) : null;
    const attestation = adapter.attestation ? readSources(roots, view, [adapter.attestation], inView) : null;
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
