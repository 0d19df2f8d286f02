/**
 * Content script: watches CRM pages for an incoming/connected call, reports it to the background and
 * shows the verification panel. Thin: the work is entrypoints/content/session.ts (detection in
 * lib/detect, the panel host in entrypoints/content/panel-host). Runs in every frame so an embedded softphone
 * (e.g. Genesys Cloud inside the Salesforce utility bar) is seen; only the top frame shows a panel.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { CRM_MATCHES } from '@/lib/manifest-data';
import { startContentSession } from '@/entrypoints/content/session';

export default defineContentScript({
  matches: [...CRM_MATCHES],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    const detector = startContentSession({
      signal: ctx.signal,
      isValid: () => ctx.isValid,
      isTop: window.top === window,
      panelUrl: browser.runtime.getURL('/panel.html'),
      // The panel document's origin. Chromium's getURL gives the per-session dynamic URL (use_dynamic_url),
      // yet the loaded panel's origin carries the extension id.
      panelOrigin: browser.runtime.getURL('/').startsWith('chrome-extension:') ? `chrome-extension://${browser.runtime.id}` : new URL(browser.runtime.getURL('/')).origin,
    });
    ctx.addEventListener(window, 'wxt:locationchange', () => detector.rescan());
  },
});
