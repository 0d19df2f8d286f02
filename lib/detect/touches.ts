/**
 * Whether mutation records can change what the detector sees while it watches a call view: asked for
 * every record batch of every root while a call shows, so most of a busy console's churn must be told
 * apart in a few DOM calls. The view's shadow-including ancestors are found once per view (a set lookup
 * per attribute record instead of a walk), and a record batch's tree is placed once against the view's.
 */
import { deepContains } from '../dom/roots';

const ancestorCache = new WeakMap<Element, Set<Node>>();

/** The view's shadow-including ancestors: parents, the shadow roots it is in, their hosts, the document. */
function ancestorsOf(view: Element): Set<Node> {
  let set = ancestorCache.get(view);
  if (!set) {
    set = new Set();
    for (let n: Node | null = view.parentNode; n; n = n.nodeType === 11 ? (n as ShadowRoot).host : n.parentNode) set.add(n);
    ancestorCache.set(view, set);
  }
  return set;
}

/**
 * Whether `records` (one root's batch) can change what the detector sees while it watches the call view
 * `view`: the view left the page, something inside it changed (number, state), an attribute changed on it
 * or an ancestor (shown, hidden, state), or an added element is or holds another call view. Everything
 * else (the console's own churn elsewhere) is skipped without a pass. A selector the browser refuses
 * counts as relevant so that the pass reports it.
 */
export function touchesCall(records: readonly MutationRecord[], view: Element, callViews: string): boolean {
  if (!view.isConnected) return true;
  const first = records[0];
  if (!first) return false;
  let ancestors = ancestorsOf(view);
  const root = first.target.getRootNode();
  // A tree inside the view: everything in it is the view's. The view's own tree: a record is inside the
  // view when its target is. A tree holding the view's (an ancestor): only attributes on the view's
  // ancestors matter. Any other tree can only matter by adding another call view.
  if (root.nodeType === 11 && !ancestors.has(root) && deepContains(view, (root as ShadowRoot).host)) return true;
  const own = root === view.getRootNode();
  const outer = !own && ancestors.has(root);
  try {
    for (const r of records) {
      if (own && view.contains(r.target)) return true;
      if (r.type === 'attributes') {
        if ((own || outer) && ancestors.has(r.target)) return true;
      } else if (r.type === 'childList') {
        for (let i = 0; i < r.addedNodes.length; i++) {
          const n = r.addedNodes[i] as Node;
          if (n.nodeType !== 1) continue;
          // The watched view's own (re)insertion was seen by the pass that found it; its ancestors may differ now.
          if (n.contains(view) || ancestors.has(n)) {
            ancestorCache.delete(view);
            ancestors = ancestorsOf(view);
            continue;
          }
          if ((n as Element).matches(callViews) || (n as Element).querySelector(callViews)) return true;
        }
      }
    }
  } catch {
    return true;
  }
  return false;
}

