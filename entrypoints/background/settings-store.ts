/**
 * Loads effective settings in the worker. The managed policy is cached in storage.session because the
 * first `storage.managed.get()` can take seconds. There is no "empty until proven otherwise": with no
 * cache entry yet, callers wait for the first real answer of `storage.managed.get()`.
 *
 * Freshness: Chrome fires storage.onChanged('managed') and the worker calls refreshManagedPolicy().
 * Firefox may never fire it for managed storage, so a cache older than a minute is re-read in the
 * background on the next loadSettings() (stale-while-revalidate; no `alarms` permission needed).
 * Each read replaces the whole cached policy, so keys removed from the policy fall back cleanly.
 */
import { resolvePolicy, type PolicyReport } from '../../lib/policy/resolve';
import { withTrialAdapter } from '../../lib/policy/trial-adapter';
import { managedCacheItem, readFieldTrial, readManagedArea, readManagedCache, readOptions } from '../../platform/storage';

/** Re-read storage.managed at most this often when no change event arrives. */
export const MANAGED_REFRESH_MS = 60_000;

type Raw = Record<string, unknown>;

let inflight: Promise<Raw> | null = null;
let generation = 0;

/** Read storage.managed now and cache it; only the newest of overlapping reads is stored. */
function readManaged(): Promise<Raw> {
  const gen = ++generation;
  // Firefox rejects when no policy exists for the add-on: that is an answer too ("no policy").
  const read = readManagedArea().then(async (policy) => {
    if (gen !== generation) return inflight ?? policy;
    await managedCacheItem.setValue({ policy, readAt: Date.now() });
    return policy;
  });
  inflight = read;
  void read.finally(() => {
    if (inflight === read) inflight = null;
  });
  return read;
}

/** The managed policy: cached per browser session, re-read when older than MANAGED_REFRESH_MS. */
export async function loadManagedPolicy(): Promise<Raw> {
  const cached = await readManagedCache();
  if (cached) {
    const age = Date.now() - cached.readAt;
    if ((age >= MANAGED_REFRESH_MS || age < 0) && !inflight) void readManaged();
    return cached.policy;
  }
  return inflight ?? readManaged();
}

/** Re-read the policy now (after storage.onChanged 'managed'); resolves once the cache is updated. */
export async function refreshManagedPolicy(): Promise<void> {
  await readManaged();
}

/**
 * The last resolution and the stored values it came from. Not state: the values are read from storage at
 * every call and compared; only resolving them again (schema parsing, several times per call) is saved.
 */
let resolved: { key: string; report: PolicyReport } | null = null;

/** Effective settings now, with the adapter the admin tries in this browser (Field tools) in front. */
export async function loadSettings(): Promise<PolicyReport> {
  const [managed, local, trial] = await Promise.all([loadManagedPolicy(), readOptions(), readFieldTrial()]);
  const key = JSON.stringify([managed, local, trial ?? null]);
  if (resolved?.key !== key) resolved = { key, report: withTrialAdapter(resolvePolicy(managed, local), trial) };
  return resolved.report;
}
