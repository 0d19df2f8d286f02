/** Panel page: rendered in an iframe inside the CRM tab; it only renders the stored interaction. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PanelApp } from '@/entrypoints/panel/components/PanelApp';
import { panelParams, type PanelParams } from '@/lib/panel-params';
import { acceptHostPort, requestCollapse } from '@/platform/panel-channel';
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
});

/** Tell the content script (our host) to resize the host element. */
const onCollapse = (collapsed: boolean): void => requestCollapse(hostPort, collapsed);

/** Render the panel for one interaction; a new interaction remounts it, so nothing of the last call remains. */
function mount({ interactionId, layout }: PanelParams): void {
  guard.setInteraction(interactionId);
  const app = <PanelGuard guard={guard}><PanelApp key={interactionId} interactionId={interactionId} layout={layout} onCollapse={onCollapse} /></PanelGuard>;
  render(app, document.getElementById('app') as HTMLElement);
}

mount(boot);
// The content script reuses this frame for the tab's next call by changing the fragment. Only it knows the
// token: a fragment set by anyone else (the CRM page can navigate its child frames) is ignored.
window.addEventListener('hashchange', () => {
  const next = panelParams(location.hash);
  if (next.token === boot.token && next.origin === boot.origin) mount(next);
});
