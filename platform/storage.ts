/**
 * Every key the extension keeps in browser storage, declared once with its area, default and version;
 * every other module reads and writes through the items and families here (a unit test proves no key
 * literal appears anywhere else). Single keys are WXT storage items. Key families (one key per id, such as
 * `ix:<id>`) are declared here too, because WXT items have one fixed key each. The stored format is
 * exactly what it was before this registry: e2e tests and older workers read the same keys and values.
 *
 * Versions: every entry is at version 1. WXT writes a `<key>$` meta key only once an item declares
 * migrations, which none does, so the version is recorded here and nothing extra is stored; a change of a
 * stored shape bumps it here and adds the migration to the item.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { PENDING_KEY, SILENT_KEY, TOKENS_KEY } from '../lib/auth/keys';
import { GENESYS_KEY_PREFIX } from '../lib/genesys/keys';
import { parseSelectorHealth, type SeenSelectorHealth, type SelectorHealthEntry } from '../lib/selector-health';
import type { AuthStore } from '../lib/auth/session';
import type { Interaction } from '../lib/interaction';
import { isObject } from '../lib/values';

export type StorageArea = 'local' | 'session' | 'managed';

export interface StorageEntry {
  area: StorageArea;
  /** The key; for a family, the prefix before the id; for `whole-area`, empty. */
  key: string;
  kind: 'item' | 'family' | 'whole-area';
  version: 1;
  /** What it holds and who writes it. */
  holds: string;
}

/** The registry: each stored thing, once. */
export const STORAGE = {
  options: { area: 'local', key: 'options', kind: 'item', version: 1, holds: "the agent's own options (policy shape), written by the options page" },
  selectorHealth: { area: 'local', key: 'selectorHealth', kind: 'item', version: 1, holds: 'selector-health reports, newest first, written by the worker' },
  fieldTrial: { area: 'local', key: 'fieldTrial', kind: 'item', version: 1, holds: 'one customAdapters entry tried in this browser only (lib/policy/trial-adapter.ts), written by the options page' },
  managedCache: { area: 'session', key: 'policy:managed', kind: 'item', version: 1, holds: "the managed policy as the worker last read it, with the read time" },
  interactions: { area: 'session', key: 'ix:', kind: 'family', version: 1, holds: 'one interaction per id, written by the worker' },
  refusals: { area: 'session', key: 'stats:refused:', kind: 'family', version: 1, holds: 'refused messages per reason, counted by the worker' },
  panelTokens: { area: 'session', key: 'panel:', kind: 'family', version: 1, holds: "the panel token each tab's content script registered ({ token, at } per tab id), written by the worker" },
  genesys: { area: 'session', key: GENESYS_KEY_PREFIX, kind: 'family', version: 1, holds: 'the Genesys Cloud sign-in tokens and the notification channel status, written by the worker' },
  authTokens: { area: 'session', key: TOKENS_KEY, kind: 'item', version: 1, holds: 'OAuth tokens (worker only)' },
  authPending: { area: 'session', key: PENDING_KEY, kind: 'item', version: 1, holds: 'an OAuth sign-in in progress: state and PKCE verifier (worker only)' },
  authSilent: { area: 'session', key: SILENT_KEY, kind: 'item', version: 1, holds: 'the last failed silent sign-in, for its back-off (worker only)' },
  policy: { area: 'managed', key: '', kind: 'whole-area', version: 1, holds: "the organisation's policy (read only; the whole area is the policy)" },
} as const satisfies Record<string, StorageEntry>;

type Raw = Record<string, unknown>;

/** The managed policy as cached in storage.session. */
export interface CachedPolicy {
  policy: Raw;
  readAt: number;
}

const { options, selectorHealth, managedCache, fieldTrial } = STORAGE;

/** The agent's options as written (read with `readOptions()`, which checks the shape). */
export const optionsItem = storage.defineItem<Raw>(`${options.area}:${options.key}`, { version: options.version });

/** The selector-health list as written by the worker (read with `readSelectorHealth()`). */
export const selectorHealthItem = storage.defineItem<SelectorHealthEntry[]>(`${selectorHealth.area}:${selectorHealth.key}`, { version: selectorHealth.version });

/** The adapter tried in this browser (read with `readFieldTrial()`; the worker validates it). */
export const fieldTrialItem = storage.defineItem<unknown>(`${fieldTrial.area}:${fieldTrial.key}`, { version: fieldTrial.version });

/** The worker's managed-policy cache. */
export const managedCacheItem = storage.defineItem<CachedPolicy>(`${managedCache.area}:${managedCache.key}`, { version: managedCache.version });

/** What a storage change listener receives (browser.storage.onChanged). */
export type StorageChanges = Record<string, { newValue?: unknown; oldValue?: unknown }>;

/**
 * Call `cb` with the new value (undefined: removed) whenever `entry` (for a family: the key of `id`)
 * changes; returns the unsubscribe. Built on browser.storage.onChanged rather than WXT's item.watch, which
 * listens on the area's own onChanged (not in every Firefox version) and skips writes of an equal value.
 */
