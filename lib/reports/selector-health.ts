/**
 * Selector health: adapters that matched a page but found no caller there, as recorded by the content
 * side in storage.local key `selectorHealth` (an array of {adapterId, host, at, pageVersion?}). The
 * Reports page only reads it; entries of any other shape are skipped, so a newer writer cannot break it.
 */

export const SELECTOR_HEALTH_KEY = 'selectorHealth';

export interface SelectorHealthEntry {
  adapterId: string;
  host: string;
  /** When it was seen: epoch ms (an ISO string is accepted too). */
  at: number;
  pageVersion?: string;
}

export interface SelectorHealthGroup {
  adapterId: string;
  host: string;
  count: number;
  lastAt: number;
  /** Page versions seen, sorted. */
  pageVersions: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The well-formed entries of the stored value (not an array: none). */
export function parseSelectorHealth(value: unknown): SelectorHealthEntry[] {
  if (!Array.isArray(value)) return [];
  const out: SelectorHealthEntry[] = [];
  for (const v of value) {
    if (!isObject(v) || typeof v.adapterId !== 'string' || typeof v.host !== 'string') continue;
    const at = typeof v.at === 'number' ? v.at : typeof v.at === 'string' ? Date.parse(v.at) : NaN;
    if (!Number.isFinite(at)) continue;
    const pageVersion = typeof v.pageVersion === 'string' && v.pageVersion ? v.pageVersion : undefined;
    out.push({ adapterId: v.adapterId, host: v.host, at, ...(pageVersion ? { pageVersion } : {}) });
  }
  return out;
}

/** Entries grouped by adapter and host, most recently seen first. */
export function groupSelectorHealth(entries: readonly SelectorHealthEntry[]): SelectorHealthGroup[] {
  const groups = new Map<string, SelectorHealthGroup & { versions: Set<string> }>();
  for (const e of entries) {
    const key = `${e.adapterId}\u0000${e.host}`;
    const g = groups.get(key) ?? { adapterId: e.adapterId, host: e.host, count: 0, lastAt: -Infinity, pageVersions: [], versions: new Set<string>() };
    g.count++;
    g.lastAt = Math.max(g.lastAt, e.at);
    if (e.pageVersion) g.versions.add(e.pageVersion);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map(({ versions, ...g }) => ({ ...g, pageVersions: [...versions].sort() }))
    .sort((a, b) => b.lastAt - a.lastAt || a.adapterId.localeCompare(b.adapterId));
}
