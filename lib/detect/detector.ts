/**
 * Call detection engine. One shared MutationObserver per root (the document and every shadow root found,
 * closed ones too when `openRoot` can open them); mutation records only queue the added elements (their
 * new shadow roots are collected in batches, added-scan.ts) and decide whether a pass is needed: URL first
 * (cached per URL), then, while a call view is watched, only records that can touch it. Passes are
 * throttled: the first one runs at once (so a call shows without waiting for a frame), then at most one
 * per animation frame (a new URL's pass never waits for one, nor, on a call page whose call is not reported
 * yet, one for an added element or for a change in the view still waiting for its number). A huge burst of
 * added nodes falls back to one bounded rescan, not a walk per record. A pass never makes the page recalculate
 * style for a new call view; the rendering confirms it (visibility.ts).
 */
import type { Adapter, DetectedCall } from '../adapters/types';
import { RootSet } from '../dom/roots';
import type { Detector, DetectorOptions } from './detector-types';
import { observeTree } from './tree-observer';
import { afterTask, frameThrottle, later } from './timers';
import { addedScanner } from './added-scan';
import { after } from './find';
import { evaluate, type Found } from './evaluate';
import { CallWaits } from './waits';
import { sameCall } from './ids';
import { attributesOf, readVersion, urlCandidates, type Candidate } from './read';
import { viewWatch } from './watch';
import { viewVeto } from './visibility';
import { prepareAdapters, rehearseRead } from './prepare';

export type { Detector, DetectorOptions, HealthIssue } from './detector-types';

