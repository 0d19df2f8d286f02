/** Every selector of an adapter under a stable key, for the tests that count or cite them one by one. */
import type { Adapter, ValueSource } from '../lib/adapters/types.ts';

/** The adapter's selectors by key: callView, ani[i], interactionId, customerId, attestation, version. */
export function selectorsOf(a: Adapter): Record<string, string> {
  const out: Record<string, string> = { callView: a.callView };
  a.ani.forEach((s, i) => (out[`ani[${i}]`] = s.selector));
  for (const key of ['interactionId', 'customerId', 'attestation', 'version'] as const) {
    const src = a[key] as ValueSource | undefined;
    if (src) out[key] = src.selector;
  }
  return out;
}
