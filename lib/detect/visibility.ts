/**
 * Whether a call view is shown, without making the page compute styles in the middle of its task. An
 * exact check (`checkVisibility`) on a view the page just inserted makes the browser recalculate the
 * style of everything pending (the new view's subtree and the console's churn) inside the detection's
 * latency; the page would do that at its next frame anyway. So a pass asks a new view's own markup (not
 * connected, `hidden`, inline display/visibility) and the computed style of its flat-tree ancestors, which
 * costs a lookup where they were already styled (the container the view went into), and nothing when a pass
 * read the same ancestors before and none of them changed since (ancestor-styles.ts); only a style rule
 * aimed at the view itself (or at a closed root's own containers) goes unseen then, and the rendering
 * tells within a frame (viewVeto): a view found without a box has its call ended by the next pass.
 */
import { isVisible } from './read';
import { ancestorStyles, type AncestorStyle, type AncestorStyles } from './ancestor-styles';

/** The element's parent in the rendered (flat) tree; null at the top, or when it is not slotted. */
function flatParent(el: Element): Element | null | 'unslotted' {
  const parent = el.parentElement;
  if (parent) {
    // A light-DOM child of an open shadow host is drawn only through a slot (closed roots: assignedSlot
    // is always null, so their host counts; the exact check sees the rest).
    if (parent.shadowRoot) return el.assignedSlot ?? 'unslotted';
    return parent;
  }
  const node = el.parentNode;
  return node && node.nodeType === 11 ? (node as ShadowRoot).host : null;
}

/** An ancestor's computed style as the visibility test reads it (the page's style work is done first, if any). */
function styleOf(at: Element): AncestorStyle {
  const style = (at.ownerDocument.defaultView as Window).getComputedStyle(at);
  return { hides: style.display === 'none' || style.contentVisibility === 'hidden', visibility: style.visibility };
}

/**
 * Whether `el` is shown as far as its markup and its ancestors' computed style tell (see above): false
 * when it is not connected, hidden by attribute or inline style, not slotted, or under an ancestor with
 * display none, content-visibility hidden, or (unless the view's inline style overrides) visibility hidden.
 * `styles`: the ancestors' styles kept between passes (ancestor-styles.ts); without, each is asked.
 */
export function shownCheaply(el: Element, styles?: AncestorStyles): boolean {
  if (!el.isConnected || el.hasAttribute('hidden')) return false;
  // Inline display and visibility live in the style attribute: a view without one needs no declaration object
  // (made on first read, in the detection's latency for each new view).
  const own = el.hasAttribute('style') ? ((el as HTMLElement).style as CSSStyleDeclaration | undefined) : undefined;
  if (own && (own.display === 'none' || own.visibility === 'hidden' || own.visibility === 'collapse')) return false;
  if (!el.ownerDocument.defaultView) return false;
  const chain: Element[] = [];
  for (let at = flatParent(el); at; at = flatParent(at)) {
    if (at === 'unslotted') return false;
    chain.push(at);
  }
  const read = styles ? styles.of(chain) : chain.map(styleOf);
  if (read.some((s) => s.hides)) return false;
  // Visibility inherits: the nearest ancestor's computed value is the view's unless a rule sets its own.
  return own?.visibility === 'visible' || read.length === 0 || read[0]?.visibility === 'visible';
}

export interface ViewVeto {
  /** The pass's test of a call view: a view the observer saw without a box is not shown; else see shownCheaply. */
  accept(el: Element): boolean;
  /** The view the pass found (null: none): the observer follows it from now on. */
  follow(el: Element | null): void;
}

/**
 * The rendering's own word on the followed view: an IntersectionObserver reports, after each frame that
 * changed it, whether the view has a box (none: display none on it or above it), and no style is forced
 * for it. A view without one is vetoed (still observed while no pass follows it) until it gets a box
 * again or leaves the page; either change asks for a pass (`onChange`), which ends or restarts its call. A view a pass
 * already follows is also asked its own computed display and visibility: that costs a recalculation only
 * when something changed on it or above it since the last frame.
 */
export function viewVeto(win: Window | null, signal: AbortSignal, onChange: () => void): ViewVeto {
  let followed: Element | null = null;
  const styles = ancestorStyles(styleOf, (win as (Window & { MutationObserver?: typeof MutationObserver }) | null)?.MutationObserver);
  const vetoed = new Set<Element>();
  const Observer = (win as (Window & { IntersectionObserver?: typeof IntersectionObserver }) | null)?.IntersectionObserver;
  const io = Observer ? new Observer((entries: IntersectionObserverEntry[]) => {
    let changed = false;
    for (const { target, isIntersecting, boundingClientRect: r } of entries) {
      const box = isIntersecting || r.width > 0 || r.height > 0;
      if (box !== vetoed.has(target)) continue;
      changed = true;
      if (!box) {
        vetoed.add(target);
        if (target.isConnected) styles.clear(); // shown by kept styles, yet no box: keep none (a removed view says nothing)
      } else if (vetoed.delete(target) && target !== followed) io?.unobserve(target);
    }
    for (const el of vetoed) {
      if (el.isConnected) continue; // gone: nothing to veto any more
      vetoed.delete(el);
      if (el !== followed) io?.unobserve(el);
    }
    if (changed) onChange();
  }) : null;
  signal.addEventListener('abort', () => { io?.disconnect(); styles.clear(); }, { once: true });
  return {
    accept(el) {
      if (!io) return isVisible(el); // nothing would confirm it later: the exact check now
      if (vetoed.has(el) || !shownCheaply(el, styles)) return false;
      if (el !== followed) return true;
      const style = el.ownerDocument.defaultView?.getComputedStyle(el);
      return !style || (style.display !== 'none' && style.visibility === 'visible');
    },
    follow(el) {
      if (el === followed || signal.aborted) return;
      if (followed && !vetoed.has(followed)) io?.unobserve(followed);
      followed = el;
      if (el && !vetoed.has(el)) io?.observe(el);
    },
  };
}