/** How long after a route change its call view is expected (Lightning renders a record page within 0.5-2 s). */
const EXPECT_MS = 3000;

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
    if (root.nodeType === 11 && !added.scanning) added.queue(root); // found by a custom scan: its other hosts next
    if (root.nodeType !== 11 || !opts.onRoot) return;
    // Told after the current pass or scan (still before the page paints or takes input): a call found in
    // a new component is reported without waiting for the guards to mask each of its roots.
    tell(root as ShadowRoot);
  };
  const tell = afterTask<ShadowRoot>((root) => opts.onRoot?.(root), signal);
  const roots = new RootSet(doc, opts.openRoot, subscribe, (root) => {
    unsubscribe.get(root)?.();
    unsubscribe.delete(root);
    if (root.nodeType === 11) opts.onRootGone?.(root as ShadowRoot);
  });
  const broken = new Set<string>();
  /** The adapters not broken, one list until either changes (hosts.ts keeps its answers per list). */
  let usable: readonly Adapter[] | null = null;
  let urlKey = '';
  let urlRead = false;
  let candidates: Candidate[] = [];
  let last: DetectedCall | null = null;
  const schedule = frameThrottle(doc.defaultView, () => pass(), signal);
  /** The candidates' call views as one selector list, made when the scan first needs it after a new URL. */
  let callViews: string | null = '';
  /** The last pass reported the first candidate's call (not waiting for its number). */
  let settled = false;
  // A call page whose call is not reported: its view or number may render in a task of its own (Lightning navigates,
  // then renders), and a pass for it must not wait for a frame (on the LWC console that cost 1-16 ms per call).
  let expecting = false;
  /** When the URL last changed: the view is expected without waiting for a frame for EXPECT_MS after it. */
  let routeAt = -Infinity;
  const waits = new CallWaits(signal, opts.aniGraceMs ?? 1500, opts.healthMs ?? 5000, () => schedule());
  /** The call view the last pass found (reported, or waiting for its number). */
  const watch = viewWatch(() => attributes, signal, () => schedule(expecting));
  const veto = viewVeto(doc.defaultView, signal, () => schedule());
  // New roots need a pass unless the last reported the first candidate's call and saw every root in its view (new
  // roots come last: a pass finds the same view). So the scan right after a call's pass asks for no second one.
  const added = addedScanner(roots, doc, signal, burstLimit, (known) => { if (!settled || watch.unseen(after(roots.roots, known))) schedule(expecting); }, (node) => {
    if (watch.view && node.nodeType === 1 && watch.added(node as Element, (callViews ??= candidates.map((c) => c.adapter.callView).join(', ')))) schedule();
  });
  /** The last call reported, as `adapterId|interactionId` ('' when none). */
  let reportedId = '';
  const reader = { roots, added, doc, accept: veto.accept, waits, onNoAni: reportHealth, reported: (id: string) => id === reportedId };

  function onRecords(records: MutationRecord[], root: Document | ShadowRoot): void {
    if (signal.aborted) return;
    // URL first, read once per delivery of records (every root's callback in one mutation cycle shares it; a
    // read cached for a frame let a call whose route change came with these records wait a frame). Then, on a
    // call page, only records that can touch the watched view need a pass. Both before the added elements are
    // queued, so the pass runs before the scan of added elements (which was part of the detection's latency).
    let urlChanged = false;
    if (!urlRead) {
      urlRead = true;
      queueMicrotask(() => { urlRead = false; });
      urlChanged = opts.getUrl() !== urlKey;
    }
    if (urlChanged) schedule(true);
    else if (candidates.length > 0 && watch.batch(root)) schedule(expecting && watch.view !== null);
    // Without a view yet, only an added element may bring the expected call: asked before it is queued (the pass
    // then still runs before the scan of added elements). Only for a while after the route changed: a console whose
    // call comes without one (Genesys, Connect) keeps a pass a frame while it has no call, as its idle cost.
    const eager = expecting && !urlChanged && watch.view === null && performance.now() - routeAt < EXPECT_MS;
    added.take(records, eager ? () => schedule(true) : undefined);
  }

  function report(call: DetectedCall | null): void {
    if (sameCall(call, last)) return;
    last = call;
    reportedId = call ? `${call.adapterId}|${call.interactionId}` : '';
    opts.onCall(call);
  }

  function markBroken(adapter: Adapter): void {
    broken.add(adapter.id);
    usable = null;
    urlKey = '';
    opts.onHealth?.({ adapterId: adapter.id, reason: 'invalid-selector' });
  }

  function refreshCandidates(href: string): void {
    urlKey = href;
    routeAt = performance.now();
    usable ??= adapters.filter((a) => !broken.has(a.id));
    const found = urlCandidates(usable, href);
    found.badPattern.forEach(markBroken);
    candidates = found.candidates;
    callViews = null;
  }

  function pass(): void {
    const href = opts.getUrl();
    if (href !== urlKey) refreshCandidates(href);
    for (const candidate of candidates) {
      let found: Found | null;
      try {
        found = evaluate(reader, candidate);
      } catch {
        markBroken(candidate.adapter); // a selector the browser refuses (admin-declared adapters)
        continue;
      }
      if (!found) continue;
      // Reported first: following and watching the view (observers on it and its ancestors) need not delay it, nor
      // asking its custom elements for closed roots (evaluate.ts), which may change the call: reported again then.
      try {
        if (found.call !== 'wait') report(found.call);
        const exact = found.exact?.() ?? found;
        if (exact !== found && (found = exact).call !== 'wait') report(found.call);
      } finally {
        settled = found.call !== 'wait' && candidate === candidates[0];
        expecting = found.call === 'wait';
        found.health();
        veto.follow(found.view);
        watch.set(found.view, found.scopes);
      }
      return;
    }
    settled = false;
    expecting = candidates.length > 0;
    watch.set(null);
    veto.follow(null);
    waits.clear();
    report(null);
  }

  /** Selector health: the adapter's call view has shown no caller-number element for healthMs. */
  function reportHealth(adapter: Adapter): void {
    added.flush('custom');
    const version = readVersion(roots, doc, adapter);
    opts.onHealth?.({ adapterId: adapter.id, reason: 'no-ani', ...(version ? { pageVersion: version } : {}) });
  }

  // Selectors, patterns and the reading code made ready before a call needs them (prepare.ts), after this task.
  const prepare = (rehearse: boolean): void => void later(() => { prepareAdapters(adapters, doc); if (rehearse) rehearseRead(roots, doc); }, 0, signal);
  subscribe(doc);
  if (doc.documentElement) added.queue(doc.documentElement);
  signal.addEventListener('abort', () => {
    for (const off of unsubscribe.values()) off();
    unsubscribe.clear();
  }, { once: true });
  schedule();
  prepare(true);
  return {
    rescan() {
      urlKey = '';
      schedule(true);
    },
    setAdapters(next) {
      adapters = next;
      attributes = attributesOf(next);
      for (const root of unsubscribe.keys()) observeTree(root, onRecords, attributes); // widens the attribute filter
      broken.clear();
      usable = null;
      urlKey = '';
      schedule();
      prepare(false);
    },
  };
}
