// Panel registration: only the top frame's content script of a web page registers a tab's panel token, and
// a panel page is heard only when its URL carries its own tab's registered token (messages and state ports).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onPanelRegister, onPanelSecurity, refuseUnregisteredPanels, registeredPanel, forgetPanel, forgetRegistrations } from '../../../../entrypoints/background/panel-registry.ts';
import { interactionsStore, panelTokens, refusalCounters } from '../../../../platform/storage.ts';
import type { Interaction } from '../../../../lib/interaction.ts';

type Sender = Browser.runtime.MessageSender;
const TOKEN = '0b6c3b1e-54d5-4c1c-9d44-3a5e1e0f2a77';
const CRM = 'https://acme.lightning.force.com/lightning/r/VoiceCall/0LQ1/view';
const tab = (id: number) => ({ id }) as Browser.tabs.Tab;
const content = (over: Partial<Sender> = {}): Sender => ({ id: browser.runtime.id, tab: tab(7), frameId: 0, url: CRM, ...over });
const panel = (fragment: string, tabId = 7): Sender => ({ id: browser.runtime.id, tab: tab(tabId), frameId: 3, url: `${browser.runtime.getURL('/panel.html')}${fragment}` });
const register = (sender: Sender = content()) => onPanelRegister({ type: 'panel.register', token: TOKEN }, sender);

describe('panel registry', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    forgetRegistrations();
  });

  it('takes a registration only from our content script in the top frame of a web page', async () => {
    expect(await register(content({ frameId: 2 }))).toBeUndefined(); // a sub-frame (an embedded softphone)
    expect(await register(content({ id: 'other-extension' }))).toBeUndefined();
    expect(await register(content({ url: `${browser.runtime.getURL('/options.html')}` }))).toBeUndefined(); // an extension page in a tab
    expect(await register(panel(`#t=${TOKEN}`))).toBeUndefined(); // the panel registering itself
    expect(await register(content({ tab: undefined }))).toBeUndefined();
    expect(await panelTokens.get(7)).toBeUndefined();
    expect(await refusalCounters.read()).toEqual({ 'bad-sender': 5 });
    expect(await register()).toEqual({ ok: true });
    expect((await panelTokens.get(7))?.token).toBe(TOKEN);
  });

  it('hears a panel page only with its own tab’s registered token', async () => {
    expect(await registeredPanel(panel(`#ix=a&t=${TOKEN}`))).toBe(false); // nothing registered within the wait
    const early = registeredPanel(panel(`#ix=a&t=${TOKEN}`)); // the panel's first message overtook the registration
    await register();
    expect(await early).toBe(true);
    expect(await registeredPanel(panel(`#ix=a&t=${TOKEN}&o=x`))).toBe(true);
    expect(await registeredPanel(panel('#ix=a&t=0b6c3b1e-0000-4c1c-9d44-3a5e1e0f2a77'))).toBe(false); // a forged token
    expect(await registeredPanel(panel('#ix=a'))).toBe(false); // a copy with no token
    expect(await registeredPanel(panel(`#ix=a&t=${TOKEN}`, 8))).toBe(false); // the token of another tab
    expect(await registeredPanel({ ...panel(`#t=${TOKEN}`), id: 'other-extension' })).toBe(false);
    await forgetPanel(7);
    expect(await registeredPanel(panel(`#ix=a&t=${TOKEN}`))).toBe(false);
  });

  it('a running worker answers its tab\'s registered panel from what it wrote; storage stays the truth otherwise', async () => {
    await register();
    const get = vi.spyOn(browser.storage.session, 'get');
    expect(await registeredPanel(panel(`#ix=a&t=${TOKEN}`))).toBe(true);
    expect(get).not.toHaveBeenCalled();
    // A forged token, or another tab's, is still checked against storage and refused.
    expect(await registeredPanel(panel('#ix=a&t=0b6c3b1e-0000-4c1c-9d44-3a5e1e0f2a77'))).toBe(false);
    expect(await registeredPanel(panel(`#ix=a&t=${TOKEN}`, 8))).toBe(false);
    // A reload registers a new host: the old token is refused from then on.
    const NEW = '5e1d3a4b-54d5-4c1c-9d44-3a5e1e0f2a77';
    await onPanelRegister({ type: 'panel.register', token: NEW }, content());
    expect(await registeredPanel(panel(`#ix=a&t=${TOKEN}`))).toBe(false);
    get.mockClear();
    expect(await registeredPanel(panel(`#ix=a&t=${NEW}`))).toBe(true);
    expect(get).not.toHaveBeenCalled();
    // A restarted worker knows nothing: it reads, then knows.
    forgetRegistrations();
    expect(await registeredPanel(panel(`#ix=a&t=${NEW}`))).toBe(true);
    expect(get).toHaveBeenCalledTimes(1);
    expect(await registeredPanel(panel(`#ix=a&t=${NEW}`))).toBe(true);
    expect(get).toHaveBeenCalledTimes(1);
    // The tab closed: its registration is gone, known or not.
    await forgetPanel(7);
    expect(await registeredPanel(panel(`#ix=a&t=${NEW}`))).toBe(false);
  });

  it('a read that overlapped a registration is not remembered over it', async () => {
    await register();
    forgetRegistrations();
    const get = browser.storage.session.get.bind(browser.storage.session);
    let release!: () => void;
    vi.spyOn(browser.storage.session, 'get').mockImplementationOnce(async (keys) => {
      const got = await get(keys); // the old registration, read before the new one lands
      await new Promise<void>((r) => (release = r));
      return got;
    });
    const reading = registeredPanel(panel(`#ix=a&t=${TOKEN}`));
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    const NEW = '5e1d3a4b-54d5-4c1c-9d44-3a5e1e0f2a77';
    await onPanelRegister({ type: 'panel.register', token: NEW }, content());
    release();
    expect(await reading).toBe(true); // as storage answered that read
    expect(await registeredPanel(panel(`#ix=a&t=${TOKEN}`))).toBe(false); // but the old token is not kept
    expect(await registeredPanel(panel(`#ix=a&t=${NEW}`))).toBe(true);
  });

  it('refuses an unregistered panel before its message is dispatched; other senders pass through', async () => {
    const dispatch = vi.fn(async () => ({ ok: true }));
    const guarded = refuseUnregisteredPanels(dispatch);
    await register();
    expect(await guarded({ type: 'panel.hello' }, panel('#ix=a&t=guessed'))).toBeUndefined();
    expect(await guarded({ type: 'panel.hello' }, panel(`#ix=a&t=${TOKEN}`))).toEqual({ ok: true });
    expect(await guarded({ type: 'call.detected' }, content())).toEqual({ ok: true });
    expect(dispatch).toHaveBeenCalledTimes(2);
    expect(await refusalCounters.read()).toEqual({ 'unregistered-panel': 1 });
  });

  it('records a security event on the interaction of the panel’s own tab only', async () => {
    await interactionsStore.set('ix-1', { id: 'ix-1', tabId: 7 } as Interaction);
    expect(await onPanelSecurity({ type: 'panel.security', interactionId: 'ix-1', kind: 'focus-theft' }, panel('', 8))).toBeUndefined();
    expect(await onPanelSecurity({ type: 'panel.security', interactionId: 'ix-1', kind: 'covered' }, panel(''))).toEqual({ ok: true });
    const kept = (await interactionsStore.get('ix-1')) as Interaction & { securityEvents?: { kind: string }[] };
    expect(kept.securityEvents?.map((e) => e.kind)).toEqual(['covered']);
  });
});
