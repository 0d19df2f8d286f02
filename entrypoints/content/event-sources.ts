/**
 * Vendor event sources: where a CRM or softphone publishes its calls (Amazon Connect Streams' conduit,
 * Genesys Cloud for Salesforce's client events), the content script reads them before the DOM. Each
 * source is started once per frame for the adapters whose hosts match the frame, reports the call it
 * sees (or null when it ended) and stops with the signal. A source never decides "verified": it only
 * names the caller and the interaction, as the DOM selectors would.
 */
import type { AdapterEventKind, Adapter, DetectedCall } from '../../lib/adapters/types';
import { matchesPattern } from '../../lib/match-pattern';
import { sameCall } from '../../lib/detect/ids';
import { startConnectConduitSource } from './sources/connect-conduit';
import { startGcSalesforceSource } from './sources/gc-salesforce';
import type { EventSourceStart } from './sources/context';

/** The sources this build knows, by kind; a kind without a starter is ignored (DOM fallback only). */
export const EVENT_SOURCES: Partial<Record<AdapterEventKind, EventSourceStart>> = {
  'connect-conduit': startConnectConduitSource,
  'gc-salesforce-client-event': startGcSalesforceSource,
};

/**
 * Start the event sources of every adapter matching this frame's URL; returns the kinds started. The
 * combined call (the most recent non-null report of any source) goes to `onCall`.
 */
export function startEventSources(
  adapters: readonly Adapter[], win: Window, signal: AbortSignal, onCall: (call: DetectedCall | null) => void,
  sources: Partial<Record<AdapterEventKind, EventSourceStart>> = EVENT_SOURCES,
): string[] {
  const started: string[] = [];
  const calls = new Map<string, DetectedCall>();
  let last: DetectedCall | null = null;
  const href = win.location.href;
  for (const adapter of adapters) {
    if (!adapter.events?.length || !adapter.matches.some((m) => matchesPattern(m, href))) continue;
    for (const kind of adapter.events) {
      const start = sources[kind];
      const key = `${adapter.id}|${kind}`;
      if (!start || started.includes(key)) continue;
      started.push(key);
      start({
        win, signal, adapter,
        onCall: (call) => {
          if (signal.aborted) return;
          if (call) calls.set(key, call);
          else calls.delete(key);
          const next = call ?? [...calls.values()].at(-1) ?? null;
          if (sameCall(next, last)) return;
          last = next;
          onCall(next);
        },
      });
    }
  }
  return started;
}
