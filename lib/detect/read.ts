/** Reading an adapter's value sources out of the page. */
import type { ValueSource } from '../adapters/types';
import type { RootSet } from '../dom/roots';

/** Whether an element is rendered and visible (hidden console tabs don't count). */
export function isVisible(el: Element): boolean {
  const check = (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  if (typeof check === 'function') return check.call(el, { visibilityProperty: true });
  return el.getClientRects().length > 0;
}

/** Apply a source's optional regex (one capture group) to a raw value. */
export function applyPattern(value: string, pattern: string | undefined): string | null {
  if (!pattern) return value;
  try {
    const m = new RegExp(pattern).exec(value);
    return m ? (m[1] ?? m[0]) : null;
  } catch {
    return null;
  }
}

/** First non-empty value from the sources, searched inside `scope`; '' when a source exists but is empty. */
export function readSources(roots: RootSet, scope: Element, sources: readonly ValueSource[]): string | null {
  let sawEmpty = false;
  for (const source of sources) {
    for (const el of roots.queryWithin(scope, source.selector)) {
      const raw = source.attribute ? el.getAttribute(source.attribute) ?? '' : roots.deepText(el);
      const value = applyPattern(raw.trim(), source.pattern);
      if (value) return value;
      sawEmpty = true;
    }
  }
  return sawEmpty ? '' : null;
}
