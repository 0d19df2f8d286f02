/**
 * Event source `gc-salesforce-client-event`: Genesys Cloud for Salesforce's interaction events as they reach
 * the Lightning window (lib/genesys/client-event.ts says what they look like). Top frame only, since that
 * is the window the package's softphone page posts to.
 *
 * Whom it believes: a trusted (browser-made) message event from a frame inside this page whose origin is
 * the org's own `purecloud` Visualforce domain. A page script can dispatch a MessageEvent with any origin,
 * but not a trusted one; a frame of any other origin (a web tab, a rich-text iframe, another org, the
 * Genesys client of any tenant) or a window outside this page (an opener, a popup) is ignored, however
 * well it imitates the payload.
 */
import type { EventSourceContext } from './context';
import { clientEvent, clientEventOriginTrusted, type ClientEvent } from '../../../lib/genesys/client-event';

/** What the check needs of a message event (a real MessageEvent, or a plain object in tests). */
export interface ClientEventMessage { isTrusted: boolean; origin: string; source: unknown; data: unknown }

type Frames = Pick<Window, 'frames' | 'length'>;

/** Whether `source` is a frame inside `win` (a child, or a child's child: the softphone page may be nested once). */
export function isFrameOf(win: Frames, source: unknown, depth = 2): boolean {
  if (!source || depth === 0) return false;
  for (let i = 0; i < win.length; i++) {
    const child = win.frames[i];
    if (!child) continue;
    if (child === source || isFrameOf(child, source, depth - 1)) return true;
  }
  return false;
}

/** The client event a message carries, or undefined when it is not one this page's package sent. */
export function trustedClientEvent(win: Frames, pageHost: string, event: ClientEventMessage): ClientEvent | undefined {
  if (!event.isTrusted || !clientEventOriginTrusted(pageHost, event.origin) || !isFrameOf(win, event.source)) return undefined;
  return clientEvent(event.data);
}

/** Start listening; stops with the context's signal. */
export function startGcSalesforceSource(ctx: EventSourceContext): void {
  const { win, signal, adapter, onCall } = ctx;
  if (win.top !== win) return;
  let current: string | null = null;
  win.addEventListener('message', (event: MessageEvent) => {
    const ev = trustedClientEvent(win, win.location.hostname, event);
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
