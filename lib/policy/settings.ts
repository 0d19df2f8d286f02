/**
 * Effective settings: managed policy (locked by the organisation) > local options > defaults.
 * The schema lives in lib/policy/schema.ts and the merge in lib/policy/resolve.ts; this module keeps the
 * names the background worker has always imported.
 */
import { defaultPolicy, type Policy } from './schema.ts';
import { resolvePolicy, type PolicyReport } from './resolve.ts';

export { ApiBaseUrl, PolicySchema as SettingsShape } from './schema.ts';

export type Settings = Policy;

/** Freeze `value` and everything inside it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

/** The defaults of every setting (deep-frozen: use `defaultPolicy()` for a copy you may change). */
export const DEFAULT_SETTINGS: Readonly<Settings> = deepFreeze(defaultPolicy());

export type SettingsReport = PolicyReport;

/** Merge policy > local > defaults value by value (nested objects per sub-key); never throws. */
export function resolveSettings(managed: Record<string, unknown>, local: Record<string, unknown>): SettingsReport {
  return resolvePolicy(managed, local);
}
