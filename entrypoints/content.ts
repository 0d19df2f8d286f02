/**
 * Content script: watches CRM pages for an incoming/connected call, reports it to the background and
 * shows the verification panel. Thin: detection is lib/detect, the panel host is lib/dom/panel-host.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { CRM_MATCHES } from '@/lib/manifest-data';
import { BUILT_IN_ADAPTERS } from '@/lib/adapters';
import { startDetector } from '@/lib/detect/detector';
import { createPanelHost } from '@/lib/dom/panel-host';
import type { CallDetected, CallDetectedReply } from '@/lib/protocol';

export default defineContentScript({
  matches: [...CRM_MATCHES],
  runAt: 'document_idle',
  main(ctx) {
    const panel = createPanelHost({ doc: document, panelUrl: browser.runtime.getURL('/panel.html'), signal: ctx.signal });
    const detector = startDetector({
      adapters: BUILT_IN_ADAPTERS,
      doc: document,
      getUrl: () => location.href,
      signal: ctx.signal,
      onCall: (call) => {
        if (!call) return; // the panel stays with its interaction until a new call replaces it
        const { attestation, ...rest } = call;
        const message: CallDetected = {
          type: 'call.detected', ...rest, pageUrl: location.href,
          ...(attestation ? { aniTrust: /^[ABC]$/i.test(attestation) ? { attestation: attestation.toUpperCase() as 'A' | 'B' | 'C' } : { verstat: attestation.slice(0, 64) } } : {}),
        };
        void browser.runtime
          .sendMessage(message)
          .then((reply: CallDetectedReply | undefined) => {
            if (reply?.ok && ctx.isValid) panel.show(reply.interactionId);
          })
          .catch(() => {
            // The extension was reloaded or updated: this content script is orphaned and stops here.
          });
      },
    });
    ctx.addEventListener(window, 'wxt:locationchange', () => detector.rescan());
  },
});
