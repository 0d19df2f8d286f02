/**
 * The window channel between the panel frame and the content script that hosts it: the panel asks its
 * host to collapse or expand. One message shape, defined here for both sides. The panel posts only to the
 * CRM origin named in its fragment; the host accepts a message only from its own iframe's window (which
 * sits in a closed shadow root the page cannot reach), only with the token it pinned in that fragment,
 * and only in this exact shape. Plain TypeScript: the content script carries no zod.
 */

/** panel → host: show the panel collapsed (a narrow strip) or expanded. */
export interface CollapseRequest {
  cv: 'collapse';
  token: string | null;
  collapsed: boolean;
}

/** `data` as a collapse request carrying exactly `token`, else null. */
export function parseCollapseRequest(data: unknown, token: string): CollapseRequest | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Partial<Record<keyof CollapseRequest, unknown>>;
  return d.cv === 'collapse' && d.token === token && typeof d.collapsed === 'boolean' ? { cv: 'collapse', token, collapsed: d.collapsed } : null;
}

/** Panel side: ask the host to collapse or expand; nothing when not framed or the host's origin is unknown. */
export function requestCollapse(win: Window, pinned: { token: string | null; origin: string | null }, collapsed: boolean): void {
  if (!pinned.origin || win.parent === win) return;
  const message: CollapseRequest = { cv: 'collapse', token: pinned.token, collapsed };
  win.parent.postMessage(message, pinned.origin);
}

/** Host side: call `onCollapse` for each valid request from `frame`'s own window; stops when `signal` aborts. */
export function listenToPanel(view: Window, frame: HTMLIFrameElement, token: string, onCollapse: (collapsed: boolean) => void, signal: AbortSignal): void {
  const onMessage = (event: MessageEvent): void => {
    if (event.source !== frame.contentWindow) return;
    const request = parseCollapseRequest(event.data, token);
    if (request) onCollapse(request.collapsed);
  };
  view.addEventListener('message', onMessage, { signal });
}
