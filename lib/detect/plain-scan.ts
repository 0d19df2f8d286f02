/**
 * Shadow roots on plain elements (a div, span or section with an open shadow root): the DOM lets those
 * host one too, but they are most of a page, so asking each added div at once, per mutation record,
 * would cost a wrapper per node in the content script's world. Instead the added subtrees are queued and
 * asked once per frame (deduplicated by the browser's own batching, removed subtrees skipped); more than
 * `burstLimit` queued subtrees fall back to one scan of the whole document.
 */
import type { RootSet } from '../dom/roots';
import { frameThrottle } from './timers';

export interface PlainScanner {
  /** Queue an added subtree (or a shadow root found by a custom-element scan) for the next scan. */
  queue(node: Node): void;
  /** True while a scan runs (roots it finds are already scanned for every kind of host). */
  readonly scanning: boolean;
}

/** Start the per-frame scanner; `onFound` runs after a scan that found new roots. */
export function plainScanner(roots: RootSet, doc: Document, signal: AbortSignal, burstLimit: number, onFound: () => void): PlainScanner {
  let pending: Node[] = [];
  let scanning = false;
  const scan = (): void => {
    const batch = pending.length > burstLimit && doc.documentElement ? [doc.documentElement] : pending;
    pending = [];
    const known = roots.roots.size;
    scanning = true;
    try {
      for (const node of batch) {
        const live = node.nodeType === 11 ? (node as ShadowRoot).host.isConnected : node.isConnected;
        if (live) roots.collect(node, 'plain');
      }
    } finally {
      scanning = false;
    }
    if (roots.roots.size !== known) onFound();
  };
  const request = frameThrottle(doc.defaultView, scan, signal);
  return {
    queue(node) {
      if (signal.aborted) return;
      pending.push(node);
      request();
    },
    get scanning() {
      return scanning;
    },
  };
}
