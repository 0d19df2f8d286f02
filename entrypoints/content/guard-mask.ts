/**
 * The guards' mask in the page: the style that blurs held fields and marks held actions, in the document
 * and in every shadow root the detector finds (a selector does not reach into a shadow root). One
 * constructable sheet adopted by every root: a new root costs one adoption (no element inserted, so no
 * mutation record for the page's observers or the detector's, and no re-read of the style text), and a
 * new mask is one replaceSync for every root at once. Where adopting fails (Firefox content scripts see
 * page arrays through Xray wrappers), a <style> element of ours per root, as before.
 */

/** Marks our <style> elements (the fallback). */
const MARK = 'data-caller-verify-guards';

export interface GuardMask {
  /** The roots masked (the document and live shadow roots), for the selector-health check. */
  readonly roots: ReadonlySet<Document | ShadowRoot>;
  /** Replace the mask ('' for none). */
  set(css: string): void;
  /** A shadow root the detector found. */
  add(root: ShadowRoot): void;
  /** A shadow root whose host left the page: holding it would keep its tree alive. */
  remove(root: ShadowRoot): void;
}

type Root = Document | ShadowRoot;

/** Mask `doc` and the roots added later; everything we put in the page goes when `signal` aborts. */
export function createGuardMask(doc: Document, signal: AbortSignal): GuardMask {
  const roots = new Set<Root>([doc]);
  /** Roots the sheet could not be adopted by, and their <style> elements (made while a mask is set). */
  const fallback = new Set<Root>();
  const styles = new Map<Root, HTMLStyleElement>();
  const sheet = typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype ? new CSSStyleSheet() : null;
  let css = '';
  let sweptAt = 64;

  /** Whether adopting works here: checked on the document, the first root adopted. */
  let adopts: boolean | null = null;
  const adopt = (root: Root): boolean => {
    if (!sheet || adopts === false) return false;
    try {
      const list = root.adoptedStyleSheets;
      if (!list.includes(sheet)) root.adoptedStyleSheets = [...list, sheet];
      adopts ??= root.adoptedStyleSheets.includes(sheet);
      return adopts;
    } catch {
      adopts = false;
      return false;
    }
  };
  /** The fallback: our own <style> element in the root, kept in step with the mask. */
  const paintStyle = (root: Root): void => {
    let style = styles.get(root);
    if (!css) return void style?.remove();
    if (!style) { style = doc.createElement('style'); style.setAttribute(MARK, ''); styles.set(root, style); }
    if (style.textContent !== css) style.textContent = css;
    if (!style.isConnected) (root === doc ? (doc.head ?? doc.documentElement) : (root as ShadowRoot))?.append(style);
  };
  const forget = (root: Root): void => {
    roots.delete(root);
    fallback.delete(root);
    styles.get(root)?.remove();
    styles.delete(root);
  };
  const live = (root: Root): boolean => root === doc || (root as ShadowRoot).host.isConnected;

  const mask = (root: Root): void => {
    if (adopt(root)) return;
    fallback.add(root);
    paintStyle(root);
  };
  mask(doc);
  signal.addEventListener('abort', () => {
    sheet?.replaceSync('');
    for (const root of roots) {
      try {
        if (sheet && root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
      } catch { /* the page's array: nothing of ours to take out */ }
    }
    for (const s of styles.values()) s.remove();
  }, { once: true });

  return {
    roots,
    set(next) {
      if (next === css) return;
      css = next;
      sheet?.replaceSync(css);
      for (const root of Array.from(fallback)) {
        if (live(root)) paintStyle(root);
        else forget(root);
      }
    },
    add(root) {
      if (signal.aborted || roots.has(root)) return;
      // Forget roots whose host left the page as the set doubles (the detector also tells us, see remove).
      if (roots.size >= sweptAt * 2) {
        for (const r of Array.from(roots)) if (!live(r)) forget(r);
        sweptAt = Math.max(64, roots.size);
      }
      roots.add(root);
      mask(root);
    },
    remove: forget,
  };
}
