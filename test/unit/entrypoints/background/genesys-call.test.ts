/**
 * Where a channel call goes: the tab whose top frame shows Genesys Cloud (this region) or Salesforce, the
 * active one first, then Genesys before Salesforce, then the one used last; any other tab never gets it.
 * The call takes the content scripts' call.detected handler with that tab's top frame as the sender.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

const urls = new Map<number, string>();
const detected = vi.fn(async (msg: { interactionId: string }) => ({ ok: true as const, interactionId: msg.interactionId, panel: { side: 'right' as const, startCollapsed: false } }));
const mounted = vi.fn(async () => undefined);
vi.mock('../../../../platform/messaging.ts', async (orig) => ({
  ...(await orig<object>()),
  sendToFrame: async (tabId: number) => (urls.has(tabId) ? { url: urls.get(tabId) } : undefined),
}));
vi.mock('../../../../entrypoints/background/handlers.ts', () => ({ BACKGROUND_HANDLERS: { 'call.detected': detected, 'call.ended': vi.fn() } }));
vi.mock('../../../../entrypoints/background/calls.ts', () => ({ mountInTopFrame: mounted }));

const { reportGenesysCall } = await import('../../../../entrypoints/background/genesys-call.ts');

const CONV = '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70';
let n = 0;
const call = () => ({ conversationId: CONV.replace(/0$/, String(n++ % 10)), rawAni: '+14155550100', state: 'alerting' as const });

async function tab(url: string, active = false): Promise<number> {
  const t = await fakeBrowser.tabs.create({ url, active });
  urls.set(t.id as number, url);
  return t.id as number;
}

describe('reportGenesysCall', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    urls.clear();
    detected.mockClear();
    mounted.mockClear();
  });

  it('the Genesys Cloud tab of the region, with the top frame as sender, then the panel is mounted there', async () => {
    await tab('https://acme.lightning.force.com/lightning/page/home');
    const gc = await tab('https://apps.mypurecloud.com/directory/#/engage');
    await reportGenesysCall(call(), 'mypurecloud.com');
    expect(detected).toHaveBeenCalledTimes(1);
    const [msg, sender] = detected.mock.calls[0] as unknown as [Record<string, unknown>, { tab: { id: number }; frameId: number; url: string }];
    expect(msg).toMatchObject({ type: 'call.detected', adapterId: 'genesys-cloud', rawAni: '+14155550100' });
    expect(sender).toMatchObject({ tab: { id: gc }, frameId: 0, url: 'https://apps.mypurecloud.com/directory/#/engage' });
    expect(mounted).toHaveBeenCalledWith(gc, msg.interactionId);
  });

  it('an active Salesforce tab wins over a background Genesys tab; it reports as the embedded softphone', async () => {
    const sf = await tab('https://acme.lightning.force.com/lightning/page/home', true);
    await tab('https://apps.mypurecloud.com/directory/');
    expect((await fakeBrowser.tabs.get(sf)).active).toBe(true);
    await reportGenesysCall(call(), 'mypurecloud.com');
    expect(detected.mock.calls[0]?.[0]).toMatchObject({ adapterId: 'genesys-cloud-embedded' });
    expect(mounted).toHaveBeenCalledWith(sf, expect.any(String));
  });

  it('no qualifying tab (another region, the embedded client page, no content script): nothing', async () => {
    await tab('https://apps.mypurecloud.ie/directory/', true);
    await tab('https://apps.mypurecloud.com/crm/index.html');
    await fakeBrowser.tabs.create({ url: 'https://evil.example/' });
    await reportGenesysCall(call(), 'mypurecloud.com');
    expect(detected).not.toHaveBeenCalled();
  });

  it('the same state of the same call is reported once', async () => {
    await tab('https://apps.mypurecloud.com/directory/');
    const c = call();
    await reportGenesysCall(c, 'mypurecloud.com');
    await reportGenesysCall(c, 'mypurecloud.com');
    await reportGenesysCall({ ...c, state: 'connected' }, 'mypurecloud.com');
    expect(detected).toHaveBeenCalledTimes(2);
  });
});
