/**
 * New shadow roots in added subtrees, found in batches. Mutation records only queue the added elements
 * (no DOM call per node beyond reading it): asking each one at once, per record, cost a native query and a
 * wrapper per node in the content script's world, and a busy console adds and removes the same rows
 * within a task. The queue is scanned once per frame (the first request at the end of the current task,
 * so roots are found and masked before the page paints), skipping subtrees that already left the page;
 * a pass that finds no call view in the roots already known flushes it for custom elements (the usual CRM
 * components) so a call view inside a new component's root is found without waiting (find.ts). More than
 * `burstLimit` queued subtrees fall back to one scan of the whole document.
 */
import type { HostKind, RootSet } from '../dom/roots';
import { frameThrottle, later } from './timers';

export interface AddedScanner {
  /** Queue an added element (or a shadow root found by a custom-element scan) for the next scan. */
  queue(node: Node): void;
  /**
   * Queue the elements `records` added (`beforeFirst` runs before the first is queued), and forget roots whose
   * host left the page, at most every 2 s (a prune asks every known root's host).
   */
  take(records: readonly MutationRecord[], beforeFirst?: () => void): void;
  /**
   * Scan the queue now for `kind` hosts; 'custom' leaves it queued for the frame's scan of every kind, and asks
   * only the elements queued since the last such flush.
   */
  flush(kind: HostKind): void;
  /** Whether elements were queued since the last scan or custom flush (their custom elements not yet asked). */
  readonly unflushed: boolean;
  /** True while a scan of every kind runs (roots it finds are already scanned for every kind of host). */
  readonly scanning: boolean;
}

/**
 * Start the per-frame scanner; `onFound` runs after a frame's scan that found new roots (`known`: how many roots
 * there were before it: the new ones follow them in `roots.roots`), `inspect` on each
 * queued node still in the page at the frame's scan.
 */
export function addedScanner(roots: RootSet, doc: Document, signal: AbortSignal, burstLimit: number, onFound: (known: number) => void, inspect?: (node: Node) => void): AddedScanner {
  let pending: Node[] = [];
  /** How many of the first pending elements a custom flush already asked. */
  let flushed = 0;
  let scanning = false;
  const batchOf = (): Node[] => (pending.length > burstLimit && doc.documentElement ? [doc.documentElement] : pending);
  const scanBatch = (batch: readonly Node[], kind: HostKind, from = 0): void => {
    for (let i = from; i < batch.length; i++) {
      const node = batch[i] as Node;
      const live = node.nodeType === 11 ? (node as ShadowRoot).host.isConnected : node.isConnected;
      if (!live) continue;
      roots.collect(node, kind);
      if (kind === 'all') inspect?.(node);
    }
  };
  const scan = (): void => {
    const batch = batchOf();
    pending = [];
    flushed = 0;
    const known = roots.roots.size;
    scanning = true;
    try {
      scanBatch(batch, 'all');
    } finally {
      scanning = false;
    }
    if (roots.roots.size !== known) onFound(known);
  };
  const request = frameThrottle(doc.defaultView, scan, signal);
  let pruneTimer: (() => void) | null = null;
  const queue = (node: Node): void => {
    if (signal.aborted) return;
    pending.push(node);
    if (pending.length === 1) request();
  };
  return {
    queue,
    take(records, beforeFirst) {
      // Indexed loops and no copies: each record and node read is a call into the page's DOM from our world (a
      // type read costs less than an empty node list for attribute records).
      for (let r = 0; r < records.length; r++) {
        const record = records[r] as MutationRecord;
        if (record.type !== 'childList') continue;
        if (!pruneTimer && roots.roots.size > 1 && record.removedNodes.length > 0) pruneTimer = later(() => { pruneTimer = null; roots.prune(); }, 2000, signal);
        const nodes = record.addedNodes;
        for (let i = 0, n = nodes.length; i < n; i++) {
          const node = nodes[i] as Node;
          if (node.nodeType !== 1) continue;
          beforeFirst?.();
          beforeFirst = undefined;
          queue(node);
        }
      }
    },
    flush(kind) {
      if (pending.length === 0) return;
      if (kind !== 'custom') return scan();
      if (flushed === pending.length) return;
      const batch = batchOf();
      if (batch !== pending) {
        pending = [...batch]; // the document stands for the whole burst from now on
        flushed = 0;
      }
      // Roots found here are queued (for their other hosts) while this loop runs: asked in it too.
      scanBatch(pending, 'custom', flushed);
      flushed = pending.length;
    },
    get unflushed() {
      return flushed !== pending.length;
    },
    get scanning() {
      return scanning;
    },
  };
}
