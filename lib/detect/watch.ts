/**
 * The call view the detector watches between passes. While a call shows, a busy console's churn around the
 * view must cost next to nothing, so no root's record is read one by one: one MutationObserver (moved to
 * each new view) watches the view's subtree and, on each of its shadow-including ancestors, the attributes
 * and children only (where the view is hidden, shown or removed). Any record of it needs a pass; so does a
 * record batch of a shadow root inside the view. Other trees matter only by adding another call view,
 * which the per-frame scan of added elements asks (`added`).
 */
import { deepContains } from '../dom/roots';
import { BASE_ATTRIBUTES } from './tree-observer';

export interface ViewWatch {
  /** The call view the last pass found, null when none. */
  readonly view: Element | null;
  /** Watch `view` (`scopes`: it and the shadow roots inside it), or nothing (null). */
  set(view: Element | null, scopes?: readonly ParentNode[]): void;
  /** Whether a record batch of `root` needs a pass (always, while no view is watched). */
  batch(root: Document | ShadowRoot): boolean;
  /** Whether a live added element is or holds another call view (or moved the watched one). */
  added(node: Element, callViews: string): boolean;
  /** Whether one of these newly found roots is inside the watched view, unseen by the pass that watched it. */
  unseen(found: readonly (Document | ShadowRoot)[]): boolean;
}

/** Start watching nothing; `onChange` asks for a pass; `attributes`: the adapters' own (besides the base ones). */
export function viewWatch(attributes: () => Iterable<string>, signal: AbortSignal, onChange: () => void): ViewWatch {
  let view: Element | null = null;
  let inside = new Set<Node>();
  /** Observed in this microtask checkpoint: elements added before it cannot have moved the view since. */
  let fresh = false;
  const observer = new MutationObserver(() => onChange());
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });

  const observe = (el: Element): void => {
    observer.disconnect();
    if (signal.aborted) return;
    if (!fresh) queueMicrotask(() => { fresh = false; });
    fresh = true;
    const attributeFilter = [...new Set([...BASE_ATTRIBUTES, ...attributes()])];
    observer.observe(el, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter });
    // Parents, the shadow roots the view is in, their hosts, the document: hidden, shown or removed there.
    for (let n: Node | null = el.parentNode; n; n = n.nodeType === 11 ? (n as ShadowRoot).host : n.parentNode) {
      observer.observe(n, { childList: true, attributes: true, attributeFilter });
    }
  };

  return {
    get view() {
      return view;
    },
    set(next, scopes = []) {
      inside = new Set(scopes.filter((s) => s.nodeType === 11));
      if (next === view) return;
      view = next;
      if (next) observe(next);
      else observer.disconnect();
    },
    batch(root) {
      return !view || inside.has(root);
    },
    added(node, callViews) {
      if (!view) return false;
      try {
        if (node.contains(view)) {
          // Moved: its pass saw it, its ancestors may differ now (unless they were observed after this move:
          // the scan that follows the pass in the same checkpoint reports the element the view came in).
          if (!fresh) observe(view);
          return false;
        }
        return node.matches(callViews) || node.querySelector(callViews) !== null;
      } catch {
        return true;
      }
    },
    unseen(found) {
      const at = view;
      return !!at && found.some((root) => root.nodeType === 11 && !inside.has(root) && deepContains(at, (root as ShadowRoot).host));
    },
  };
}
