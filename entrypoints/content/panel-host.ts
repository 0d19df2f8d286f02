/**
 * The verification panel's place in the CRM page: an extension-origin iframe inside a closed shadow host,
 * so the page can neither read the panel nor reach the iframe element. If the page removes, moves or
 * restyles the host, or hides it through its one ancestor (<html>), it is put back (Bitwarden's inline-menu
 * lesson); a frame that does not take our channel's port (navigated away from our page) is reloaded.
 * The host's token is registered with the worker as the host is made (the worker hears only
 * registered panels), and the host answers the panel's questions about the page: is anything of the
 * page's above the host (panel-probe.ts), and who took the keyboard.
 */
import { DEFAULT_PANEL_LAYOUT, panelFragment, type PanelLayout } from '../../lib/panel-params';
import { handOverPort, type FromPanel, type HostEnd } from '../../platform/panel-channel';
import { send } from '../../platform/messaging';
import { batchedReads, hostUncovered, unhideRoot, watchKeyboard } from './panel-probe';

export interface PanelHostOptions {
  doc: Document;
  /** Extension URL of panel.html. */
  panelUrl: string;
  /** The loaded panel document's origin (not always panelUrl's: see the content script's entry point). */
  panelOrigin: string;
  signal: AbortSignal;
  width?: number;
  /** Register the host's token with the worker (injectable for tests). */
  register?: (token: string) => Promise<unknown>;
}

export interface PanelHost {
  /** Show the panel for an interaction; one iframe serves every interaction of the tab. A new interaction takes `layout`. */
  show(interactionId: string, layout?: PanelLayout): void;
  hide(): void;
  setCollapsed(collapsed: boolean): void;
  /** Move the keyboard into the panel (the guards' "Verify now"); once loaded if it is still loading. */
  focus(): void;
  /** A call is being reported: the panel readies its link to the worker (which may have been stopped). */
  callComing(): void;
}

/**
 * Marks our host element. Firefox discards a reloaded or updated add-on's content scripts without running
 * their cleanup, so their host stays on the page: the next content script removes any host it finds.
 */
const HOST_MARK = 'data-caller-verify-panel';

const HOST_STYLE = (width: number, side: PanelLayout['side'], collapsed: boolean, hidden: boolean): string =>
  [
    'all: initial', 'position: fixed', 'top: 0', `${side}: 0`, 'bottom: 0', 'z-index: 2147483647',
    `width: ${collapsed ? 48 : width}px`, `display: ${hidden ? 'none' : 'block'}`,
    `box-shadow: ${side === 'right' ? -2 : 2}px 0 8px rgba(0,0,0,.18)`, 'background: #fff',
  ].join(' !important; ') + ' !important';

/** How long a (re)loaded frame has to take our port before it is taken for a page that is not ours. */
const READY_TIMEOUT_MS = 3000;
/** Guard period: put the host back, and probe whether the page covers it (the panel also asks before the agent acts). */
const GUARD_MS = 500;
/** Every how many guard periods the poll also reads <html>'s computed style. */
const UNHIDE_EVERY = 4;

const registerWithWorker = (token: string): Promise<unknown> => send({ type: 'panel.register', token });

