/**
 * The panel's own checks against the page it sits in: it takes a click or key only while it can prove it is
 * seen, and it notices when the page takes the keyboard while the agent types.
 *
 * Seen: in Chromium, IntersectionObserver v2 (`trackVisibility`) says whether anything is drawn over the
 * panel, even an element the clicks pass through (`pointer-events: none`). Everywhere, the content script
 * probes with `elementFromPoint` over the host (entrypoints/content/panel-probe.ts) and reports over our
 * channel's port; that also catches a fully transparent (opacity 0) cover, which v2 ignores. Firefox has no
 * v2: the probes alone decide there. No proof yet (no host, no report) counts as not seen.
 *
 * Keyboard: the panel window losing focus shortly after a keystroke is asked about; the content script
 * says whether the page's own element has it without a click of the agent's on the page.
 */
import type { SecurityEventKind } from '@/lib/protocol';
import { askHost, parseHostMessage } from '@/platform/panel-channel';

/** Keys that never change the verification: moving through the panel, collapsing it. */
const FREE_KEYS = new Set(['Tab', 'Escape', 'Shift', 'Control', 'Alt', 'Meta']);
/** Events that act on the panel's controls or fields; refused while the panel cannot prove it is seen. */
const GATED = ['click', 'keydown', 'beforeinput', 'submit', 'paste', 'drop'] as const;
/** The keyboard lost this soon (ms) after a keystroke in the panel is worth asking the host about. */
const TYPING_MS = 1500;
/** Covered this long (ms) without the agent acting is recorded too: the page keeps something over the panel. */
const COVERED_EVENT_MS = 1500;
/** At most one probe (ms) asked for by the pointer entering the panel's elements. */
const PROBE_EVERY_MS = 200;

export interface GuardState {
  /** The panel can prove it is seen: clicks and keys are taken, expected answers shown. */
  seen: boolean;
  /** A click or key was refused since the panel last proved it is seen. */
  refused: boolean;
  /** How often the page took the keyboard while the agent typed (this interaction). */
  thefts: number;
}

export interface PanelGuard {
  state(): GuardState;
  subscribe(fn: (s: GuardState) => void): () => void;
  /** The content script's port arrived: its reports count from now on. */
  attach(port: MessagePort): void;
  /** A new interaction is shown: theft count back to 0. */
  setInteraction(id: string): void;
}

/** Start the guard in the panel window; `record` sends a security event for the current interaction. */
export function startPanelGuard(win: Window, record: (kind: SecurityEventKind, interactionId: string) => void): PanelGuard {
  const ioSupported = typeof IntersectionObserverEntry === 'function' && 'isVisible' in IntersectionObserverEntry.prototype;
  let io: boolean | null = null;
  let host: boolean | null = null;
  let port: MessagePort | null = null;
  let interactionId = '';
  let state: GuardState = { seen: false, refused: false, thefts: 0 };
  let coveredTimer: ReturnType<typeof setTimeout> | undefined;
  let recordedCover = false;
  const listeners = new Set<(s: GuardState) => void>();
  const set = (patch: Partial<GuardState>): void => {
    state = { ...state, ...patch };
    for (const fn of listeners) fn(state);
  };
  const cover = (): void => {
    // A tab in the background is no cover (v2 may call it not visible); neither is a call not yet shown.
    if (recordedCover || !interactionId || win.document.visibilityState !== 'visible') return;
    recordedCover = true;
    record('covered', interactionId);
  };
  const update = (): void => {
    const seen = (!ioSupported || io === true) && host === true;
    if (seen === state.seen) return;
    clearTimeout(coveredTimer);
    // Only a panel that was shown (a host report came) and is now covered: not the first moments of loading.
    if (!seen && host !== null) coveredTimer = setTimeout(cover, COVERED_EVENT_MS);
    if (seen) recordedCover = false;
    set(seen ? { seen, refused: false } : { seen });
  };

  if (ioSupported) {
    // v2 options are not in TypeScript's DOM types yet.
    const options = { trackVisibility: true, delay: 100 } as IntersectionObserverInit;
    new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1] as (IntersectionObserverEntry & { isVisible?: boolean }) | undefined;
      if (last) io = last.isVisible === true;
      update();
    }, options).observe(win.document.body);
  }
  const gate = (e: Event): void => {
    const key = (e as Partial<KeyboardEvent>).key;
    if (state.seen || (e.type === 'keydown' && key !== undefined && FREE_KEYS.has(key))) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    askHost(port, { cv: 'probe' });
    if (!state.refused) set({ refused: true });
    cover();
  };
  for (const type of GATED) win.addEventListener(type, gate, true);
  let probedAt = -Infinity;
  win.document.addEventListener('pointerenter', () => {
    if (Date.now() - probedAt < PROBE_EVERY_MS) return;
    probedAt = Date.now();
    askHost(port, { cv: 'probe' });
  }, true);
  let typedAt = -Infinity;
  win.addEventListener('keydown', (e) => { if (!FREE_KEYS.has(e.key)) typedAt = Date.now(); }, true);
  win.addEventListener('blur', () => { if (Date.now() - typedAt < TYPING_MS) askHost(port, { cv: 'blurred' }); });

  return {
    state: () => state,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    attach(p) {
      port = p;
      p.onmessage = (e) => {
        const m = parseHostMessage(e.data);
        if (m?.cv === 'seen') {
          host = m.visible;
          update();
        } else if (m?.cv === 'focus' && m.stolen) {
          set({ thefts: state.thefts + 1 });
          if (interactionId) record('focus-theft', interactionId);
        }
      };
    },
    setInteraction(id) {
      if (id === interactionId) return;
      interactionId = id;
      recordedCover = false;
      set({ thefts: 0 });
    },
  };
}
