/** Focus an element when it mounts (Preact, unlike React, does not act on `autoFocus` after page load). */

/** Ref callback: stable identity, so Preact calls it once on mount and once (with null) on unmount. */
export function focusOnMount(el: HTMLElement | null): void {
  el?.focus();
}