/** Create (lazily) the shadow host and iframe; everything is removed when `signal` aborts. */
export function createPanelHost(opts: PanelHostOptions): PanelHost {
  const { doc, signal } = opts;
  const width = opts.width ?? 360;
  const token = crypto.randomUUID();
  for (const orphan of Array.from(doc.querySelectorAll(`[${HOST_MARK}]`))) orphan.remove();
  const host = doc.createElement('div');
  host.setAttribute(HOST_MARK, '');
  const shadow = host.attachShadow({ mode: 'closed' });
  const iframe = doc.createElement('iframe');
  iframe.setAttribute('title', 'Caller Verify');
  iframe.setAttribute('style', 'border: 0; width: 100%; height: 100%; display: block; color-scheme: normal;');
  shadow.append(iframe);
  let current = '';
  let layout = DEFAULT_PANEL_LAYOUT;
  let collapsed = false;
  let hidden = true;
  /** The panel document has loaded in the attached iframe (a `show` on its port then reaches it without a reload). */
  let ready = false;
  let focusOnLoad = false;
  // Sent before the first panel loads, not awaited: waiting for the worker's reply would delay the first
  // panel of every tab, and the worker gives a panel's first message time to be overtaken (panel-registry.ts).
  const register = opts.register ?? registerWithWorker;
  void register(token);
  // A page restored from the back/forward cache had its registration replaced by the page after it.
  doc.defaultView?.addEventListener('pageshow', (e) => { if (e.persisted) void register(token); }, { signal });

  const urlFor = (interactionId: string): string =>
    opts.panelUrl + panelFragment({ interactionId, token, origin: doc.location.origin, layout });
  const style = (): string => HOST_STYLE(width, layout.side, collapsed, hidden);
  const applyStyle = (): void => host.setAttribute('style', style());
  const attach = (): void => {
    if (host.parentNode !== doc.documentElement) {
      // Removed, or moved under an element of the page's (which may hide it). A re-inserted iframe loads
      // its src again: point it at the current interaction first.
      ready = false;
      iframe.src = urlFor(current);
      doc.documentElement.append(host);
    }
    if (host.getAttribute('style') !== style()) applyStyle();
  };
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Our end of the current panel document's port; replaced (and the old one closed) at every load. */
  let end: HostEnd | null = null;
  /** What the panel was last told about the page covering it (null: nothing yet on this port). */
  let told: boolean | null = null;
  const report = (always: boolean): void => {
    const visible = !hidden && hostUncovered(host, doc);
    if (end && (always || visible !== told)) end.post({ cv: 'seen', visible });
    told = end ? visible : null;
  };
  const keyboard = watchKeyboard(doc, host, signal);
  const onPanel = (m: FromPanel): void => {
    if (m.cv === 'ready') {
      clearTimeout(readyTimer);
      readSoon(true, false);
    } else if (m.cv === 'collapse') api.setCollapsed(m.collapsed);
    else if (m.cv === 'probe') readSoon(true, false);
    else end?.post({ cv: 'focus', stolen: keyboard.taken() });
  };
  iframe.addEventListener('load', () => {
    ready = true;
    // Every load gets a fresh port; our panel answers on it. Anything else in the frame (the page navigated
    // it away) never gets the port (addressed to our origin only) and is replaced by our panel again.
    const win = iframe.contentWindow;
    clearTimeout(readyTimer);
    readyTimer = setTimeout(() => { if (host.isConnected) iframe.src = urlFor(current); }, READY_TIMEOUT_MS);
    end?.close();
    end = win ? handOverPort(win, opts.panelOrigin, token, onPanel, signal) : null;
    // The document that loaded may be one set up for an earlier call (a src set twice in a burst of calls
    // finishes after a show was posted to the document before it): it is told the current one.
    end?.post({ cv: 'show', interactionId: current, layout });
    told = null;
    // Keyboard-first: a new call moves focus into the panel, where the first input takes it.
    if (focusOnLoad) iframe.focus();
    focusOnLoad = false;
  }, { signal });
  // The computed-style read and the probes wait for the frame to be drawn (no forced recalculation of a busy
  // page on our account): one batch per frame however many mutations, polls or panel questions asked for it.
  const readSoon = batchedReads(doc.defaultView, signal, () => { if (!hidden) unhideRoot(doc.documentElement); }, report);
  const check = (): void => {
    if (hidden) return;
    attach();
    readSoon(null, true);
  };
  // Undo page tampering: removal or move of the host, changes to its style attribute or to <html>'s.
  const guard = new MutationObserver(check);
  guard.observe(doc.documentElement, { childList: true, attributes: true, attributeFilter: ['style', 'class'] });
  guard.observe(host, { attributes: true });
  // A new element can cover the host, and a new style sheet hide <html>, without a mutation the guard sees:
  // the probes twice a second; the computed-style read (most of the poll's cost on a busy page) every 2 s,
  // as the panel takes input only while the probes (and IntersectionObserver v2) prove it is seen anyway.
  let polls = 0;
  const poll = setInterval(() => {
    if (hidden) return;
    attach();
    readSoon(false, ++polls % UNHIDE_EVERY === 0);
  }, GUARD_MS);

  const api: PanelHost = {
    show(interactionId, next = layout) {
      hidden = false;
      if (interactionId !== current) {
        current = interactionId;
        // Each call starts as the policy says (panel.side, panel.startCollapsed), whatever the last call did.
        layout = next;
        collapsed = layout.startCollapsed;
        if (host.isConnected && ready && end) {
          // One panel document serves every call in this tab, told over its port (a new frame or document
          // costs ≈ 100 ms; see ShowCall). A reload later (re-attached host) loads urlFor(current).
          end.post({ cv: 'show', interactionId, layout });
          iframe.focus();
        } else {
          focusOnLoad = true;
          if (host.isConnected) iframe.src = urlFor(interactionId); // still loading: the panel reads the newest hash
        }
      }
      applyStyle();
      attach();
    },
    hide() {
      hidden = true;
      applyStyle();
      report(false);
    },
    setCollapsed(value) {
      collapsed = value;
      applyStyle();
    },
    focus() {
      if (ready) iframe.focus();
      else focusOnLoad = true;
    },
    callComing() {
      end?.post({ cv: 'call' });
    },
  };
  signal.addEventListener('abort', () => { guard.disconnect(); clearInterval(poll); clearTimeout(readyTimer); host.remove(); }, { once: true });
  return api;
}
