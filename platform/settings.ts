/**
 * Effective settings for extension pages (Reports, options), read only. Pages must not run the worker's
 * settings cache (it writes storage.session and keeps in-flight state per worker): they take the policy
 * the worker cached when there is one, since the first storage.managed.get() can take seconds, else read
 * storage.managed themselves, and never write either.
 */
import { resolvePolicy, type PolicyReport } from '../lib/policy/resolve';
import { readManagedArea, readManagedCache, readOptions } from './storage';

/** The managed policy: the worker's cached copy if present, else storage.managed itself. */
async function readManagedPolicy(): Promise<Record<string, unknown>> {
  const cached = await readManagedCache();
  return cached ? cached.policy : readManagedArea();
}

/** Effective settings now (policy > the agent's options > defaults), with the report of what came from where. */
export async function readSettings(): Promise<PolicyReport> {
  const [managed, local] = await Promise.all([readManagedPolicy(), readOptions()]);
  return resolvePolicy(managed, local);
}
