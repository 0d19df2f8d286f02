// The side panel's sender checks: our sidepanel.html only (top-level, any tab or none), heard only in side-panel
// mode, and only for the current call of an active tab as the worker stored it; side.current names a window
// and the worker picks the tab and its call. The worker enables the side panel by policy.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { applySurface, onSideCurrent, portOwns, portRegistered, sidePanelMayAct } from '../../../../entrypoints/background/side-panel.ts';
import { fromSidePanelPage } from '../../../../platform/messaging.ts';
import { interactionsStore, refusalCounters } from '../../../../platform/storage.ts';
import type { Interaction } from '../../../../lib/interaction.ts';

type Sender = Browser.runtime.MessageSender;
const side = (over: Partial<Sender> = {}): Sender => ({ id: browser.runtime.id, url: browser.runtime.getURL('/sidepanel.html'), ...over });
const ix = (id: string, tabId: number, startedAt: number): Interaction =>
  ({ id, tabId, frameId: 0, adapterId: 'salesforce-voicecall', crmOrigin: 'https://acme.lightning.force.com', startedAt, updatedAt: startedAt, ani: null, flow: { step: { name: 'identifying' } } }) as unknown as Interaction;
const surface = (value: 'page' | 'side-panel'): Promise<void> => browser.storage.local.set({ options: { panel: { surface: value } } });

describe('side panel', () => {
  let crm: number;
  let other: number;
  beforeEach(async () => {
    fakeBrowser.reset();
    crm = (await browser.tabs.create({ url: 'https://acme.lightning.force.com/x', active: false })).id as number;
    other = (await browser.tabs.create({ url: 'https://acme.lightning.force.com/y', active: true })).id as number;
    await browser.tabs.update(crm, { active: true });
    await interactionsStore.set('old', ix('old', crm, 1));
    await interactionsStore.set('new', ix('new', crm, 2));
    await interactionsStore.set('away', ix('away', other, 3));
  });

  it('is our sidepanel.html as a top-level document: not a frame, another page, another extension', () => {
    expect(fromSidePanelPage(side())).toBe(true);
    expect(fromSidePanelPage(side({ tab: { id: 9 } as Browser.tabs.Tab, frameId: 0 }))).toBe(true); // opened in a tab
    expect(fromSidePanelPage(side({ url: `${browser.runtime.getURL('/sidepanel.html')}#x` }))).toBe(true);
    expect(fromSidePanelPage(side({ frameId: 2 }))).toBe(false);
    expect(fromSidePanelPage(side({ id: 'other-extension' }))).toBe(false);
    expect(fromSidePanelPage(side({ url: browser.runtime.getURL('/panel.html') }))).toBe(false);
    expect(fromSidePanelPage(side({ url: 'https://acme.lightning.force.com/sidepanel.html' }))).toBe(false);
    expect(fromSidePanelPage(undefined)).toBe(false);
  });

  it('acts only in side-panel mode, on the current call of an active tab', async () => {
    expect(await sidePanelMayAct((await interactionsStore.get('new')) as Interaction)).toBe(false); // page mode (default)
    await surface('side-panel');
    expect(await sidePanelMayAct((await interactionsStore.get('new')) as Interaction)).toBe(true);
    expect(await sidePanelMayAct((await interactionsStore.get('old')) as Interaction)).toBe(false); // an earlier call of the tab
    expect(await sidePanelMayAct((await interactionsStore.get('away')) as Interaction)).toBe(false); // a tab in the background
    // The state port: the side panel needs no registration but the same ownership; an in-page panel its own tab.
    expect(await portRegistered(side())).toBe(true);
    expect(await portOwns(side(), (await interactionsStore.get('new')) as Interaction)).toBe(true);
    expect(await portOwns(side(), (await interactionsStore.get('old')) as Interaction)).toBe(false);
    const inPage: Sender = { id: browser.runtime.id, tab: { id: crm } as Browser.tabs.Tab, frameId: 3, url: browser.runtime.getURL('/panel.html') };
    expect(await portOwns(inPage, (await interactionsStore.get('old')) as Interaction)).toBe(true);
    expect(await portOwns(inPage, (await interactionsStore.get('away')) as Interaction)).toBe(false);
  });

  it('side.current: the active tab of the window and its newest call, for the side panel only', async () => {
    const windowId = (await browser.tabs.get(crm)).windowId as number;
    const ask = (sender: Sender) => onSideCurrent({ type: 'side.current', windowId }, sender);
    expect(await ask(side())).toEqual({ ok: true, surface: 'page', tabId: null, interactionId: null });
    await surface('side-panel');
    expect(await ask(side())).toEqual({ ok: true, surface: 'side-panel', tabId: crm, interactionId: 'new' });
    await browser.tabs.update(other, { active: true });
    expect(await ask(side())).toEqual({ ok: true, surface: 'side-panel', tabId: other, interactionId: 'away' });
    expect(await ask({ id: browser.runtime.id, tab: { id: crm } as Browser.tabs.Tab, frameId: 0, url: 'https://acme.lightning.force.com/x' })).toBeUndefined();
    expect(await refusalCounters.read()).toEqual({ 'bad-sender': 1 });
  });

  it('the side panel and its toolbar-button opening follow the policy', async () => {
    const setOptions = vi.spyOn(fakeBrowser.sidePanel, 'setOptions').mockResolvedValue(undefined);
    const setBehavior = vi.spyOn(fakeBrowser.sidePanel, 'setPanelBehavior').mockResolvedValue(undefined);
    await applySurface();
    expect(setOptions).toHaveBeenLastCalledWith({ path: 'sidepanel.html', enabled: false });
    expect(setBehavior).toHaveBeenLastCalledWith({ openPanelOnActionClick: false });
    await surface('side-panel');
    await applySurface();
    expect(setOptions).toHaveBeenLastCalledWith({ path: 'sidepanel.html', enabled: true });
    expect(setBehavior).toHaveBeenLastCalledWith({ openPanelOnActionClick: true });
  });
});
