/**
 * The content script's work, kept out of the entry point. Every frame: detect calls with the built-in
 * adapters at once, switch to the effective list the background sends (content.config), report calls
 * (call.detected), calls whose view went away (call.ended) and selector health. Top frame only: own the
 * panel host (created on first use) and accept panel.mount from the background for calls a sub-frame
 * (an embedded softphone) detected. Everything is tied to `signal`.
 */
import type { Adapter, DetectedCall } from '../../lib/adapters/types';
import { BUILT_IN_ADAPTERS } from '../../lib/adapters';
import { closedRootOpener } from '../../lib/dom/root-opener';
import { createPanelHost, type PanelHost } from './panel-host';
import { createCallCue, type CallCue } from './call-cue';
import { dispatcher, fromThisExtension, listen } from '../../platform/messaging';
import { callDetectedMessage, poster } from './post';
import { startDetector, type Detector, type HealthIssue } from '../../lib/detect/detector';
import { isPanelMount, sameCall } from '../../lib/detect/ids';
import { asPanelLayout, DEFAULT_PANEL_LAYOUT } from '../../lib/panel-params';
import { startEventSources } from './event-sources';
import { startGuards, type Guards } from './guards';

export interface ContentSessionOptions {
  signal: AbortSignal;
  /** False once the extension was reloaded or updated (this script is orphaned). */
  isValid: () => boolean;
  /** Whether this is the tab's top frame: only there is a panel host ever created. */
  isTop: boolean;
  panelUrl: string;
  /** The origin the panel document has (the channel's port is addressed to it). */
  panelOrigin: string;
}

const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');
/** A plausible adapter list (it comes from our own background; this only guards against version skew). */
const isAdapterList = (v: unknown): v is Adapter[] =>
  Array.isArray(v) && v.every((a: Partial<Adapter> | null) => !!a && typeof a.id === 'string' && isStringList(a.matches) && typeof a.urlPattern === 'string' && typeof a.callView === 'string' && Array.isArray(a.ani));

