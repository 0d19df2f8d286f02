/**
 * Event source `gc-salesforce-client-event`: Genesys Cloud for Salesforce's interaction events as they reach
 * the Lightning window (lib/genesys/client-event.ts says what they look like). Top frame only, since that
 * is the window the package posts to, and only messages whose origin is the org's own `purecloud`
 * Visualforce domain: a message from any other frame (a web tab, a rich-text iframe, another org, the
 * Genesys client of any tenant) is ignored, however well it imitates the payload.
 */
import type { EventSourceContext } from '../event-sources';
import { clientEvent, clientEventOriginTrusted } from '../../../lib/genesys/client-event';

/** Start listening; stops with the context's signal. */
export function startGcSalesforceSource(ctx: EventSourceContext): void {
  const { win, signal, adapter, onCall } = ctx;
  if (win.top !== win) return;
  let current: string | null = null;
  win.addEventListener('message', (event: MessageEvent) => {
    if (!clientEventOriginTrusted(win.location.hostname, event.origin)) return;
    const ev = clientEvent(event.data);
    if (!ev) return;
    if (ev.kind === 'ended') {
      // Only the end of the call we reported ends it (an earlier call's wrap-up can come later).
      if (ev.interactionId !== current) return;
      current = null;
      onCall(null);
      return;
    }
    current = ev.interactionId;
    onCall({ adapterId: adapter.id, interactionId: ev.interactionId, rawAni: ev.rawAni });
  }, { signal });
}
