/**
 * The channel between the panel frame and the content script that hosts it, a `MessageChannel` whose port
 * the content script hands to the panel's window once per panel document. Nothing ever goes through the
 * CRM page's window: a `window.postMessage` from the panel to its parent is also delivered to the page,
 * with a handle to the panel's window (`event.source`) and whatever the message carries. The handover goes
 * from the content script straight to the panel frame, addressed to the extension's origin, carrying the
 * token pinned in the panel's URL fragment (which the page cannot read); the panel takes the first valid
 * one and ignores every later message. Plain TypeScript: the content script carries no zod.
 */
import { asPanelLayout, type PanelLayout } from '../lib/panel-params';

/** host → panel, by `postMessage` to the panel frame with the port attached: the one handover. */
export interface PortHandover {
  cv: 'port';
  token: string;
}

/** panel → host over the port: the panel has its port (a frame that never says so is not our panel). */
export interface PanelReady {
  cv: 'ready';
}

/** panel → host over the port: show the panel collapsed (a narrow strip) or expanded. */
export interface CollapseRequest {
  cv: 'collapse';
  collapsed: boolean;
}

/** panel → host over the port: probe now whether the page shows the host uncovered (answered with `seen`). */
export interface ProbeRequest {
  cv: 'probe';
}

/** panel → host over the port: the panel lost the keyboard right after a keystroke; who has it? (answered with `focus`). */
export interface BlurReport {
  cv: 'blurred';
}

export type FromPanel = PanelReady | CollapseRequest | ProbeRequest | BlurReport;

/** host → panel over the port: whether every probe point over the host hits the host (nothing of the page's above it). */
export interface HostSeen {
  cv: 'seen';
  visible: boolean;
}

/** host → panel over the port: the page's own element has the keyboard, and the agent did not click the page for it. */
export interface FocusAnswer {
  cv: 'focus';
  stolen: boolean;
}

/** host → panel over the port: the page shows a call the content script is reporting to the worker. */
export interface CallComing {
  cv: 'call';
}

/**
 * host → panel over the port: show this interaction now. The tab's next call reuses the panel document: a
 * fragment change would not do, as the frame's URL carries the extension's real id while the host only
 * knows the dynamic one (`use_dynamic_url`), so setting it loads a new document (≈ 100 ms more per call).
 */
export interface ShowCall {
  cv: 'show';
  interactionId: string;
  layout: PanelLayout;
}

export type FromHost = HostSeen | FocusAnswer | CallComing | ShowCall;

/** `data` as a message the panel sends over the port, else null. */
export function parsePanelMessage(data: unknown): FromPanel | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Partial<Record<'cv' | 'collapsed', unknown>>;
  if (d.cv === 'ready' || d.cv === 'probe' || d.cv === 'blurred') return { cv: d.cv };
  return d.cv === 'collapse' && typeof d.collapsed === 'boolean' ? { cv: 'collapse', collapsed: d.collapsed } : null;
}

/** `data` as a message the host sends over the port, else null. */
export function parseHostMessage(data: unknown): FromHost | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Partial<Record<'cv' | 'visible' | 'stolen' | 'interactionId' | 'layout', unknown>>;
  if (d.cv === 'seen' && typeof d.visible === 'boolean') return { cv: 'seen', visible: d.visible };
  if (d.cv === 'show') {
    const layout = asPanelLayout(d.layout);
    const id = d.interactionId;
    return typeof id === 'string' && id.length > 0 && id.length <= 128 && layout ? { cv: 'show', interactionId: id, layout } : null;
  }
  if (d.cv === 'call') return { cv: 'call' };
  return d.cv === 'focus' && typeof d.stolen === 'boolean' ? { cv: 'focus', stolen: d.stolen } : null;
}

/** `data` as a handover carrying exactly `token`. */
export function isHandover(data: unknown, token: string): data is PortHandover {
  return typeof data === 'object' && data !== null && (data as Partial<PortHandover>).cv === 'port' && (data as Partial<PortHandover>).token === token;
}

/** The host's end of one panel document's channel. */
export interface HostEnd {
  post(message: FromHost): void;
  /** Close the port; also runs when the signal aborts. Call it when the frame loads again, so ports and listeners do not pile up. */
  close(): void;
}

/**
 * Host side: hand a fresh port to the panel frame's window (only a document of `panelOrigin` receives it) and
 * route what the panel sends on it.
 */
export function handOverPort(panelWindow: Window, panelOrigin: string, token: string, onMessage: (m: FromPanel) => void, signal: AbortSignal): HostEnd {
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => {
    const message = parsePanelMessage(event.data);
    if (message) onMessage(message);
  };
  const close = (): void => {
    channel.port1.onmessage = null;
    channel.port1.close();
    signal.removeEventListener('abort', close);
  };
  signal.addEventListener('abort', close, { once: true });
  const handover: PortHandover = { cv: 'port', token };
  panelWindow.postMessage(handover, panelOrigin, [channel.port2]);
  return { post: (message) => channel.port1.postMessage(message), close };
}

/** Panel side: take the first handover from the parent window that carries our pinned token; says ready on it. */
export function acceptHostPort(win: Window, token: string | null, onPort: (port: MessagePort) => void): void {
  if (!token || win.parent === win) return;
  const onMessage = (event: MessageEvent): void => {
    const port = event.ports[0];
    if (event.source !== win.parent || !port || !isHandover(event.data, token)) return;
    win.removeEventListener('message', onMessage);
    const ready: PanelReady = { cv: 'ready' };
    port.postMessage(ready);
    onPort(port);
  };
  win.addEventListener('message', onMessage);
}

/** Panel side: ask the host something (a probe, who has the keyboard); nothing before the host's port arrived. */
export function askHost(port: MessagePort | null, message: ProbeRequest | BlurReport): void {
  port?.postMessage(message);
}

/** Panel side: ask the host to collapse or expand; nothing before the host's port arrived. */
export function requestCollapse(port: MessagePort | null, collapsed: boolean): void {
  const message: CollapseRequest = { cv: 'collapse', collapsed };
  port?.postMessage(message);
}
