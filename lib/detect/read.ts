/** Reading an adapter's value sources out of the page. */
import type { Adapter, ValueSource } from '../adapters/types';
import type { RootSet } from '../dom/roots';
import { INTERACTION_ID } from './panel-mount';

/** Whether an element is rendered and visible (hidden console tabs don't count). */
export function isVisible(el: Element): boolean {
  const check = (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  if (typeof check === 'function') return check.call(el, { visibilityProperty: true });
  return el.getClientRects().length > 0;
}

const compiled = new Map<string, RegExp | null>();

/** A compiled regex (cached: adapters are few and fixed), or null when the source does not compile. */
export function regex(source: string): RegExp | null {
  let re = compiled.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source);
    } catch {
      re = null;
    }
    compiled.set(source, re);
  }
  return re;
}

/** Apply a source's optional regex (one capture group) to a raw value. */
export function applyPattern(value: string, pattern: string | undefined): string | null {
  if (!pattern) return value;
  const m = regex(pattern)?.exec(value);
  return m ? (m[1] ?? m[0]) : null;
}

/**
 * First non-empty value from the sources, searched inside `scope`: '' when a source element exists but
 * is empty, null when no source element exists at all (a selector-health signal). Throws on a bad selector.
 */
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

/** The interaction id from the adapter's source: in the call view first, then anywhere in the page. */
export function readInteractionId(roots: RootSet, adapter: Adapter, view: Element): string | null {
  const src = adapter.interactionId;
  if (!src) return null;
  return readSources(roots, view, [src]) || readSources(roots, view.ownerDocument.documentElement, [src]) || null;
}


/** FNV-1a (32 bit) of `s` from `seed`, as 8 hex digits. */
function fnv1a(s: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * An interaction id the protocol accepts: ids made of `[A-Za-z0-9._:-]` (at most 128) pass unchanged,
 * anything else (a custom adapter's whole URL path, say) becomes a stable 64-bit hash `h:<16 hex>`.
 */
export function safeInteractionId(raw: string): string {
  return INTERACTION_ID.test(raw) ? raw : `h:${fnv1a(raw, 0x811c9dc5)}${fnv1a(raw, 0x01234567)}`;
}

/** Attribute names an adapter's selectors test or its sources read (the observer must watch them). */
export function attributesOf(adapters: readonly Adapter[]): Set<string> {
  const names = new Set<string>();
  for (const a of adapters) {
    const sources = [...a.ani, a.interactionId, a.customerId, a.attestation].filter((s): s is ValueSource => !!s);
    for (const sel of [a.callView, ...sources.map((s) => s.selector)]) {
      for (const m of sel.matchAll(/\[\s*([A-Za-z_][-\w]*)/g)) names.add((m[1] as string).toLowerCase());
    }
    for (const s of sources) if (s.attribute) names.add(s.attribute.toLowerCase());
  }
  return names;
}
