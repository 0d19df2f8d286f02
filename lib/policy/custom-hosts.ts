/**
 * Custom CRM hosts: the match patterns of admin-declared adapters (`customAdapters`) that the manifest's
 * content scripts do not already cover. Those hosts need an optional host permission (granted once, on
 * the options page) and a dynamically registered content script (entrypoints/background/custom-scripts.ts).
 * Plain functions: used by the worker, the options page and the unit tests.
 */
import { API_HOST_PERMISSIONS, CRM_MATCHES } from '../manifest-data';
import { adapterById } from '../adapters';

/** The id of the one registered content script that serves every custom host. */
export const CUSTOM_SCRIPT_ID = 'cv-custom-crm-hosts';

interface Parsed {
  schemes: string[];
  host: string;
}

/** Scheme(s) and host of a `scheme://host/*` pattern (port dropped: permissions ignore it), or null. */
function parse(pattern: string): Parsed | null {
  const m = /^(https?|\*):\/\/([^/:]+)(?::\d+)?\/\S*$/i.exec(pattern); // any path: permissions are per origin
  if (!m) return null;
  const scheme = (m[1] as string).toLowerCase();
  return { schemes: scheme === '*' ? ['http', 'https'] : [scheme], host: (m[2] as string).toLowerCase() };
}

/** Whether the host pattern `outer` (e.g. `*.force.com`) covers every host `inner` stands for. */
function hostCovers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  if (!outer.startsWith('*.')) return outer === inner;
  const base = outer.slice(2);
  const innerBase = inner.startsWith('*.') ? inner.slice(2) : inner;
  return innerBase === base || innerBase.endsWith(`.${base}`);
}

/** Whether every page `pattern` matches is already matched by one of `covering` (the manifest's list). */
export function patternCovered(pattern: string, covering: readonly string[] = CRM_MATCHES): boolean {
  const p = parse(pattern);
  if (!p) return false;
  return p.schemes.every((scheme) =>
    covering.some((c) => {
      const q = parse(c);
      return !!q && q.schemes.includes(scheme) && hostCovers(q.host, p.host);
    }),
  );
}

/** Origin pattern for `permissions.request`/`contains` (path `/*`, no port): `https://crm.example.com/*`. */
export function originPattern(pattern: string): string | null {
  const m = /^((?:https?|\*):\/\/[^/:]+)(?::\d+)?\/\S*$/i.exec(pattern); // a path (`/desk*`) narrows pages, not the permission
  return m ? `${(m[1] as string).toLowerCase()}/*` : null;
}

/**
 * The origin pattern of the API (`https://verify.example.com/*`) when the manifest's host permissions do not
 * cover it (they cover loopback only), else null. Firefox needs this optional permission to reach the API:
 * its per-install moz-extension:// origin cannot be put in the API's CORS allow-list.
 */
export function apiHostPattern(apiBaseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(apiBaseUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const pattern = `${url.protocol}//${url.hostname.toLowerCase()}/*`;
  return patternCovered(pattern, API_HOST_PERMISSIONS) ? null : pattern;
}

/** The custom adapters' patterns the manifest does not cover, as origin patterns, sorted, no duplicates. */
export function customHostPatterns(adapters: readonly { id: string; matches: readonly string[] }[], disabled: readonly string[] = []): string[] {
  const off = new Set(disabled);
  const out = new Set<string>();
  for (const a of adapters) {
    if (off.has(a.id)) continue;
    for (const m of a.matches) {
      const origin = originPattern(m);
      if (origin && !patternCovered(origin)) out.add(origin);
    }
  }
  return [...out].sort();
}

/** The custom host patterns of these settings (a custom id that clashes with a built-in one is skipped, as in effective.ts). */
export function customHostPatternsOf(settings: { customAdapters: readonly { id: string; matches: readonly string[] }[]; disabledAdapters: readonly string[] }): string[] {
  return customHostPatterns(settings.customAdapters.filter((c) => !adapterById(c.id)), settings.disabledAdapters);
}

/** What to do with the registered script: `matches` wanted now vs. the one registered (null: none). */
export type ScriptPlan = { kind: 'none' } | { kind: 'unregister' } | { kind: 'register' | 'update'; matches: string[] };

/** Decide how to bring the registration in line with the granted custom patterns (idempotent). */
export function planScript(granted: readonly string[], registered: readonly string[] | null): ScriptPlan {
  const want = [...new Set(granted)].sort();
  if (want.length === 0) return registered ? { kind: 'unregister' } : { kind: 'none' };
  if (!registered) return { kind: 'register', matches: want };
  const same = registered.length === want.length && [...registered].sort().every((m, i) => m === want[i]);
  return same ? { kind: 'none' } : { kind: 'update', matches: want };
}
