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
/** Panel window event: the host's content script reported a call (the panel opens its port if it was dropped). */
export const CALL_COMING = 'cv-call-coming';

/** panel → worker, once per port: the interaction this panel shows. */
export interface PanelFollow {
  type: 'panel.follow';
  interactionId: string;
}
/**
 * worker → panel: the interaction as stored now. `next`: a newer call of the panel's own tab, which the port
 * follows from now on (the panel shows it at once, before the content script points it there).
 */
export interface PanelState {
  type: 'panel.state';
  interaction: Interaction;
  next?: true;
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

/** `raw` as the worker's push of the tab's next call (another interaction than `interactionId`), else null. */
export function parseNext(raw: unknown, interactionId: string): Interaction | null {
  const m = raw as Partial<PanelState> | null;
  const ix = typeof m === 'object' && m !== null && m.type === 'panel.state' && m.next === true ? m.interaction : undefined;
  return ix && typeof ix.id === 'string' && ix.id !== interactionId ? ix : null;
}

export interface PanelPorts {
  /**
   * runtime.onConnect listener. `registered` is the worker's check that the panel document is the one its
   * tab's content script registered; it runs before anything is read for the port. `owns` says whether the
   * sender may follow the stored interaction (by default: it is in that interaction's tab).
   */
  accept(port: PortLike, registered?: (s: Sender) => Promise<boolean>, owns?: (s: Sender, ix: Interaction) => boolean | Promise<boolean>): void;
  /** Post `ix` to every panel following it; a newer call of a tab moves that tab's panels to it. */
  push(ix: Interaction): void;
}

/**
 * Worker side. `read` gives the stored interaction; a port is kept only when its sender is our panel page
 * in that interaction's tab (`isPanel` is fromPanelPage; injectable for tests). The current state is read
 * AFTER the port is registered, so a change saved meanwhile is either in that read or pushed after it.
 */
export function panelPorts(read: (id: string) => Promise<Interaction | undefined>, isPanel: (s: Sender) => boolean = fromPanelPage): PanelPorts {
  const following = new Map<string, Set<PortLike>>();
  /** Each accepted port's tab and the start of the call it follows: a newer call of that tab is pushed to it. */
  const ofTab = new Map<number, Map<PortLike, { id: string; startedAt: number }>>();
  const drop = (id: string, port: PortLike): void => {
    const set = following.get(id);
    set?.delete(port);
    if (set?.size === 0) following.delete(id);
    const tab = port.sender?.tab?.id;
    if (tab !== undefined && ofTab.get(tab)?.get(port)?.id === id) ofTab.get(tab)?.delete(port);
    if (tab !== undefined && ofTab.get(tab)?.size === 0) ofTab.delete(tab);
  };
  /** The interaction each port follows now (the one it asked for, or a newer call of its tab pushed since). */
  const current = new WeakMap<PortLike, string>();
  const track = (port: PortLike, ix: Interaction): void => {
    current.set(port, ix.id);
    if (!following.has(ix.id)) following.set(ix.id, new Set());
    following.get(ix.id)?.add(port);
    const tab = port.sender?.tab?.id;
    if (tab === undefined || tab !== ix.tabId) return;
    if (!ofTab.has(tab)) ofTab.set(tab, new Map());
    ofTab.get(tab)?.set(port, { id: ix.id, startedAt: ix.startedAt });
  };
  const post = (port: PortLike, message: PanelState, id: string): void => {
    try {
      port.postMessage(message);
    } catch {
      drop(id, port); // the panel went away between its disconnect and our push
    }
  };
  return {
    accept(port, registered = async () => true, owns = (s, ix) => ix.tabId === s.tab?.id) {
      if (port.name !== PANEL_PORT_NAME) return;
      if (!port.sender || !isPanel(port.sender)) return port.disconnect();
      let followed: string | null = null;
      let open = true;
      const forget = (): void => {
        open = false;
        const id = current.get(port);
        if (id) drop(id, port);
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
          track(port, ix);
          const now = await read(ix.id);
          if (now && open) port.postMessage({ type: 'panel.state', interaction: now } satisfies PanelState);
        })().catch(close);
      });
    },
    push(ix) {
      for (const port of following.get(ix.id) ?? []) post(port, { type: 'panel.state', interaction: ix }, ix.id);
      // A call started in a tab after the one its panel follows (not one recorded as ended): the panel moves to
      // it with this write, instead of after the content script's reply, its `show` and a new port.
      for (const [port, seen] of [...(ofTab.get(ix.tabId) ?? [])]) {
        if (seen.id === ix.id || !(ix.startedAt > seen.startedAt) || ix.endedAt !== undefined) continue;
        drop(seen.id, port);
        track(port, ix);
        post(port, { type: 'panel.state', interaction: ix, next: true }, ix.id);
      }
    },
  };
}

export interface Following {
  /** Connect again if the worker dropped the port (call before asking the worker for anything). */
  ensure(): void;
  close(): void;
  /** Hand the port to new callbacks (the panel of the tab's next call); they get the newest state at once. */
  rebind(handlers: FollowHandlers): void;
}

/** What a follower is told: each state, a newer call of the tab, each (re)connection; `waiting`: the worker owes a step. */
export interface FollowHandlers {
  onState: (ix: Interaction) => void;
  waiting: () => boolean;
  onConnect: () => void;
  onNext: (ix: Interaction) => void;
}

/** An ensure() this recent (ms) counts as the agent acting: a port dropped meanwhile is reconnected at once. */
const RECENT_ASK_MS = 10_000;

/**
 * Panel side: follow `interactionId`, calling `onState` with each pushed copy and `onConnect` after each
 * (re)connection, `onNext` with a newer call of the tab the worker moved this port to (the panel shows it).
 * When the worker drops the port (stopped when idle), the panel reconnects at once only while `waiting()`
 * (a step the worker is still running) or just after an ensure() (the agent acted while the drop was on its
 * way: the stale port took the ensure, the worker woke for the agent's message); otherwise on the next
 * ensure(), so an idle panel does not keep waking the worker.
 */
export function followInteraction(
  interactionId: string,
  onState: (ix: Interaction) => void,
  waiting: () => boolean,
  onConnect: () => void,
  connect: () => PortLike = () => browser.runtime.connect({ name: PANEL_PORT_NAME }) as unknown as PortLike,
  onNext: (ix: Interaction) => void = () => undefined,
): Following {
  let port: PortLike | null = null;
  let closed = false;
  let askedAt = -Infinity;
  let on: FollowHandlers = { onState, waiting, onConnect, onNext };
  /** The newest state of the followed interaction, for callbacks bound later. */
  let latest: Interaction | null = null;
  const open = (): void => {
    if (port || closed) return;
    const p = connect();
    port = p;
    let accepted = false;
    p.onMessage.addListener((raw) => {
      const ix = parseState(raw, interactionId);
      if (ix) {
        accepted = true;
        latest = ix;
        on.onState(ix);
      }
      const next = parseNext(raw, interactionId);
      if (!next) return;
      // The worker moved this port to the tab's next call: it follows that one from now on.
      interactionId = next.id;
      latest = next;
      on.onNext(next);
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = null;
      // Only a port the worker had accepted: a refused one would be refused again, in a loop.
      if (accepted && (on.waiting() || Date.now() - askedAt < RECENT_ASK_MS)) open();
    });
    p.postMessage({ type: 'panel.follow', interactionId } satisfies PanelFollow);
    on.onConnect();
  };
  open();
  return {
    rebind(handlers) {
      on = handlers;
      if (latest) on.onState(latest);
    },
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
