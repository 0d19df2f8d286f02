/**
 * The side panel: asks the worker which call the active tab of its window has (side.current) and renders the
 * panel's own component for it. It asks again when the agent switches tabs or windows and when a stored
 * interaction appears or goes (a new call in the tab); the call's own changes reach PanelApp over its port.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '@/platform/messaging';
import { t } from '@/platform/i18n';
import { STORAGE, watchAreas, watchEntry } from '@/platform/storage';
import { PanelApp } from '@/entrypoints/panel/components/PanelApp';
import { PanelGuard } from '@/entrypoints/panel/components/PanelGuard';
import type { PanelGuard as Guard, GuardState } from '@/entrypoints/panel/components/guard';
import type { SideCurrentReply } from '@/lib/protocol';
import { DEFAULT_PANEL_LAYOUT } from '@/lib/panel-params';

/**
 * Browser UI: no page can draw over it or take its keyboard, so it is always "seen" (the in-page panel proves
 * that with its probes; see guard.ts). Clicks, keys and agent-judged expected answers are never withheld here.
 */
const SEEN: GuardState = { seen: true, refused: false, thefts: 0 };
const BROWSER_UI: Guard = { state: () => SEEN, subscribe: () => () => undefined, attach: () => undefined, setInteraction: () => undefined };

/** Root component of the side panel page. */
export function SidePanelApp() {
  const [current, setCurrent] = useState<SideCurrentReply | null | undefined>(undefined);

  useEffect(() => {
    let windowId: number | undefined;
    let shown: string | null = null;
    let asked = 0;
    let closed = false;
    const ask = async (): Promise<void> => {
      const n = ++asked;
      windowId ??= (await browser.windows.getCurrent()).id;
      const reply = typeof windowId === 'number' ? await send({ type: 'side.current', windowId }) : undefined;
      if (n !== asked || closed) return;
      shown = reply?.interactionId ?? null;
      setCurrent(reply ?? null);
    };
    const onActivated = (info: { windowId: number }): void => { if (info.windowId === windowId) void ask(); };
    const onFocus = (id: number): void => { if (id === windowId) void ask(); };
    browser.tabs.onActivated.addListener(onActivated);
    browser.windows.onFocusChanged.addListener(onFocus);
    // A new interaction (or one gone) may change the tab's current call; the shown one's updates come over its port.
    const prefix = STORAGE.interactions.key;
    const unwatch = watchAreas(['session'], (changes) => {
      if (Object.entries(changes).some(([k, c]) => k.startsWith(prefix) && (k !== prefix + shown || c.newValue === undefined))) void ask();
    });
    // The policy (or the agent's options) may move the panel back into the page, or out of it.
    const unwatchPolicy = [watchEntry(STORAGE.managedCache, () => void ask()), watchEntry(STORAGE.options, () => void ask())];
    void ask();
    return () => {
      closed = true;
      browser.tabs.onActivated.removeListener(onActivated);
      browser.windows.onFocusChanged.removeListener(onFocus);
      unwatch();
      for (const off of unwatchPolicy) off();
    };
  }, []);

  if (current === undefined) return <p class="muted" role="status">{t('loading')}</p>;
  if (current === null) return <p class="notice" role="alert">{t('panelMissing')}</p>;
  if (current.surface === 'page') return <p class="notice" data-side="off">{t('sidePanelOff')}</p>;
  if (!current.interactionId) return <p class="muted" data-side="no-call">{t('sidePanelNoCall')}</p>;
  // A new call remounts the panel (key), so nothing of the last call remains; Escape only folds the view here.
  return (
    <PanelGuard guard={BROWSER_UI}>
      <PanelApp key={current.interactionId} interactionId={current.interactionId} layout={DEFAULT_PANEL_LAYOUT} onCollapse={() => undefined} />
    </PanelGuard>
  );
}
