/**
 * Loads effective settings in the worker. The managed policy is cached in storage.session because the
 * first `storage.managed.get()` can take seconds; an empty result before it answers means "not loaded
 * yet", so nothing reads the cache until the first real answer has been stored.
 */
import { browser } from 'wxt/browser';
import { resolveSettings, type SettingsReport } from '../settings';

const MANAGED_CACHE = 'policy:managed';
const LOCAL_OPTIONS = 'options';

/** Read the managed policy (cached per browser session). Firefox rejects when there is no policy. */
export async function loadManagedPolicy(): Promise<Record<string, unknown>> {
  const cached = await browser.storage.session.get(MANAGED_CACHE);
  if (cached[MANAGED_CACHE]) return cached[MANAGED_CACHE] as Record<string, unknown>;
  const managed = await browser.storage.managed.get().catch(() => ({}));
  await browser.storage.session.set({ [MANAGED_CACHE]: managed });
  return managed;
}

/** Refresh the cached policy after a storage.onChanged('managed') event. */
export async function refreshManagedPolicy(): Promise<void> {
  const managed = await browser.storage.managed.get().catch(() => ({}));
  await browser.storage.session.set({ [MANAGED_CACHE]: managed });
}

/** Effective settings now. */
export async function loadSettings(): Promise<SettingsReport> {
  const [managed, local] = await Promise.all([
    loadManagedPolicy(),
    browser.storage.local.get(LOCAL_OPTIONS).then((r) => (r[LOCAL_OPTIONS] ?? {}) as Record<string, unknown>),
  ]);
  return resolveSettings(managed, local);
}
