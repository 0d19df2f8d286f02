/**
 * The browser's side panel as the verification surface (policy `panel.surface: "side-panel"`, issue 20). The
 * side panel is an extension page in the browser's own UI: no page can draw over it, read it or send it
 * anything. It shows the call of the active tab of its window, and the worker decides which call that is
 * from what it stored (the tab's newest interaction), never from the page or from the side panel's say-so:
 * the side panel names only its window, and every action it sends is taken only for the current call of a
 * tab that is active. The surface is read from the settings each time (the shortcut's cache aside).
 */
import { browser } from 'wxt/browser';
import type { Message, Reply } from '../../lib/protocol';
import type { Interaction } from '../../lib/interaction';
import { fromSidePanelPage, type Sender } from '../../platform/messaging';
import { STORAGE, watchEntry } from '../../platform/storage';
import { allInteractions, countRefusal } from './store';
import { loadSettings } from './settings-store';
import { registeredPanel } from './panel-registry';
import { OPEN_SIDE_PANEL_COMMAND } from '../../lib/panel-params';


const sideSurface = async (): Promise<boolean> => (await loadSettings()).settings.panel.surface === 'side-panel';

/** The tab's current interaction: its newest one (a call held behind it is not stored yet). */
async function currentOfTab(tabId: number): Promise<Interaction | undefined> {
  const mine = (await allInteractions()).filter((ix) => ix.tabId === tabId);
  return mine.sort((a, b) => b.startedAt - a.startedAt)[0];
}

/** The side panel may show and act on `ix`: the policy says side-panel, and `ix` is the current call of an active tab. */
export async function sidePanelMayAct(ix: Interaction): Promise<boolean> {
  if (!(await sideSurface())) return false;
  const [current, tab] = await Promise.all([currentOfTab(ix.tabId), browser.tabs.get(ix.tabId).catch(() => undefined)]);
  return current?.id === ix.id && tab?.active === true;
}

/** side.current: the active tab of the side panel's window and that tab's current call (side-panel mode only). */
export async function onSideCurrent(msg: Message<'side.current'>, sender: Sender): Promise<Reply<'side.current'> | undefined> {
  if (!fromSidePanelPage(sender)) return void (await countRefusal('bad-sender'));
  if (!(await sideSurface())) return { ok: true, surface: 'page', tabId: null, interactionId: null };
  const [tab] = await browser.tabs.query({ active: true, windowId: msg.windowId }).catch(() => []);
  const ix = typeof tab?.id === 'number' ? await currentOfTab(tab.id) : undefined;
  return { ok: true, surface: 'side-panel', tabId: tab?.id ?? null, interactionId: ix?.id ?? null };
}

/** The state port's checks for a sender: the side panel needs no registration, an in-page panel does. */
export const portRegistered = (s: Sender): Promise<boolean> => (fromSidePanelPage(s) ? Promise.resolve(true) : registeredPanel(s));
/** Whether the port's sender may follow `ix`: an in-page panel in its own tab, the side panel on the active tab's call. */
export const portOwns = (s: Sender, ix: Interaction): boolean | Promise<boolean> => (fromSidePanelPage(s) ? sidePanelMayAct(ix) : ix.tabId === s.tab?.id);

type SidePanelApi = {
  setOptions(o: { path?: string; enabled?: boolean }): Promise<void>;
  setPanelBehavior(b: { openPanelOnActionClick: boolean }): Promise<void>;
  open(o: { windowId: number }): Promise<void>;
};
type SidebarApi = { open(): Promise<void> };
/** Chromium's sidePanel (Chrome 114+), absent in Firefox. */
const sidePanelApi = (): SidePanelApi | undefined => (browser as unknown as { sidePanel?: SidePanelApi }).sidePanel;
/** Firefox's sidebarAction, absent in Chromium. */
const sidebarApi = (): SidebarApi | undefined => (browser as unknown as { sidebarAction?: SidebarApi }).sidebarAction;

/**
 * The surface this worker last applied (false until read). Only for the shortcut's listener, which must call
 * sidePanel.open before any await; everything else reads the settings.
 */
let lastSurfaceOn = false;

/** Enable the side panel and its toolbar-button opening only in side-panel mode (page mode keeps the action inert). */
export async function applySurface(): Promise<void> {
  const api = sidePanelApi();
  if (!api) return;
  const on = await sideSurface();
  lastSurfaceOn = on;
  await api.setOptions({ path: 'sidepanel.html', enabled: on });
  await api.setPanelBehavior({ openPanelOnActionClick: on });
}

/**
 * The worker's side-panel listeners (called once, synchronously, at the worker's start). Opening needs the
 * user's gesture, so open() is called at once in the command's or click's listener, before any await.
 * Firefox opens its sidebar with the `_execute_sidebar_action` command by itself; its toolbar button (a
 * browserAction with no popup) opens the sidebar, which says so when the policy keeps the panel in the page.
 */
export function watchSidePanel(): void {
  // A configuration the browser refuses leaves the side panel as it was: nothing else depends on it.
  const refresh = (): void => void applySurface().catch(() => undefined);
  refresh();
  watchEntry(STORAGE.managedCache, refresh);
  watchEntry(STORAGE.options, refresh);
  browser.commands?.onCommand.addListener((command, tab) => {
    const api = sidePanelApi();
    if (command !== OPEN_SIDE_PANEL_COMMAND || typeof tab?.windowId !== 'number' || !api) return;
    // open() on a side panel that is already open leaves the keyboard in the page. Closing it first (off and
    // on again, queued in order without waiting: an await would lose the gesture) makes open() show it
    // afresh, with its first field focused. Only when this worker has read side-panel mode already: a worker
    // woken by the command just opens it (an open side panel then keeps the keyboard where it was).
    if (lastSurfaceOn) {
      void api.setOptions({ enabled: false }).catch(() => undefined);
      void api.setOptions({ path: 'sidepanel.html', enabled: true }).catch(() => undefined);
    }
    void api.open({ windowId: tab.windowId }).catch(() => undefined);
  });
  const sidebar = sidebarApi();
  const action = (browser as unknown as { browserAction?: { onClicked: { addListener(fn: () => void): void } } }).browserAction;
  if (sidebar && action) action.onClicked.addListener(() => void sidebar.open().catch(() => undefined));
}
