/**
 * The Connect conduit source's checks, as attacks: a forged agent::update from the page itself, from a
 * frame on another host, from a grandchild or an opener, or dispatched by a page script with a CCP's
 * origin and the CCP frame as its source (an untrusted event) reports no call; only a trusted message
 * from a direct child frame on a CCP host does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { conduitCall, startConnectConduitSource } from '../../../../entrypoints/content/sources/connect-conduit.ts';
import { amazonConnectCcp } from '../../../../lib/adapters/amazon-connect.ts';

const { snapshots } = JSON.parse(readFileSync(new URL('../../../fixtures/crm/connect-snapshots.json', import.meta.url), 'utf8')) as { snapshots: Record<string, unknown> };
const update = (name: string) => ({ event: 'agent::update', data: { snapshot: snapshots[name], configuration: {} } });
const ID = amazonConnectCcp.id;
const ccpFrame = { name: 'ccp' };
const otherFrame = { name: 'crm widget' };
const grandchild = { name: 'inside the ccp' };
const page = { frames: [ccpFrame, otherFrame] as unknown as Window, length: 2 };
const CCP = 'https://acme.my.connect.aws';
const ringing = (over: Partial<{ isTrusted: boolean; origin: string; source: unknown }> = {}) =>
  ({ isTrusted: true, origin: CCP, source: ccpFrame, data: update('inboundVoiceRinging'), ...over });

describe('conduitCall', () => {
  it('a trusted agent::update from the CCP child frame is the call it shows', () => {
    expect(conduitCall(page, ringing(), ID)).toMatchObject({ adapterId: ID, rawAni: '+17575550134' });
    expect(conduitCall(page, ringing({ origin: 'https://acme.awsapps.com' }), ID)).not.toBeUndefined();
    expect(conduitCall(page, { ...ringing(), data: update('inboundVoiceEnded') }, ID)).toBeNull();
  });

  it.each([
    ['the page itself (source is the window)', { source: page }],
    ['a frame on another host', { source: otherFrame, origin: 'https://widgets.example.com' }],
    ['a child frame of the page\'s own origin (about:blank, srcdoc)', { source: otherFrame, origin: 'https://acme.lightning.force.com' }],
    ['a CCP-hosted window that is not a child (a grandchild, an opener)', { source: grandchild }],
    ['no source', { source: null }],
    ['a page-dispatched MessageEvent with a CCP origin and the CCP frame as source', { isTrusted: false }],
    ['a look-alike host', { origin: 'https://acme.my.connect.aws.evil.io' }],
    ['plain http', { origin: 'http://acme.my.connect.aws' }],
  ])('forged: %s → ignored', (_name, over) => {
    expect(conduitCall(page, ringing(over), ID)).toBeUndefined();
  });

  it('in a CRM page whose own adapter declares the source, the call carries that adapter\'s id (its host rules apply)', () => {
    expect(conduitCall(page, ringing(), 'salesforce-voicecall')?.adapterId).toBe('salesforce-voicecall');
  });

  it('other Streams events from the CCP are ignored, not "call ended"', () => {
    expect(conduitCall(page, { ...ringing(), data: { event: 'acknowledge', data: { id: 'x' } } }, ID)).toBeUndefined();
  });
});

describe('startConnectConduitSource', () => {
  /** A top window as an EventTarget whose only child frame is the CCP. */
  const topWindow = () => {
    const win = Object.assign(new EventTarget(), { frames: [ccpFrame], length: 1 }) as unknown as Window & { top: unknown };
    win.top = win;
    return win;
  };

  it('a forged event dispatched in the page (untrusted, perfect origin and source) reports nothing', () => {
    const win = topWindow();
    const onCall = vi.fn();
    startConnectConduitSource({ win, signal: new AbortController().signal, adapter: amazonConnectCcp, onCall });
    const forged = new Event('message');
    Object.defineProperties(forged, { origin: { value: CCP }, source: { value: ccpFrame }, data: { value: update('inboundVoiceRinging') } });
    expect(forged.isTrusted).toBe(false);
    win.dispatchEvent(forged);
    expect(onCall).not.toHaveBeenCalled();
  });

  it('does not listen in a sub-frame', () => {
    const win = topWindow();
    (win as { top: unknown }).top = {};
    const add = vi.spyOn(win, 'addEventListener');
    startConnectConduitSource({ win, signal: new AbortController().signal, adapter: amazonConnectCcp, onCall: vi.fn() });
    expect(add).not.toHaveBeenCalled();
  });
});
