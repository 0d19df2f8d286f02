/**
 * The adapters in effect: admin-declared ones (policy `customAdapters`, already validated one by one by
 * lib/policy/resolve.ts) first, so an admin can take over a page, then the built-in ones; every id in
 * `disabledAdapters` is switched off (the kill switch for an adapter that misbehaves after a CRM release).
 */
import type { Adapter } from './types';
import { BUILT_IN_ADAPTERS } from './index';
import { customAdapterToAdapter, type CustomAdapter } from '../policy/custom-adapter';

export interface EffectiveAdapters {
  adapters: Adapter[];
  /** Why a configured adapter was left out (besides those the policy validation already reported). */
  problems: string[];
}

/** Built-in minus disabled plus valid custom adapters; a custom id that clashes with a built-in is skipped. */
export function effectiveAdapters(settings: { customAdapters: readonly CustomAdapter[]; disabledAdapters: readonly string[] }): EffectiveAdapters {
  const disabled = new Set(settings.disabledAdapters);
  const builtInIds = new Set(BUILT_IN_ADAPTERS.map((a) => a.id));
  const problems: string[] = [];
  const custom: Adapter[] = [];
  for (const c of settings.customAdapters) {
    if (builtInIds.has(c.id)) {
      problems.push(`customAdapters: "${c.id}" is the id of a built-in adapter; skipped (disable the built-in one and pick another id)`);
    } else if (!disabled.has(c.id)) {
      custom.push(customAdapterToAdapter(c));
    }
  }
  return { adapters: [...custom, ...BUILT_IN_ADAPTERS.filter((a) => !disabled.has(a.id))], problems };
}

/** The effective adapter with this id, if any. */
export function effectiveAdapterById(list: EffectiveAdapters, id: string): Adapter | undefined {
  return list.adapters.find((a) => a.id === id);
}