/** Start detection and reporting in this frame; returns the detector (for rescans on URL changes). */
export function startContentSession(opts: ContentSessionOptions): Detector {
  const { signal } = opts;
  let panel: PanelHost | null = null;
  let cue: CallCue | null = null;
  // Policy panel.side / panel.startCollapsed, as the background last said (content.config, call.detected).
  let layout = DEFAULT_PANEL_LAYOUT;
  const show = (interactionId: string): void => {
    if (!opts.isTop || !opts.isValid() || signal.aborted) return;
    if (layout.surface === 'side-panel') {
      // Policy panel.surface "side-panel": no panel in the page, only a cue without call data (call-cue.ts).
      panel?.hide();
      cue ??= createCallCue(document, signal);
      cue.show();
    } else {
      cue?.hide();
      // One host for the tab, created on first use: later calls reuse its iframe (see panel-host.ts).
      panel ??= createPanelHost({ doc: document, panelUrl: opts.panelUrl, panelOrigin: opts.panelOrigin, signal });
      panel.show(interactionId, layout);
    }
    refreshGuardsSoon(); // the tab's current call changed or showed: its guard state too
  };
  // Shortly after the panel has its call, not beside the caller's look-up: the guard state costs the worker a
  // settings and interactions read (the panel bench measured ~40 ms more per call). Guards hold meanwhile.
  let guardsTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshGuardsSoon = (): void => {
    if (guardsTimer !== undefined) return;
    guardsTimer = setTimeout(() => { guardsTimer = undefined; if (!signal.aborted) guards?.refresh(); }, 250);
  };
  signal.addEventListener('abort', () => clearTimeout(guardsTimer), { once: true });
  const post = poster(signal, opts.isValid);

  let current: string | null = null;
  // A vendor event's call wins over the DOM's (it is there first and names the call exactly); the DOM
  // stays the fallback for pages whose vendor publishes nothing, or when the source has no call.
  let domCall: DetectedCall | null = null;
  let eventCall: DetectedCall | null = null;
  let reported: DetectedCall | null = null;
  const combine = (): void => {
    const call = eventCall ?? domCall;
    if (sameCall(call, reported)) return;
    reported = call;
    onCall(call);
  };
  // The current call's report, answered or not: its end is sent after it (see onCall).
  let detecting: Promise<unknown> = Promise.resolve();
  const onCall = (call: DetectedCall | null): void => {
    if (!call) {
      // The panel stays with its interaction (wrap-up); the background learns the call view is gone. Only once
      // it answered the call's report: a call that ends within the worker's first write (a view the rendering
      // shows hidden, a frame after it was reported) would otherwise be refused as unknown and stay open.
      const ended = current;
      const after = (): void => { if (ended) void post({ type: 'call.ended', interactionId: ended }); };
      void detecting.then(after, after);
      current = null;
      cue?.hide();
      return;
    }
    current = call.interactionId;
    const report = post(callDetectedMessage(call, location.href));
    detecting = report;
    void report.then((reply) => {
      // A reply overtaken by a newer call must not take the panel back (the worker may have moved it on already).
      if (!reply?.ok || signal.aborted || current !== call.interactionId) return;
      layout = asPanelLayout(reply.panel) ?? layout;
      show(reply.interactionId);
    });
    // The panel reconnects to a stopped worker while the report wakes it; told once the report is sent (a
    // port message before it was part of the detection's latency).
    panel?.callComing();
  };
  const onHealth = (issue: HealthIssue): void => void post({ type: 'selector.health', ...issue });
  // CRM guards run where the agent acts: the top frame (entrypoints/content/guards.ts).
  const verifyNow = (id: string | null): void => { if (id) show(id); panel?.setCollapsed(false); panel?.focus(); };
  const guards: Guards | null = opts.isTop ? startGuards({ doc: document, signal, post, verifyNow }) : null;

  const detector = startDetector({
    adapters: BUILT_IN_ADAPTERS, doc: document, getUrl: () => location.href, signal, openRoot: closedRootOpener(), onHealth,
    onRoot: guards ? (root) => guards.addRoot(root) : undefined,
    onRootGone: guards ? (root) => guards.removeRoot(root) : undefined,
    onCall: (call) => { domCall = call; combine(); },
  });
  // Event sources start at once with the built-in adapters and restart with the effective list.
  let sources = new AbortController();
  const startSources = (adapters: readonly Adapter[]): void => {
    sources.abort();
    sources = new AbortController();
    startEventSources(adapters, window, AbortSignal.any([signal, sources.signal]), (call) => { eventCall = call; combine(); });
  };
  startSources(BUILT_IN_ADAPTERS);
  void post({ type: 'content.config' }).then((reply) => {
    if (!reply?.ok || signal.aborted) return;
    if (isAdapterList(reply.adapters)) {
      detector.setAdapters(reply.adapters);
      startSources(reply.adapters);
    }
    layout = asPanelLayout(reply.panel) ?? layout;
  });

  if (opts.isTop) {
    // The messages this context receives; plain checks, not the zod schemas (see lib/detect/ids.ts).
    const isFrameTop = (raw: unknown): raw is { type: 'frame.top' } => typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'frame.top';
    const isGuardsPush = (raw: unknown): raw is { type: 'guards.push' } => typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'guards.push';
    const dispatch = dispatcher<'panel.mount' | 'frame.top' | 'guards.push'>({
      parse: (raw, sender) => (fromThisExtension(sender) && (isPanelMount(raw) || isFrameTop(raw) || isGuardsPush(raw)) ? { ok: true, message: raw } : { ok: false, refusal: 'malformed' }),
      handlers: {
        'guards.push': async () => { guards?.refresh(); return { ok: true }; },
        'panel.mount': async (msg) => void show(msg.interactionId),
        // The worker checks a sub-frame's call against the page it is embedded in (entrypoints/background/calls.ts).
        'frame.top': async () => ({ url: location.href }),
      },
      refuse: async () => undefined,
    });
    const unlisten = listen(dispatch, { reply: true });
    signal.addEventListener('abort', unlisten, { once: true });
  }
  return detector;
}
