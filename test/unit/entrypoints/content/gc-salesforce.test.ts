/**
 * The Genesys Cloud for Salesforce event source in a Lightning top window: the package's messages report the
 * call; the attack, a frame of another origin posting a perfect copy, reports nothing.
 */
import { describe, expect, it } from 'vitest';
import { startGcSalesforceSource } from '../../../../entrypoints/content/sources/gc-salesforce.ts';
import { genesysEmbedded } from '../../../../lib/adapters/genesys.ts';
import { startEventSources } from '../../../../entrypoints/content/event-sources.ts';
import { BUILT_IN_ADAPTERS } from '../../../../lib/adapters/index.ts';
import type { DetectedCall } from '../../../../lib/adapters/types.ts';

const ID = '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70';
const PACKAGE = 'https://acme--purecloud.vf.force.com';
const add = { methodName: 'publish', args: { eventName: 'purecloud__ClientEvent__c', message: { type: 'Interaction', category: 'add', data: { id: ID, ani: 'tel:+14155550123', direction: 'Inbound', isConnected: false } } } };
const end = { methodName: 'publish', args: { eventName: 'purecloud__ClientEvent__c', message: { type: 'Interaction', category: 'deallocate', data: { id: ID, direction: 'Inbound', isDisconnected: true } } } };

/** A Lightning top window as far as the source uses it. */
function lightningWindow(href = 'https://acme.lightning.force.com/lightning/page/home'): Window {
  const win = Object.assign(new EventTarget(), { location: new URL(href) }) as unknown as Window & { top: Window };
  win.top = win;
  return win;
}
const post = (win: Window, data: unknown, origin: string): void => void win.dispatchEvent(new MessageEvent('message', { data, origin }));

function start(win = lightningWindow()): { calls: (DetectedCall | null)[]; stop: () => void } {
  const calls: (DetectedCall | null)[] = [];
  const ctl = new AbortController();
  startGcSalesforceSource({ win, signal: ctl.signal, adapter: genesysEmbedded, onCall: (c) => calls.push(c) });
  return { calls, stop: () => ctl.abort() };
}

describe('gc-salesforce-client-event source', () => {
  it('the package\'s interaction events report the call, then its end', () => {
    const win = lightningWindow();
    const { calls } = start(win);
    post(win, add, PACKAGE);
    post(win, end, PACKAGE);
    expect(calls).toEqual([{ adapterId: 'genesys-cloud-embedded', interactionId: ID, rawAni: '+14155550123' }, null]);
  });

  it('attack: the same events posted from a foreign frame (another origin) are ignored', () => {
    const win = lightningWindow();
    const { calls } = start(win);
    for (const origin of ['https://evil.example', 'https://evil--purecloud.vf.force.com', 'https://apps.mypurecloud.com', 'https://acme--c.vf.force.com']) post(win, add, origin);
    expect(calls).toEqual([]);
  });

  it('the end of another interaction does not end ours; stopped, it hears nothing', () => {
    const win = lightningWindow();
    const { calls, stop } = start(win);
    post(win, add, PACKAGE);
    post(win, { ...end, args: { ...end.args, message: { ...end.args.message, data: { id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', isDisconnected: true } } } }, PACKAGE);
    stop();
    post(win, end, PACKAGE);
    expect(calls).toHaveLength(1);
  });

  it('is registered and starts for the built-in adapters in a Lightning page', () => {
    const ctl = new AbortController();
    expect(startEventSources(BUILT_IN_ADAPTERS, lightningWindow(), ctl.signal, () => undefined)).toContain('genesys-cloud-embedded|gc-salesforce-client-event');
    ctl.abort();
  });
});
