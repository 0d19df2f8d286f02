/**
 * The computed styles of a call view's flat-tree ancestors, kept between passes. Asking an ancestor's computed
 * style costs a lookup only while the page has no style work pending; with some pending (a console's rows
 * added or removed since its last frame) the browser does all of it right there, inside the detection's
 * latency (1-2 ms on the bench's console, more on a busy machine), work the page would have done at its next
 * frame anyway. A new call's view mostly goes where the last one went, so the chain a pass read is kept and
 * read again from here while every link holds (each ancestor still has the same flat-tree parent) and no
 * ancestor's attributes changed: a MutationObserver on each, whose records are also taken at every read, so
 * a change made in the same task as the view's insertion counts. A change it cannot see (a style sheet, a
 * rule on an ancestor's siblings) is left to the rendering: the veto (visibility.ts) ends a call whose view
 * has no box after the frame, and clears this.
 */

/** What a pass needs of an ancestor's computed style. */
export interface AncestorStyle {
  /** display none or content-visibility hidden: nothing inside is drawn. */
  hides: boolean;
  /** The computed visibility (inherited by the view unless a rule sets its own). */
  visibility: string;
}

export interface AncestorStyles {
  /** The styles of `chain` (a view's flat-tree ancestors, nearest first, up to the top), kept or read now. */
  of(chain: readonly Element[]): AncestorStyle[];
  /** Forget every kept style (the rendering contradicted one). */
  clear(): void;
}

interface Kept {
  parent: Element | null;
  style: AncestorStyle;
}

/**
 * Keep the styles `read` returns (at most `limit` ancestors: past that, start over). `Observer`: the
 * MutationObserver constructor (none: nothing is kept, every call reads).
 */
export function ancestorStyles(read: (el: Element) => AncestorStyle, Observer: typeof MutationObserver | undefined, limit = 64): AncestorStyles {
  let kept = new Map<Element, Kept>();
  const observer = Observer ? new Observer(() => clear()) : null;
  function clear(): void {
    if (kept.size === 0) return;
    kept = new Map();
    observer?.disconnect();
  }
  return {
    of(chain) {
      if (!observer) return chain.map(read);
      if (observer.takeRecords().length > 0) clear();
      const styles: AncestorStyle[] = [];
      for (let i = 0; i < chain.length; i++) {
        const k = kept.get(chain[i] as Element);
        if (!k || k.parent !== (chain[i + 1] ?? null)) break;
        styles.push(k.style);
      }
      if (styles.length === chain.length) return styles;
      // Any link changed: read the whole chain (a moved ancestor changes what its descendants inherit).
      if (kept.size + chain.length > limit) clear();
      return chain.map((el, i) => {
        const style = read(el);
        if (!kept.has(el)) observer.observe(el, { attributes: true });
        kept.set(el, { parent: chain[i + 1] ?? null, style });
        return style;
      });
    },
    clear,
  };
}
