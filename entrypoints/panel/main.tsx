/** Panel page: rendered in an iframe inside the CRM tab; it only renders the stored interaction. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PanelApp } from '@/components/PanelApp';

const params = new URLSearchParams(location.hash.slice(1));
document.documentElement.lang = browser.i18n.getUILanguage();

/** Tell the content script (our parent frame) to resize the host; token and origin pinned. */
function requestCollapse(collapsed: boolean): void {
  const origin = params.get('o');
  if (origin && window.parent !== window) window.parent.postMessage({ cv: 'collapse', token: params.get('t'), collapsed }, origin);
}

render(
  <PanelApp interactionId={params.get('ix') ?? ''} onCollapse={requestCollapse} />,
  document.getElementById('app') as HTMLElement,
);
