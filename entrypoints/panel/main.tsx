/** Panel page: rendered in an iframe inside the CRM tab; it only renders the stored interaction. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PanelApp } from '@/entrypoints/panel/components/PanelApp';
import { panelFragment, panelParams, type PanelParams } from '@/lib/panel-params';
import { acceptHostPort, parseHostMessage, requestCollapse } from '@/platform/panel-channel';
import { CALL_COMING } from '@/platform/panel-port';
import type { Interaction } from '@/lib/interaction';
import { send } from '@/platform/messaging';
import { startPanelGuard } from '@/entrypoints/panel/components/guard';
import { PanelGuard } from '@/entrypoints/panel/components/PanelGuard';

const boot = panelParams(location.hash);
document.documentElement.lang = browser.i18n.getUILanguage();

/** Started before anything renders: its capture listeners run before any control's own. */
const guard = startPanelGuard(window, (kind, interactionId) => void send({ type: 'panel.security', interactionId, kind }));

/** The content script's end of our channel, handed over once (nothing is ever posted to the CRM page's window). */
let hostPort: MessagePort | null = null;
acceptHostPort(window, boot.token, (port) => {
  hostPort = port;
  guard.attach(port);
  // Beside the guard's own listener: the host's word that a call is being reported.
  port.addEventListener('message', (e) => {
    const m = parseHostMessage(e.data);
    if (m?.cv === 'call') window.dispatchEvent(new Event(CALL_COMING));
    // The worker may have moved this panel to the call already (onNext): the same key then only takes the layout.
    if (m?.cv === 'show' && (m.interactionId !== shown.interactionId || JSON.stringify(m.layout) !== JSON.stringify(shown.layout))) {
      mount({ ...shown, interactionId: m.interactionId, layout: m.layout });
    }
  });
});

/** Tell the content script (our host) to resize the host element. */
const onCollapse = (collapsed: boolean): void => requestCollapse(hostPort, collapsed);

/** The longest the frame's URL lags a new call while the panel's main thread has no idle moment. */
const URL_IDLE_TIMEOUT_MS = 1000;

let shown = boot;
/** Render the panel for one interaction; a new interaction remounts it, so nothing of the last call remains. */
function mount(params: PanelParams, initial?: Interaction): void {
  const { interactionId, layout } = params;
  shown = params;
  // The frame's URL names the call it shows (a reload shows the same one); replaceState adds no history entry.
  // It waits for an idle moment: in a framed page it holds the main thread for 2-6 ms (CPU profile of the
  // panel), and run with the mount or a task after it, the state with the name, due a few ms later, waited.
  if (params.token && params.origin && params !== boot) {
    const url = panelFragment({ interactionId, token: params.token, origin: params.origin, layout });
    requestIdleCallback(() => { if (shown === params) history.replaceState(null, '', url); }, { timeout: URL_IDLE_TIMEOUT_MS });
  }
  guard.setInteraction(interactionId);
  const app = (
    <PanelGuard guard={guard}>
      <PanelApp key={interactionId} interactionId={interactionId} layout={layout} onCollapse={onCollapse} initial={initial} onNext={onNext} />
    </PanelGuard>
  );
  render(app, document.getElementById('app') as HTMLElement);
}

/** The worker moved this panel to the tab's next call: show it now (the content script's `show` follows). */
function onNext(ix: Interaction): void {
  if (ix.id !== shown.interactionId) mount({ ...shown, interactionId: ix.id }, ix);
}

mount(boot);
