/**
 * The worker → panel state channel: the panel opens a `runtime.connect` port, names its interaction, and
 * the worker posts the interaction on that port after every change. Storage events cannot do this in
 * Firefox: an extension page framed in a web page gets content-script APIs only there (no storage.session,
 * and storage.onChanged reports the `local` area only). A port works the same in both browsers and saves
 * Chromium a storage read per change.
 *
 * The worker accepts a port only from our panel page in the interaction's own tab (the rule the panel's
 * messages follow). A stopped worker (MV3 idle, Firefox event page suspended) drops its ports; the panel
 * connects again when it next needs the worker (see followInteraction). Plain TypeScript: no zod here.
 */
import { browser } from 'wxt/browser';
import type { Interaction } from '../lib/interaction';
import { fromPanelPage, type Sender } from './messaging';

export const PANEL_PORT_NAME = 'cv-panel-state';

/** panel → worker, once per port: the interaction this panel shows. */
export interface PanelFollow {
  type: 'panel.follow';
  interactionId: string;
}
/** worker → panel: the interaction as stored now. */
export interface PanelState {
  type: 'panel.state';
  interaction: Interaction;
}

/** The part of `runtime.Port` used here (real ports in the extension, plain objects in unit tests). */
export interface PortLike {
  name: string;
  sender?: Sender;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

/** `raw` as a follow request, else null. */
export function parseFollow(raw: unknown): PanelFollow | null {
  const m = raw as Partial<PanelFollow> | null;
  return typeof m === 'object' && m !== null && m.type === 'panel.follow' && typeof m.interactionId === 'string' && m.interactionId.length > 0 && m.interactionId.length <= 128
    ? { type: 'panel.follow', interactionId: m.interactionId }
    : null;
}

/** `raw` as a state push for `interactionId`, else null. */
export function parseState(raw: unknown, interactionId: string): Interaction | null {
  const m = raw as Partial<PanelState> | null;
  return typeof m === 'object' && m !== null && m.type === 'panel.state' && m.interaction?.id === interactionId ? m.interaction : null;
}

export interface PanelPorts {
  /**
   * runtime.onConnect listener. `registered` is the worker's check that the panel document is the one its
   * tab's content script registered; it runs before anything is read for the port. `owns` says whether the
   * sender may follow the stored interaction (by default: it is in that interaction's tab).
   */
  accept(port: PortLike, registered?: (s: Sender) => Promise<boolean>, owns?: (s: Sender, ix: Interaction) => boolean | Promise<boolean>): void;
  /** Post `ix` to every panel following it. */
  push(ix: Interaction): void;
}

/**
 * Worker side. `read` gives the stored interaction; a port is kept only when its sender is our panel page
 * in that interaction's tab (`isPanel` is fromPanelPage; injectable for tests). The current state is read
 * AFTER the port is registered, so a change saved meanwhile is either in that read or pushed after it.
 */
export function panelPorts(read: (id: string) => Promise<Interaction | undefined>, isPanel: (s: Sender) => boolean = fromPanelPage): PanelPorts {
  const following = new Map<string, Set<PortLike>>();
  const drop = (id: string, port: PortLike): void => {
    const set = following.get(id);
    set?.delete(port);
    if (set?.size === 0) following.delete(id);
  };
  return {
    accept(port, registered = async () => true, owns = (s, ix) => ix.tabId === s.tab?.id) {
      if (port.name !== PANEL_PORT_NAME) return;
      if (!port.sender || !isPanel(port.sender)) return port.disconnect();
      let followed: string | null = null;
      let open = true;
      const forget = (): void => {
        open = false;
        if (followed) drop(followed, port);
      };
      // Our own disconnect() fires no onDisconnect on this end: forget the port here too.
      const close = (): void => {
        forget();
        port.disconnect();
      };
      port.onDisconnect.addListener(forget);
      port.onMessage.addListener((raw) => {
        const follow = parseFollow(raw);
        if (!follow || followed) return close();
        followed = follow.interactionId;
        void (async () => {
          if (!(await registered(port.sender as Sender))) return close();
          const ix = await read(follow.interactionId);
          if (!open) return;
          if (!ix || !(await owns(port.sender as Sender, ix))) return close();
          if (!open) return;
          if (!following.has(ix.id)) following.set(ix.id, new Set());
          following.get(ix.id)?.add(port);
          const now = await read(ix.id);
          if (now && open) port.postMessage({ type: 'panel.state', interaction: now } satisfies PanelState);
        })().catch(close);
      });
    },
    push(ix) {
      for (const port of following.get(ix.id) ?? []) {
        try {
          port.postMessage({ type: 'panel.state', interaction: ix } satisfies PanelState);
        } catch {
          drop(ix.id, port); // the panel went away between its disconnect and our push
        }
      }
    },
  };
}

export interface Following {
  /** Connect again if the worker dropped the port (call before asking the worker for anything). */
  ensure(): void;
  close(): void;
}

/** An ensure() this recent (ms) counts as the agent acting: a port dropped meanwhile is reconnected at once. */
const RECENT_ASK_MS = 10_000;

/**
 * Panel side: follow `interactionId`, calling `onState` with each pushed copy and `onConnect` after each
 * (re)connection. When the worker drops the port (stopped when idle), the panel reconnects at once only
 * while `waiting()` (a step the worker is still running) or just after an ensure() (the agent acted while
 * the drop was on its way: the stale port took the ensure, the worker woke for the agent's message);
 * otherwise on the next ensure(), so an idle panel does not keep waking the worker.
 */
export function followInteraction(
  interactionId: string,
  onState: (ix: Interaction) => void,
  waiting: () => boolean,
  onConnect: () => void,
  connect: () => PortLike = () => browser.runtime.connect({ name: PANEL_PORT_NAME }) as unknown as PortLike,
): Following {
  let port: PortLike | null = null;
  let closed = false;
  let askedAt = -Infinity;
  const open = (): void => {
    if (port || closed) return;
    const p = connect();
    port = p;
    let accepted = false;
    p.onMessage.addListener((raw) => {
      const ix = parseState(raw, interactionId);
      if (ix) {
        accepted = true;
        onState(ix);
      }
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = null;
      // Only a port the worker had accepted: a refused one would be refused again, in a loop.
      if (accepted && (waiting() || Date.now() - askedAt < RECENT_ASK_MS)) open();
    });
    p.postMessage({ type: 'panel.follow', interactionId } satisfies PanelFollow);
    onConnect();
  };
  open();
  return {
    ensure() {
      askedAt = Date.now();
      open();
    },
    close() {
      closed = true;
      port?.disconnect();
      port = null;
    },
  };
}
