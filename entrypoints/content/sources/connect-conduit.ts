/**
 * Event source `connect-conduit`: Amazon Connect Streams' conduit as it reaches a page that embeds a CCP.
 * The CCP iframe posts every Streams event to its parent window (lib/adapters/connect-snapshot.ts); this
 * source reads the `agent::update` snapshots passively and reports the inbound voice call they show.
 *
 * Whom it believes: a trusted (browser-made, not page-dispatched) message event, from a direct child
 * frame of this window, whose origin is a CCP host. A page script can dispatch a MessageEvent with any
 * origin and source, but not a trusted one; a frame on another host, the page itself, a grandchild or an
 * opener are not the CCP this page embeds. Top frame only: the worker takes Connect calls from the top
 * frame alone (a tenant's CCP host cannot be told from an attacker's instance framed into a CRM), and
 * the call carries the id of the adapter that declared the source, whose hosts match this top page.
 */
import type { DetectedCall } from '../../../lib/adapters/types';
import { callFromConduitMessage, isConnectCcpOrigin } from '../../../lib/adapters/connect-snapshot';
import type { EventSourceContext } from './context';

/** What the check needs of a message event (a real MessageEvent, or a plain object in tests). */
export interface ConduitMessage {
  isTrusted: boolean;
  origin: string;
  source: unknown;
  data: unknown;
}

/** Whether `source` is one of `win`'s own child frames (not the window itself, a grandchild or an opener). */
export function isChildFrame(win: Pick<Window, 'frames' | 'length'>, source: unknown): boolean {
  if (!source) return false;
  for (let i = 0; i < win.length; i++) if (win.frames[i] === source) return true;
  return false;
}

/** The call a message reports (null: no call any more), or undefined when it is not a CCP's agent update. */
export function conduitCall(win: Pick<Window, 'frames' | 'length'>, event: ConduitMessage, adapterId: string): DetectedCall | null | undefined {
  if (!event.isTrusted || !isConnectCcpOrigin(event.origin) || !isChildFrame(win, event.source)) return undefined;
  return callFromConduitMessage(event.data, adapterId);
}

/** Start listening; stops with the context's signal. */
export function startConnectConduitSource(ctx: EventSourceContext): void {
  const { win, signal, adapter, onCall } = ctx;
  if (win.top !== win) return;
  // Per CCP frame (Streams' global resiliency embeds two): the most recent frame with a call wins.
  const byFrame = new Map<unknown, DetectedCall | null>();
  win.addEventListener('message', (event: MessageEvent) => {
    const call = conduitCall(win, event, adapter.id);
    if (call === undefined) return;
    byFrame.delete(event.source);
    byFrame.set(event.source, call);
    onCall([...byFrame.values()].filter((c): c is DetectedCall => c !== null).at(-1) ?? null);
  }, { signal });
}
