/**
 * Selector health: an adapter whose URL matched and whose call view showed, but where no caller-number
 * element appeared within 5 s (or the browser refused a selector). The content script reports it, the
 * worker keeps a bounded list (newest first) and the Reports page groups it, so admins see a CRM markup
 * change before agents complain. Pure: the storage item is in the platform layer.
 */
import { isObject } from './values';

/** Why an adapter's page looks broken. */
export const SELECTOR_HEALTH_REASONS = ['no-ani', 'invalid-selector', 'guard-unmatched', 'guard-invalid'] as const;
export type SelectorHealthReason = (typeof SELECTOR_HEALTH_REASONS)[number];

/** At most this many entries are kept. */
export const SELECTOR_HEALTH_MAX = 50;

export interface SelectorHealthEntry {
  adapterId: string;
  /** CRM host name (from the reporting frame's URL, as seen by the worker). */
  host: string;
  reason: SelectorHealthReason;
  /** The CRM's own version string when the adapter knows where the page shows it. */
  pageVersion?: string;
  /** Epoch ms. */
  at: number;
}

/** An entry as a reader accepts it: `reason` may be missing and `at` may have been an ISO string. */
export type SeenSelectorHealth = Omit<SelectorHealthEntry, 'reason'> & { reason?: SelectorHealthReason };

export interface SelectorHealthGroup {
  adapterId: string;
  host: string;
  count: number;
  lastAt: number;
  /** Page versions seen, sorted. */
  pageVersions: string[];
}

const isReason = (v: unknown): v is SelectorHealthReason => (SELECTOR_HEALTH_REASONS as readonly unknown[]).includes(v);

/** An entry exactly as the worker writes it. */
export function isSelectorHealthEntry(v: unknown): v is SelectorHealthEntry {
  return isObject(v) && typeof v.adapterId === 'string' && typeof v.host === 'string' && typeof v.at === 'number' && isReason(v.reason);
}

/** `entry` in front of `list`, at most SELECTOR_HEALTH_MAX long; malformed stored entries are dropped. */
export function withEntry(list: unknown, entry: SelectorHealthEntry): SelectorHealthEntry[] {
  const old = Array.isArray(list) ? list.filter(isSelectorHealthEntry) : [];
  return [entry, ...old].slice(0, SELECTOR_HEALTH_MAX);
}

/** The well-formed entries of a stored value (not an array: none); lenient, so an older or newer writer cannot break a reader. */
export function parseSelectorHealth(value: unknown): SeenSelectorHealth[] {
  if (!Array.isArray(value)) return [];
  const out: SeenSelectorHealth[] = [];
  for (const v of value) {
    if (!isObject(v) || typeof v.adapterId !== 'string' || typeof v.host !== 'string') continue;
    const at = typeof v.at === 'number' ? v.at : typeof v.at === 'string' ? Date.parse(v.at) : NaN;
    if (!Number.isFinite(at)) continue;
    const pageVersion = typeof v.pageVersion === 'string' && v.pageVersion ? v.pageVersion : undefined;
    out.push({ adapterId: v.adapterId, host: v.host, at, ...(isReason(v.reason) ? { reason: v.reason } : {}), ...(pageVersion ? { pageVersion } : {}) });
  }
  return out;
}

/** Entries grouped by adapter and host, most recently seen first. */
export function groupSelectorHealth(entries: readonly SeenSelectorHealth[]): SelectorHealthGroup[] {
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
