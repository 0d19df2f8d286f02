/**
 * Call detection engine. One shared MutationObserver per root (the document and every shadow root found,
 * closed ones too when `openRoot` can open them); mutation records only collect new shadow roots from
 * the added subtrees and mark the page dirty; the real work is batched to one pass per animation frame.
 * A pass checks the URL first (cached per URL), so pages that are not call pages cost almost nothing.
 * A huge burst of added nodes falls back to one bounded rescan in the next pass, not a walk per record.
 */
import type { Adapter, DetectedCall } from '../adapters/types';
import { matchesAny } from '../match-pattern';
import { RootSet, type OpenRoot } from '../dom/roots';
import { observeTree } from './tree-observer';
import { later, nextFrame } from './timers';
import { attributesOf, isVisible, readInteractionId, readSources, regex, safeInteractionId } from './read';

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
  /** Elements walked per frame for new shadow roots before falling back to one rescan of the document. */
  burstLimit?: number;
}

export interface Detector {
  /** Look again at the next frame (e.g. after a URL change). */
  rescan(): void;
  /** Replace the adapters (the effective list arrived from the background). */
  setAdapters(adapters: readonly Adapter[]): void;
}

interface Candidate {
  adapter: Adapter;
  match: RegExpExecArray;
}

/** Start watching the page; everything (observers, timers) stops when `signal` aborts. */
export function startDetector(opts: DetectorOptions): Detector {
  const { doc, signal } = opts;
  const graceMs = opts.aniGraceMs ?? 1500;
  const healthMs = opts.healthMs ?? 5000;
  const burstLimit = opts.burstLimit ?? 5000;
  const unsubscribe = new Map<Document | ShadowRoot, () => void>();
  let adapters = opts.adapters;
  let attributes = attributesOf(adapters);
  const subscribe = (root: Document | ShadowRoot): void => {
    if (!signal.aborted) unsubscribe.set(root, observeTree(root, onRecords, attributes));
  };
  const roots = new RootSet(doc, opts.openRoot, subscribe, (root) => {
    unsubscribe.get(root)?.();
    unsubscribe.delete(root);
  });
  const broken = new Set<string>();
  let urlKey = '';
  let candidates: Candidate[] = [];
  let lastKey = '';
  let cancelPass: (() => void) | null = null;
  let walked = 0;
  let fullRescan = false;
  let prune = false;
  let grace = { id: '', expired: false, cancel: (): void => {} };
  let health = { id: '', missing: false, cancel: (): void => {} };

  function schedule(): void {
    if (!cancelPass && !signal.aborted) cancelPass = nextFrame(doc.defaultView, pass, 100, signal);
  }

  function onRecords(records: MutationRecord[]): void {
    if (signal.aborted) return;
    for (const record of records) {
      if (record.type !== 'childList') continue;
      if (record.removedNodes.length > 0) prune = true;
      for (let i = 0; i < record.addedNodes.length && !fullRescan; i++) {
        walked += roots.collect(record.addedNodes[i] as Node);
        if (walked > burstLimit) fullRescan = true;
      }
    }
    if (candidates.length > 0 || prune || fullRescan || opts.getUrl() !== urlKey) schedule();
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
    candidates = [];
    let path: string;
    try {
      const u = new URL(href);
      path = u.pathname + u.search + u.hash;
    } catch {
      return;
    }
    for (const adapter of adapters) {
      if (broken.has(adapter.id) || !matchesAny(adapter.matches, href)) continue;
      const re = regex(adapter.urlPattern);
      if (!re) markBroken(adapter);
      const match = re?.exec(path);
      if (match) candidates.push({ adapter, match });
    }
  }

  function pass(): void {
    cancelPass = null;
    if (signal.aborted) return;
    if (fullRescan && doc.documentElement) roots.collect(doc.documentElement);
    if (prune) roots.prune();
    walked = 0;
    fullRescan = prune = false;
    const href = opts.getUrl();
    if (href !== urlKey) refreshCandidates(href);
    for (const candidate of candidates) {
      let result: DetectedCall | 'wait' | null;
      try {
        result = evaluate(candidate);
      } catch {
        markBroken(candidate.adapter); // a selector the browser refuses (admin-declared adapters)
        continue;
      }
      if (result === 'wait') return;
      if (result) return report(result);
    }
    if (health.id) {
      health.cancel(); // the call view went away before the health check: nothing to report
      health = { id: '', missing: false, cancel: () => {} };
    }
    report(null);
  }

  /** The call this adapter sees, 'wait' while the caller number may still render, null when none. */
  function evaluate({ adapter, match }: Candidate): DetectedCall | 'wait' | null {
    const view = roots.first(adapter.callView, isVisible);
    if (!view) return null;
    const rawId = match[1] || readInteractionId(roots, adapter, view);
    if (!rawId) return null;
    const interactionId = safeInteractionId(rawId);
    let ani = readSources(roots, view, adapter.ani);
    // A component may attach its shadow root after insertion (no mutation tells us): look inside the view.
    if (ani === null && roots.collect(view) > 0) ani = readSources(roots, view, adapter.ani);
    const id = `${adapter.id}|${interactionId}`;
    watchHealth(adapter, id, ani === null);
    if (!ani && !(grace.id === id && grace.expired)) {
      if (grace.id !== id) {
        grace.cancel();
        grace = { id, expired: false, cancel: later(() => { grace.expired = true; schedule(); }, graceMs, signal) };
      }
      return 'wait';
    }
    const customerId = adapter.customerId ? readSources(roots, view, [adapter.customerId]) : null;
    const attestation = adapter.attestation ? readSources(roots, view, [adapter.attestation]) : null;
    return {
      adapterId: adapter.id, interactionId, rawAni: ani || null,
      ...(customerId ? { customerId } : {}), ...(attestation ? { attestation } : {}),
    };
  }

  /** Selector health: report once if the view of `id` still has no caller-number element after healthMs. */
  function watchHealth(adapter: Adapter, id: string, missing: boolean): void {
    if (health.id === id) {
      health.missing = missing;
      return;
    }
    health.cancel();
    const check = (): void => {
      if (health.id !== id || !health.missing || !opts.onHealth) return;
      let version: string | null = null;
      try {
        version = adapter.version && doc.documentElement ? readSources(roots, doc.documentElement, [adapter.version]) : null;
      } catch {
        version = null;
      }
      opts.onHealth({ adapterId: adapter.id, reason: 'no-ani', ...(version ? { pageVersion: version.slice(0, 64) } : {}) });
    };
    health = { id, missing, cancel: later(check, healthMs, signal) };
  }

  subscribe(doc);
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
