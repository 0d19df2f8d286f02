/** Reading an adapter's value sources out of the page. */
import type { Adapter, ValueSource } from '../adapters/types';
import type { RootSet } from '../dom/roots';
import type { QueryMemo } from '../dom/deep-selector';
import { hostAdapters } from './hosts';

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
 * `memo`: the native answers the other reads of the same pass got (deep-selector.ts).
 */
export function readSources(roots: RootSet, scope: Element, sources: readonly ValueSource[], inScope?: readonly ParentNode[], memo?: QueryMemo): string | null {
  let sawEmpty = false;
  // The whole page: the roots already known (never a walk of the document); else walk the (small) scope,
  // unless the caller already did (`inScope`: the scope and the shadow roots inside it).
  const scopes = scope === scope.ownerDocument.documentElement ? [...roots.roots] : (inScope ?? roots.within(scope));
  for (const source of sources) {
    if (source.lastResort && sawEmpty) break; // the field is there but empty: a label may name another record's
    for (const el of roots.queryWithin(scope, source.selector, scopes, memo)) {
      const value = source.attribute ? applyPattern(attributeValue(el, source.attribute).trim(), source.pattern) : readText(roots, el, source.pattern);
      if (value) return value;
      sawEmpty = true;
    }
  }
  return sawEmpty ? '' : null;
}

/**
 * An attribute's value; for `value` on a form control its live value. Frameworks (React and the Fluent
 * controls of Dynamics' Unified Interface) set the property, which the attribute need not mirror.
 */
function attributeValue(el: Element, name: string): string {
  if (name === 'value' && 'value' in el && typeof el.value === 'string' && el.value) return el.value;
  return el.getAttribute(name) ?? '';
}

/** A dial link whose target is the number itself (and not empty: LWC links `tel:` plus blanks too). */
const DIAL = /^\s*(?:tel|sips?|callto):\s*\S/i;
/** At most what call.detected carries as rawAni. */
const MAX_VALUE = 200;

/**
 * An element's (shadow-inclusive) text after the source's pattern; when the element is or holds a dial
 * link (`tel:`, `sip:`) whose target differs from the text, `text <target>` (SIP name-addr form), so the
 * number as dialled is read first (lib/phone.ts) and the text only when the target does not parse.
 */
function readText(roots: RootSet, el: Element, pattern: string | undefined): string | null {
  // The dial link is noted while the text is walked: a query for it walked the element's shadow roots again, ~15 µs
  // of a call's detection (traced). The element itself when it is a link, else the first dial link inside it.
  let link: Element | undefined = el.localName === 'a' && el.hasAttribute('href') ? el : undefined;
  const note = (e: Element): void => { if (!link && e.localName === 'a' && DIAL.test(e.getAttribute('href') ?? '')) link = e; };
  const text = applyPattern(roots.deepText(el, note).trim(), pattern);
  if (text === null) return null;
  const target = link && DIAL.test(link.getAttribute('href') ?? '') ? (link.getAttribute('href') as string).trim().replace(/[<>]/g, '') : '';
  if (!target || target === text) return text || null;
  const pair = `${text} <${target}>`.trim();
  return pair.length <= MAX_VALUE ? pair : text.slice(0, MAX_VALUE) || null;
}

/** The interaction id from the adapter's source: in the call view first, then anywhere in the page. */
export function readInteractionId(roots: RootSet, adapter: Adapter, view: Element): string | null {
  const src = adapter.interactionId;
  if (!src) return null;
  return readSources(roots, view, [src]) || readSources(roots, view.ownerDocument.documentElement, [src]) || null;
}


/** The CRM version the page shows, if the adapter knows where (at most 64 characters), else null. */
export function readVersion(roots: RootSet, doc: Document, adapter: Adapter): string | null {
  try {
    const v = adapter.version && doc.documentElement ? readSources(roots, doc.documentElement, [adapter.version]) : null;
    return v ? v.slice(0, 64) : null;
  } catch {
    return null; // a refused version selector must not hide the health report itself
  }
}

/** The value sources a call's pass may read (the version is read only for a health report). */
export function passSources(a: Adapter): ValueSource[] {
  return [...a.ani, a.interactionId, a.customerId, a.attestation].filter((s): s is ValueSource => !!s);
}

/** Attribute names an adapter's selectors test or its sources read (the observer must watch them). */
export function attributesOf(adapters: readonly Adapter[]): Set<string> {
  const names = new Set<string>();
  for (const a of adapters) {
    const sources = passSources(a);
    for (const sel of [a.callView, ...sources.map((s) => s.selector)]) {
      for (const m of sel.matchAll(/\[\s*([A-Za-z_][-\w]*)/g)) names.add((m[1] as string).toLowerCase());
    }
    for (const s of sources) if (s.attribute) names.add(s.attribute.toLowerCase());
  }
  return names;
}

/**
 * An http(s) URL as `location.href` serializes it, in characters its parser leaves alone: lower-case scheme and
 * domain (its last label not a number), no user info, a port or none, then a path without characters it would
 * encode or rewrite (backslashes, quotes, spaces, non-ASCII; UNSAFE lists the rest).
 */
const SERIALIZED = /^(https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?::[1-9]\d{0,3})?)(\/[A-Za-z0-9\-_~!$&()*+,;=:@/?#%[\]|.]*)$/;
/** Parts the parser would rewrite or refuse: dot segments, empty query or fragment, punycode labels. */
const UNSAFE = /\/\.|%2e|\?(?:#|$)|#$|xn--/i;

/**
 * `href`'s origin key and its path with query and fragment (as `new URL` gives the path), or null when it does not
 * parse. The key is `protocol//host`, or scheme and authority as written for a serialized URL: one string always
 * names one origin (a default port written out only costs hosts.ts a miss). A serialized URL is split as a string:
 * a call's pass asks this for each new route, and the parser's URL object and its origin parts cost 10-20 µs of
 * the detection's latency there (traced bench calls: the step to the host answers took 40-60 µs, now 30-40).
 */
export function urlParts(href: string): [origin: string, path: string] | null {
  const m = SERIALIZED.exec(href);
  if (m && !UNSAFE.test(href)) return [m[1] as string, m[2] as string];
  try {
    const u = new URL(href);
    return [`${u.protocol}//${u.host}`, u.pathname + u.search + u.hash];
  } catch {
    return null;
  }
}

/** An adapter whose host and URL pattern match the current URL (`match[1]`: the interaction id, if any). */
export interface Candidate {
  adapter: Adapter;
  match: RegExpExecArray;
}

/**
 * The adapters that apply to `href` (host first, then URL pattern), and those whose pattern does not compile.
 * Pass the same `adapters` list for as long as it holds (hosts.ts keeps its answers per list).
 */
export function urlCandidates(adapters: readonly Adapter[], href: string): { candidates: Candidate[]; badPattern: Adapter[] } {
  const candidates: Candidate[] = [];
  const badPattern: Adapter[] = [];
  const parts = urlParts(href);
  if (!parts) return { candidates, badPattern };
  const [origin, path] = parts;
  for (const adapter of hostAdapters(adapters, href, origin)) {
    const re = regex(adapter.urlPattern);
    const match = re?.exec(path);
    if (!re) badPattern.push(adapter);
    else if (match) candidates.push({ adapter, match });
  }
  return { candidates, badPattern };
}