export function watchEntry(entry: StorageEntry, cb: (newValue: unknown) => void, id = ''): () => void {
  const key = entry.key + id;
  const listener = (changes: StorageChanges, area: string): void => {
    if (area === entry.area && Object.hasOwn(changes, key)) cb(changes[key]?.newValue);
  };
  return watchAreas([entry.area], listener);
}

/** Call `cb` on every change in the given areas; returns the unsubscribe. */
export function watchAreas(areas: readonly StorageArea[], cb: (changes: StorageChanges, area: string) => void): () => void {
  const listener = (changes: StorageChanges, area: string): void => {
    if ((areas as readonly string[]).includes(area)) cb(changes, area);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** The agent's options; anything but a plain object counts as none. */
export async function readOptions(): Promise<Raw> {
  const value: unknown = await optionsItem.getValue();
  return isObject(value) ? value : {};
}

/** The tried adapter as stored (undefined: none); lib/policy/trial-adapter.ts checks its shape. */
export async function readFieldTrial(): Promise<unknown> {
  return (await fieldTrialItem.getValue()) ?? undefined;
}

/** The managed policy straight from storage.managed; no policy (Firefox rejects then) is `{}`. */
export function readManagedArea(): Promise<Raw> {
  return browser.storage.managed.get().then((v) => (isObject(v) ? v : {}), () => ({}) as Raw);
}

/** The cached managed policy, if a well-formed cache entry exists. */
export async function readManagedCache(): Promise<CachedPolicy | undefined> {
  const v: unknown = await managedCacheItem.getValue();
  return isObject(v) && isObject(v.policy) && typeof v.readAt === 'number' ? (v as unknown as CachedPolicy) : undefined;
}

/** The recorded selector-health entries, newest first; entries of any other shape are skipped. */
export async function readSelectorHealth(): Promise<SeenSelectorHealth[]> {
  return parseSelectorHealth(await selectorHealthItem.getValue());
}

/** Storage key of an interaction. */
export const interactionKey = (id: string): string => STORAGE.interactions.key + id;

/** The interactions family (`ix:<id>` in storage.session). */
export const interactionsStore = {
  /** One interaction, or undefined. */
  async get(id: string): Promise<Interaction | undefined> {
    const key = interactionKey(id);
    return (await browser.storage.session.get(key))[key] as Interaction | undefined;
  },
  /** Write one interaction under `id`. */
  set: (id: string, ix: Interaction): Promise<void> => browser.storage.session.set({ [interactionKey(id)]: ix }),
  /** Remove these interactions. */
  remove: (ids: readonly string[]): Promise<void> => browser.storage.session.remove(ids.map(interactionKey)),
  /** Every stored interaction of this browser session. */
  async all(): Promise<Interaction[]> {
    const all = await browser.storage.session.get(null);
    return Object.entries(all).filter(([key]) => key.startsWith(STORAGE.interactions.key)).map(([, value]) => value as Interaction);
  },
};

/** The refusal counters (`stats:refused:<reason>` in storage.session). */
const refusalQueue = new Map<string, Promise<void>>();

export const refusalCounters = {
  /** Count one refused message; a read-modify-write, as diagnostics need no exact count under races. */
  increment(reason: string): Promise<void> {
    const key = STORAGE.refusals.key + reason;
    // A read-modify-write: two refusals at once would count once, so increments of a key run one after another.
    const run = async (): Promise<void> => {
      const got = await browser.storage.session.get(key);
      await browser.storage.session.set({ [key]: ((got[key] as number | undefined) ?? 0) + 1 });
    };
    const next = (refusalQueue.get(key) ?? Promise.resolve()).then(run, run);
    refusalQueue.set(key, next.catch(() => undefined));
    return next;
  },
  /** Reason → count; none readable (a context without storage.session) is an empty record. */
  async read(): Promise<Record<string, number>> {
    const all: Raw = await browser.storage.session.get(null).catch(() => ({}));
    const out: Record<string, number> = {};
    const prefix = STORAGE.refusals.key;
    for (const [key, value] of Object.entries(all)) if (key.startsWith(prefix) && typeof value === 'number') out[key.slice(prefix.length)] = value;
    return out;
  },
};

/** A tab's registered panel token as stored (`panel:<tabId>`). */
export interface PanelRegistration {
  token: string;
  at: number;
}

/** The panel-token family (`panel:<tabId>` in storage.session); a value of any other shape reads as none. */
export const panelTokens = {
  async get(tabId: number): Promise<PanelRegistration | undefined> {
    const key = STORAGE.panelTokens.key + tabId;
    const v: unknown = (await browser.storage.session.get(key))[key];
    return isObject(v) && typeof v.token === 'string' && typeof v.at === 'number' ? { token: v.token, at: v.at } : undefined;
  },
  set: (tabId: number, reg: PanelRegistration): Promise<void> => browser.storage.session.set({ [STORAGE.panelTokens.key + tabId]: reg }),
  remove: (tabId: number): Promise<void> => browser.storage.session.remove(STORAGE.panelTokens.key + tabId),
};

/** storage.session as the OAuth token store (trusted contexts only: content scripts cannot read it). */
export const authStore: AuthStore = {
  get: async (key) => (await browser.storage.session.get(key))[key],
  set: (key, value) => browser.storage.session.set({ [key]: value }),
  remove: (key) => browser.storage.session.remove(key),
};
