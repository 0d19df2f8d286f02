/**
 * Finding the call view in a pass. The roots already known are asked first; the custom elements added since
 * the last scan of added elements (added-scan.ts) are asked for new shadow roots only when none of the known
 * roots has a shown view. Roots are searched in the order they were found, new ones last, so the view found
 * is the one a search of every root would find; a call view in the page itself (or in a component seen
 * before) is found without a query per added custom element in the detection's latency (the scan of
 * added elements, at the end of the task, collects those roots anyway).
 */
import { deepQueryAll, deepQueryFirst } from '../dom/deep-selector';
import type { RootSet } from '../dom/roots';
import type { AddedScanner } from './added-scan';

/**
 * The first element matching `selector` (descendant combinators crossing shadow roots) in `roots`, in order,
 * that passes `accept`, or null; `check` is asked the whole selector once, so a bad one throws.
 */
export function firstIn(roots: Iterable<ParentNode>, selector: string, check: ParentNode, accept: (el: Element) => boolean): Element | null {
  for (const root of roots) {
    // Usually the root's first match is the one: one query that stops there, not a list of every match.
    const one = deepQueryFirst(root, selector, check);
    if (one && accept(one)) return one;
    if (one === null) continue;
    for (const el of deepQueryAll([root], selector, check)) if (el !== one && accept(el)) return el;
  }
  return null;
}

/** The members of `set` after its first `skip` (a Set iterates in insertion order: those added since). */
export function after<T>(set: ReadonlySet<T>, skip: number): T[] {
  const out: T[] = [];
  let i = 0;
  for (const item of set) if (i++ >= skip) out.push(item);
  return out;
}

/** The first shown call view matching `selector`: in the known roots, else in the roots of newly added custom elements. */
export function findView(roots: RootSet, added: AddedScanner, doc: Document, selector: string, accept: (el: Element) => boolean): Element | null {
  const known = roots.roots.size;
  const view = firstIn(roots.roots, selector, doc, accept);
  if (view || !added.unflushed) return view;
  added.flush('custom');
  return roots.roots.size === known ? null : firstIn(after(roots.roots, known), selector, doc, accept);
}
