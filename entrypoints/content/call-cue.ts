/**
 * The call cue of side-panel mode (policy panel.surface "side-panel"): all the CRM page ever shows of Caller
 * Verify then. It says a call is there and how to open the side panel; it carries no number, no name, no
 * outcome and no control that acts on the call, so a page that reads, removes, restyles or fakes it learns or
 * changes nothing (Verified is shown only in the side panel and on the toolbar badge). Closed shadow root,
 * like every element we add to a page; only trusted (user) clicks hide it.
 */
import { t } from '../../platform/i18n';

/** The key the manifest suggests for opening the side panel (the agent may rebind it in the browser). */
export const OPEN_SIDE_PANEL_KEYS = 'Alt+Shift+V';

const CSS = `:host { all: initial; }
.cue { position: fixed; right: 12px; bottom: 12px; z-index: 2147483646; max-width: 320px; display: flex; gap: 10px;
  align-items: center; background: #0b3b6f; color: #fff; border-radius: 6px; padding: 10px 12px;
  font: 14px/1.4 system-ui, sans-serif; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
button { font: inherit; padding: 2px 8px; cursor: pointer; }`;

export interface CallCue {
  /** Show the cue (a new call); nothing of the call is passed in, so nothing of it can reach the page. */
  show(): void;
  hide(): void;
}

/** Create the cue host (attached when shown); removed when `signal` aborts. */
export function createCallCue(doc: Document, signal: AbortSignal): CallCue {
  const host = doc.createElement('div');
  host.setAttribute('data-caller-verify-cue', '');
  const root = host.attachShadow({ mode: 'closed' });
  const box = doc.createElement('div');
  box.className = 'cue';
  box.setAttribute('role', 'status');
  const text = doc.createElement('span');
  text.textContent = t('callCue', OPEN_SIDE_PANEL_KEYS);
  const dismiss = doc.createElement('button');
  dismiss.type = 'button';
  dismiss.textContent = t('callCueDismiss');
  const style = doc.createElement('style');
  style.textContent = CSS;
  box.append(text, dismiss);
  root.append(style, box);
  const hide = (): void => host.remove();
  dismiss.addEventListener('click', (e) => { if (e.isTrusted) hide(); });
  signal.addEventListener('abort', hide, { once: true });
  return {
    show() {
      if (!host.isConnected) (doc.body ?? doc.documentElement).append(host);
    },
    hide,
  };
}
