/**
 * One shared MutationObserver per root (document or shadow root), after Dark Reader's
 * createOptimizedTreeObserver: every subscriber of a root gets that observer's records, and the observer
 * is disconnected when its last subscriber leaves. Unobserving a single root is what makes pruning
 * possible: a MutationObserver keeps strong references to the nodes it observes, so one observer over
 * every shadow root ever seen would keep removed records (and their call views) alive.
 */

/** A root's record batch, with the root (so a subscriber needs no DOM call to place the batch). */
export type TreeCallback = (records: MutationRecord[], root: Document | ShadowRoot) => void;

interface Shared {
  observer: MutationObserver;
  callbacks: Set<TreeCallback>;
  attributes: Set<string>;
}

/** Attributes that show or hide a view or carry a value, watched on every root. */
export const BASE_ATTRIBUTES: readonly string[] = ['href', 'value', 'class', 'style', 'hidden', 'aria-hidden', 'aria-selected', 'open'];

const init = (attributes: Set<string>): MutationObserverInit => ({
  childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: [...attributes],
});

const shared = new WeakMap<Node, Shared>();

/**
 * Subscribe `callback` to structure, text and attribute changes under `root` (`attributes`: extra names to
 * watch, e.g. those an adapter's selectors test); returns the unsubscribe function.
 */
export function observeTree(root: Document | ShadowRoot, callback: TreeCallback, attributes: Iterable<string> = []): () => void {
  let entry = shared.get(root);
  if (!entry) {
    const callbacks = new Set<TreeCallback>();
    const observer = new MutationObserver((records) => {
      for (const cb of Array.from(callbacks)) cb(records, root);
    });
    entry = { observer, callbacks, attributes: new Set(BASE_ATTRIBUTES) };
    for (const a of attributes) entry.attributes.add(a);
    observer.observe(root, init(entry.attributes));
    shared.set(root, entry);
  } else {
    const before = entry.attributes.size;
    for (const a of attributes) entry.attributes.add(a);
    // Observing the same node again replaces its options: the filter only ever grows.
    if (entry.attributes.size !== before) entry.observer.observe(root, init(entry.attributes));
  }
  const mine = entry;
  mine.callbacks.add(callback);
  return () => {
    mine.callbacks.delete(callback);
    if (mine.callbacks.size === 0) {
      mine.observer.disconnect();
      if (shared.get(root) === mine) shared.delete(root);
    }
  };
}
