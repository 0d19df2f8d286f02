/**
 * Which adapters' host patterns match a URL, asked once per URL the detector sees (a call's new route is a new
 * URL). A pattern list whose paths are all `/*` (every built-in adapter's) matches by origin only: its answer is
 * kept for the last origin asked, so a new URL of the same origin costs no pattern match (each parsed the URL again
 * and read its parts from the browser) and no look-up per adapter.
 */
import type { Adapter } from '../adapters/types';
import { matchesAny } from '../match-pattern';

/** A pattern whose path is `/*`: whether a URL matches it depends on its origin only. */
const ORIGIN_ONLY = /^[^:/]+:\/\/[^/]*\/\*$/;
/** Per pattern list: whether every pattern is origin-only (decided once per list). */
const originOnly = new WeakMap<readonly string[], boolean>();

function isOriginOnly(patterns: readonly string[]): boolean {
  let only = originOnly.get(patterns);
  if (only === undefined) originOnly.set(patterns, (only = patterns.every((p) => ORIGIN_ONLY.test(p))));
  return only;
}

/** Per adapter list, for the last origin asked: each adapter's answer (null: its patterns look at the path). */
const lastOrigin = new WeakMap<readonly Adapter[], { origin: string; decided: (boolean | null)[] }>();

/**
 * The adapters of `adapters` (in order) whose host patterns match `href`, of origin `origin` (`protocol//host`).
 * `adapters` must not change while it is used here (the detector passes the same list until it changes).
 */
export function hostAdapters(adapters: readonly Adapter[], href: string, origin: string): Adapter[] {
  let last = lastOrigin.get(adapters);
  if (!last || last.origin !== origin) {
    const decided = adapters.map((a) => (isOriginOnly(a.matches) ? matchesAny(a.matches, href) : null));
    lastOrigin.set(adapters, (last = { origin, decided }));
  }
  const out: Adapter[] = [];
  for (let i = 0; i < adapters.length; i++) {
    const adapter = adapters[i] as Adapter;
    const yes = last.decided[i];
    if (yes === true || (yes === null && matchesAny(adapter.matches, href))) out.push(adapter);
  }
  return out;
}
