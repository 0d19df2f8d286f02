/**
 * Loads effective settings in the worker. The managed policy is cached in storage.session because the
 * first `storage.managed.get()` can take seconds. There is no "empty until proven otherwise": with no
 * cache entry yet, callers wait for the first real answer of `storage.managed.get()`.
 *
 * Freshness: Chrome fires storage.onChanged('managed') and the worker calls refreshManagedPolicy().
 * Firefox may never fire it for managed storage, so a cache older than a minute is re-read in the
 * background on the next loadSettings() (stale-while-revalidate; no `alarms` permission needed).
 * Each read replaces the whole cached policy, so keys removed from the policy fall back cleanly.
 * A running worker mirrors the stored sources of its settings while change events keep it current.
 */
import { resolvePolicy, type PolicyReport } from '../../lib/policy/resolve';
import { withTrialAdapter } from '../../lib/policy/trial-adapter';
import { managedCacheItem, readFieldTrial, readManagedArea, readManagedCache, readOptions, STORAGE, watchAreas } from '../../platform/storage';

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
    forgetSources(); // this worker's own write: not left to a change event (Firefox may not send session ones)
    return policy;
  });
  inflight = read;
  void read.finally(() => {
    if (inflight === read) inflight = null;
  });
  return read;
}

/** Start a re-read of storage.managed when the cached copy read at `readAt` is stale (no change event came). */
function refreshIfStale(readAt: number): void {
  const age = Date.now() - readAt;
  if ((age >= MANAGED_REFRESH_MS || age < 0) && !inflight) void readManaged();
}

/** The managed policy and when it was read: cached per browser session, re-read when older than MANAGED_REFRESH_MS. */
async function managedWithAge(): Promise<{ policy: Raw; readAt: number }> {
  const cached = await readManagedCache();
  if (!cached) return { policy: await (inflight ?? readManaged()), readAt: Date.now() };
  refreshIfStale(cached.readAt);
  return cached;
}

/** The managed policy: cached per browser session, re-read when older than MANAGED_REFRESH_MS. */
export async function loadManagedPolicy(): Promise<Raw> {
  return (await managedWithAge()).policy;
}

/** Re-read the policy now (after storage.onChanged 'managed'); resolves once the cache is updated. */
export async function refreshManagedPolicy(): Promise<void> {
  await readManaged();
}

/**
 * The last resolution and the stored values it came from. Not state: the values are read from storage (or
 * the mirror below) at every call and compared; only resolving them again (schema parsing) is saved.
 */
let resolved: { key: string; from: Sources; report: PolicyReport } | null = null;

/** The stored values settings come from, as last read. */
interface Sources { managed: Raw; readAt: number; local: Raw; trial: unknown }

/**
 * A mirror of the stored sources, kept only while storage.onChanged reports every change to them to this
 * worker (watchSettingsSources): a call's settings then cost no storage read, three round trips to the
 * browser process that sat between a call's report and its look-up (up to 15 ms on a busy machine). Not
 * state: storage stays the truth; a stopped worker starts without it, and any change to a source drops it.
 */
let mirror: Sources | null = null;
let watching = false;
/** Bumped by every change to a source: a read that overlapped one is not mirrored. */
let changes = 0;

function forgetSources(): void {
  changes++;
  mirror = null;
}

/** Keep settings' sources mirrored from now on (the worker's start registers it, synchronously); returns the stop. */
export function watchSettingsSources(): () => void {
  watching = true;
  const off = watchAreas(['local', 'session'], (changed, area) => {
    const keys = area === 'local' ? [STORAGE.options.key, STORAGE.fieldTrial.key] : [STORAGE.managedCache.key];
    if (keys.some((key) => Object.hasOwn(changed, key))) forgetSources();
  });
  return () => {
    off();
    watching = false;
    forgetSources();
  };
}

async function readSources(): Promise<Sources> {
  const seen = changes;
  const [managed, local, trial] = await Promise.all([managedWithAge(), readOptions(), readFieldTrial()]);
  const sources = { managed: managed.policy, readAt: managed.readAt, local, trial };
  if (watching && seen === changes) mirror = sources;
  return sources;
}

/** Effective settings now, with the adapter the admin tries in this browser (Field tools) in front. */
export async function loadSettings(): Promise<PolicyReport> {
  if (mirror) refreshIfStale(mirror.readAt);
  const from = mirror ?? (await readSources());
  if (resolved?.from === from) return resolved.report;
  const { managed, local, trial } = from;
  const key = JSON.stringify([managed, local, trial ?? null]);
  resolved = { key, from, report: resolved?.key === key ? resolved.report : withTrialAdapter(resolvePolicy(managed, local), trial) };
  return resolved.report;
}
