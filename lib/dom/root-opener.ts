/**
 * How a content script opens shadow roots: open ones through `shadowRoot`; closed ones only through
 * `chrome.dom.openOrClosedShadowRoot` (Chromium) or the `openOrClosedShadowRoot` getter (Firefox).
 */

/** An element's shadow root as the caller may see it, or null. */
export type OpenRoot = (el: Element) => ShadowRoot | null;

/** Default: open shadow roots only. */
export const openShadowRoot: OpenRoot = (el) => el.shadowRoot;

type ChromeDom = { dom?: { openOrClosedShadowRoot?: (el: HTMLElement) => ShadowRoot | null } };

/**
 * The opener for closed shadow roots in a content script: `chrome.dom.openOrClosedShadowRoot` (Chromium),
 * the `element.openOrClosedShadowRoot` getter (Firefox), else open roots only. Chromium's throws for
 * non-HTML elements (a custom-named SVG element, say), hence the try.
 */
export function closedRootOpener(): OpenRoot {
  const chromeDom = (globalThis as { chrome?: ChromeDom }).chrome?.dom;
  const open = chromeDom?.openOrClosedShadowRoot;
  if (typeof open === 'function') {
    return (el) => {
      try {
        return el.shadowRoot ?? open.call(chromeDom, el as HTMLElement) ?? null;
      } catch {
        return null;
      }
    };
  }
  // Firefox's is a getter on the prototype: only `in` may touch it there (reading it throws a TypeError).
  if ('openOrClosedShadowRoot' in Element.prototype) {
    return (el) => el.shadowRoot ?? (el as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? null;
  }
  return openShadowRoot;
}
