// The worker's side of the CRM guards: the state goes only to our content script in a tab's top frame, with
// the level computed from the stored interaction and the rules of the adapters whose hosts the page is on;
// blocks and overrides are taken only for the sender tab's own interaction, an override only when the policy
// allows it and its reason holds no account number or date.
import { beforeEach, describe, expect, it } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onGuardsEvent, onGuardsState, type GuardedInteraction } from '../../../../entrypoints/background/guards.ts';
import { forgetInteractions } from '../../../../entrypoints/background/interaction-copies.ts';
import { interactionsStore, refusalCounters } from '../../../../platform/storage.ts';
import type { Interaction } from '../../../../lib/interaction.ts';

type Sender = Browser.runtime.MessageSender;
const CRM = 'https://acme.lightning.force.com/lightning/r/Contact/003C1001/view';
const content = (over: Partial<Sender> = {}): Sender => ({ id: browser.runtime.id, tab: { id: 7 } as Browser.tabs.Tab, frameId: 0, url: CRM, ...over });
const ix = (id: string, step: string, startedAt: number, customer = true): Interaction =>
  ({ id, tabId: 7, startedAt, adapterId: 'salesforce-voicecall', flow: { step: { name: step }, ...(customer ? { customer: { customerId: 'C-1001' } } : {}) } }) as unknown as Interaction;
const event = (kind: 'blocked' | 'override', reason?: string) => ({ type: 'guards.event' as const, interactionId: 'ix-2', kind, label: 'Change phone number', ...(reason ? { reason } : {}) });

describe('guards in the worker', () => {
  beforeEach(() => fakeBrowser.reset());

  it('answers only our content script in a tab\'s top frame', async () => {
    for (const s of [content({ frameId: 3 }), content({ id: 'other-extension' }), content({ tab: undefined }), content({ url: undefined })]) {
      expect(await onGuardsState({ type: 'guards.state' }, s)).toBeUndefined();
    }
    expect(await refusalCounters.read()).toEqual({ 'bad-sender': 4 });
  });

  it('gives the tab\'s newest interaction\'s level and the Salesforce guards on a Salesforce host, none elsewhere', async () => {
    expect((await onGuardsState({ type: 'guards.state' }, content()))?.state).toMatchObject({ interactionId: null, level: 'none', allowOverride: false, overridden: [] });
    await interactionsStore.set('ix-1', ix('ix-1', 'verified', 1));
    await interactionsStore.set('ix-2', ix('ix-2', 'verify', 2));
    await interactionsStore.set('ix-9', { ...ix('ix-9', 'verified', 3), tabId: 9 } as Interaction);
    forgetInteractions(); // written as an earlier worker left them: this one read storage before they were there
    const state = (await onGuardsState({ type: 'guards.state' }, content()))?.state;
    expect(state).toMatchObject({ interactionId: 'ix-2', level: 'identified' });
    expect(state?.rules.map((r) => r.label)).toEqual(['Change phone number or email', 'Reset MFA device', 'Contact details']);
    expect((await onGuardsState({ type: 'guards.state' }, content({ url: 'https://example.com/' })))?.state.rules).toEqual([]);
  });

  it('counts blocks on the sender tab\'s own interaction only', async () => {
    await interactionsStore.set('ix-2', ix('ix-2', 'verify', 2));
    expect(await onGuardsEvent(event('blocked'), content({ tab: { id: 8 } as Browser.tabs.Tab }))).toBeUndefined();
    expect(await onGuardsEvent(event('blocked'), content({ frameId: 2 }))).toBeUndefined();
    expect(await onGuardsEvent(event('blocked'), content())).toEqual({ ok: true });
    expect(((await interactionsStore.get('ix-2')) as GuardedInteraction).guards).toEqual({ blocked: 1, overrides: [] });
  });

  it('takes an override only when the policy allows it, with a reason free of numbers and dates', async () => {
    await interactionsStore.set('ix-2', ix('ix-2', 'verify', 2));
    expect(await onGuardsEvent(event('override', 'Manager approved'), content())).toEqual({ ok: false });
    await browser.storage.local.set({ options: { guards: { allowOverride: true } } });
    expect(await onGuardsEvent(event('override', 'account 12345678'), content())).toEqual({ ok: false });
    expect(await onGuardsEvent(event('override', 'born 31/01/1980'), content())).toEqual({ ok: false });
    expect(await onGuardsEvent(event('override'), content())).toEqual({ ok: false });
    expect(((await interactionsStore.get('ix-2')) as GuardedInteraction).guards).toBeUndefined();
    expect(await onGuardsEvent(event('override', 'Manager approved'), content())).toEqual({ ok: true });
    expect(((await interactionsStore.get('ix-2')) as GuardedInteraction).guards?.overrides).toEqual([{ label: 'Change phone number', reason: 'Manager approved', at: expect.any(Number) }]);
    expect((await onGuardsState({ type: 'guards.state' }, content()))?.state).toMatchObject({ allowOverride: true, overridden: ['Change phone number'] });
  });
});
