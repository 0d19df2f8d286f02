/**
 * Field tools in the CRM tab: an unlisted script the options page injects with `scripting.executeScript`
 * (never loaded otherwise, so it costs the console nothing). It only defines the API of lib/capture/in-tab.ts
 * in the extension's isolated world; the options page then calls it. Nothing is sent anywhere from here:
 * results go back to the options page as executeScript results.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { closedRootOpener } from '@/lib/dom/root-opener';
import { captureFrame } from '@/lib/capture/outline';
import { proposeAdapter } from '@/lib/capture/propose';
import { FIELD_TOOLS_GLOBAL, type FieldToolsApi, type PickOutcome } from '@/lib/capture/in-tab';
import { startPicker } from './picker';

export default defineUnlistedScript(() => {
  const g = globalThis as unknown as Record<string, FieldToolsApi | undefined>;
  // Injected again for every capture or pick: one API per frame.
  if (g[FIELD_TOOLS_GLOBAL]) return true;
  const openRoot = closedRootOpener();
  let stop: (() => void) | null = null;
  g[FIELD_TOOLS_GLOBAL] = {
    capture: (adapters) => captureFrame(document, location.href, adapters, { top: window.top === window, openRoot }),
    pick: () =>
      new Promise<PickOutcome>((resolve) => {
        if (stop) return resolve({ kind: 'busy' });
        stop = startPicker(document, openRoot, (el) => {
          stop = null;
          resolve(el ? { kind: 'picked', proposal: proposeAdapter(document, el, location.href, openRoot) } : { kind: 'cancelled' });
        });
      }),
    cancel: () => stop?.(),
  };
  return true;
});
