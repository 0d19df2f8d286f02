/**
 * The page side of the panel's proof that it is seen and that it has the keyboard. The panel frame cannot
 * look at the page around it (another origin), and Firefox has no IntersectionObserver v2; the content
 * script can. Its answers go to the panel over the channel's port (platform/panel-channel.ts).
 */
import { afterFrame } from '../../lib/detect/timers';

/** Probe points across and down the host: an element of the page's above any of them makes the panel "covered". */
const COLUMNS = 3;
const ROWS = 6;
/** A click on the page this recent (ms) explains why the panel lost the keyboard: the agent moved on. */
const AGENT_CLICK_MS = 1000;

/**
 * Whether the page shows the whole host: drawn (checkVisibility with opacity and visibility), inside the
 * viewport, and `elementFromPoint` hits the host at every probe point. An element of the page's above the
 * panel, even a transparent one or one in the top layer (popover, modal dialog), is hit instead. Blind to
 * elements with `pointer-events: none` (hit testing skips them): there only IntersectionObserver v2 sees.
 */
export function hostUncovered(host: HTMLElement, doc: Document): boolean {
  const view = doc.defaultView;
  if (!view || !host.isConnected) return false;
  if (typeof host.checkVisibility === 'function' && !host.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
  const r = host.getBoundingClientRect();
  const left = Math.max(r.left, 0);
  const top = Math.max(r.top, 0);
  const width = Math.min(r.right, view.innerWidth) - left;
  const height = Math.min(r.bottom, view.innerHeight) - top;
  if (width < 8 || height < 8) return false;
  for (let i = 0; i < COLUMNS; i++) {
    for (let j = 0; j < ROWS; j++) {
      if (doc.elementFromPoint(left + (width * (i + 0.5)) / COLUMNS, top + (height * (j + 0.5)) / ROWS) !== host) return false;
    }
  }
  return true;
}

/** What <html> must compute for the host inside it to be seen as drawn: the page may not hide the panel through it. */
const ROOT_SHOWS: Readonly<Record<string, string>> = {
  opacity: '1', visibility: 'visible', transform: 'none', filter: 'none', 'clip-path': 'none', 'mask-image': 'none', 'content-visibility': 'visible',
};

/** Undo any <html> style that hides or distorts its children (inline !important beats the page's rules). */
export function unhideRoot(root: HTMLElement): void {
  const computed = root.ownerDocument.defaultView?.getComputedStyle(root);
  if (!computed) return;
  for (const [prop, value] of Object.entries(ROOT_SHOWS)) {
    const now = computed.getPropertyValue(prop);
    if (now && now !== value) root.style.setProperty(prop, value, 'important');
  }
}

/**
 * The host's page reads (`unhide`, `probe`), batched into one task just after the next frame is drawn.
 * The returned request takes `probe`: null no, false tell the panel only a change, true answer anyway.
 */
export function batchedReads(win: Window | null, signal: AbortSignal, unhide: () => void, probe: (always: boolean) => void): (probe: boolean | null, unhide: boolean) => void {
  let due = false;
  let unhideDue = false;
  let probeDue: boolean | null = null;
  return (p, u) => {
    if (p !== null) probeDue = p || probeDue === true;
    unhideDue ||= u;
    if (due) return;
    due = true;
    afterFrame(win, () => {
      const [unhideNow, probeNow] = [unhideDue, probeDue];
      due = false;
      unhideDue = false;
      probeDue = null;
      if (unhideNow) unhide();
      if (probeNow !== null) probe(probeNow);
    }, signal);
  };
}

export interface KeyboardWatch {
  /** The page's own element has the keyboard, and no click of the agent's on the page explains it. */
  taken(): boolean;
}

/**
 * Watch the agent's clicks on the page (trusted events only: a script's synthetic click is no agent) so a
 * lost keyboard can be told apart: the agent clicked the page (fine) or the page took it (focus theft).
 * A page that swallows pointerdown before us makes a click of the agent look like theft: a false alarm, never a miss.
 */
export function watchKeyboard(doc: Document, host: HTMLElement, signal: AbortSignal): KeyboardWatch {
  let clickedAt = -Infinity;
  doc.defaultView?.addEventListener('pointerdown', (e) => { if (e.isTrusted && !e.composedPath().includes(host)) clickedAt = Date.now(); }, { capture: true, signal });
  return {
    taken: () => doc.hasFocus() && doc.activeElement !== host && Date.now() - clickedAt > AGENT_CLICK_MS,
  };
}
