/**
 * Call detection engine. One MutationObserver watches the document and every shadow root found; work is
 * batched to one pass per frame; URL/host checks come first so non-call pages cost almost nothing.
 * Added subtrees are walked once for new shadow roots; a huge burst falls back to one bounded rescan.
 */
import type { Adapter, DetectedCall } from '../adapters/types';
import { matchesAny } from '../match-pattern';
import { RootSet, type OpenRoot } from '../dom/roots';
import { isVisible, readSources, applyPattern } from './read';

export interface DetectorOptions {
  adapters: readonly Adapter[];
  doc: Document;
  getUrl: () => string;
  signal: AbortSignal;
  /** Called when the detected call changes; null when no call view is visible any more. */
  onCall: (call: DetectedCall | null) => void;
  openRoot?: OpenRoot;
  /** How long a call view may show no caller number before it is reported without one. */
  aniGraceMs?: number;
  /** Nodes walked per batch before falling back to one rescan of the document. */
  burstLimit?: number;
}

const OBSERVE: MutationObserverInit = { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['href', 'value', 'class', 'style', 'hidden'] };

/** Start watching the page; everything stops when `signal` aborts. Returns a manual rescan trigger. */
export function startDetector(opts: DetectorOptions): { rescan: () => void } {
  const { doc, signal } = opts;
  const graceMs = opts.aniGraceMs ?? 1500;
  const burstLimit = opts.burstLimit ?? 20_000;
  const observer = new MutationObserver(onMutations);
  const roots = new RootSet(doc, opts.openRoot, (root) => observer.observe(root, OBSERVE));
  let lastKey = '';
  let pending = false;
  let graceFor = '';
  let graceExpired = '';

  function schedule(): void {
    if (pending || signal.aborted) return;
    pending = true;
    // rAF alone never fires in a background tab; the timeout keeps detection going there.
    const view = doc.defaultView;
    const run = (): void => { if (pending) { pending = false; pass(); } };
    view?.requestAnimationFrame(run);
    setTimeout(run, 100);
  }

  function onMutations(records: MutationRecord[]): void {
    let walked = 0;
    for (const record of records) {
      for (const node of Array.from(record.addedNodes)) {
        walked += roots.collect(node);
        if (walked > burstLimit) break;
      }
      if (walked > burstLimit) break;
    }
    if (walked > burstLimit && doc.documentElement) roots.collect(doc.documentElement);
    if (records.some((r) => r.removedNodes.length > 0)) roots.prune();
    schedule();
  }

  function report(call: DetectedCall | null): void {
    const key = call ? JSON.stringify(call) : '';
    if (key === lastKey) return;
    lastKey = key;
    opts.onCall(call);
  }

  function pass(): void {
    if (signal.aborted) return;
    const url = opts.getUrl();
    let path: string;
    try {
      const u = new URL(url);
      path = u.pathname + u.search + u.hash;
    } catch {
      return report(null);
    }
    for (const adapter of opts.adapters) {
      if (!matchesAny(adapter.matches, url)) continue;
      const m = new RegExp(adapter.urlPattern).exec(path);
      if (!m) continue;
      const view = roots.queryAll(adapter.callView).find(isVisible);
      if (!view) continue;
      const interactionId = m[1] ?? readInteractionId(adapter, view);
      if (!interactionId) continue;
      const ani = readSources(roots, view, adapter.ani);
      const id = `${adapter.id}|${interactionId}`;
      if (!ani && graceExpired !== id) return startGrace(id);
      const customerId = adapter.customerId ? readSources(roots, view, [adapter.customerId]) : null;
      const attestation = adapter.attestation ? readSources(roots, view, [adapter.attestation]) : null;
      return report({
        adapterId: adapter.id, interactionId, rawAni: ani || null,
        ...(customerId ? { customerId } : {}), ...(attestation ? { attestation } : {}),
      });
    }
    report(null);
  }

  function readInteractionId(adapter: Adapter, view: Element): string | null {
    const src = adapter.interactionId;
    if (!src) return null;
    return readSources(roots, view.ownerDocument.documentElement, [src]) || applyPattern(opts.getUrl(), src.pattern);
  }

  function startGrace(id: string): void {
    if (graceFor === id) return;
    graceFor = id;
    setTimeout(() => {
      if (graceFor !== id) return;
      graceExpired = id;
      schedule();
    }, graceMs);
  }

  if (doc.documentElement) roots.collect(doc.documentElement);
  observer.observe(doc, OBSERVE);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  schedule();
  return { rescan: schedule };
}
