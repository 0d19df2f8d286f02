/**
 * Whom the Genesys Cloud for Salesforce event source believes in a Lightning top window: the package's
 * trusted messages from a frame of this page report the call; the attacks (a foreign frame's perfect copy,
 * a page script's forged event, a window outside the page) report nothing. The e2e spec repeats the frame
 * attack with real frames (test/e2e/genesys-notifications.spec.ts).
 */
import { describe, expect, it } from 'vitest';
import { isFrameOf, trustedClientEvent, type ClientEventMessage } from '../../../../entrypoints/content/sources/gc-salesforce.ts';
import { startEventSources } from '../../../../entrypoints/content/event-sources.ts';
import { BUILT_IN_ADAPTERS } from '../../../../lib/adapters/index.ts';

const ID = '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70';
const PAGE = 'acme.lightning.force.com';
const PACKAGE = 'https://acme--purecloud.vf.force.com';
const add = { methodName: 'publish', args: { eventName: 'purecloud__ClientEvent__c', message: { type: 'Interaction', category: 'add', data: { id: ID, ani: 'tel:+14155550123', direction: 'Inbound', isConnected: false } } } };

/** A window with frames, as far as the check reads it (frames are windows with frames of their own). */
const frames = (...children: object[]): Pick<Window, 'frames' | 'length'> => ({ frames: children as unknown as Window, length: children.length });
const softphone = frames();
const nested = frames();
const utilityBar = frames(nested);
const top = frames(softphone, utilityBar);
const msg = (over: Partial<ClientEventMessage> = {}): ClientEventMessage => ({ isTrusted: true, origin: PACKAGE, source: softphone, data: add, ...over });

describe('trustedClientEvent', () => {
  it('the package\'s message from a frame of this page: the call', () => {
    expect(trustedClientEvent(top, PAGE, msg())).toEqual({ kind: 'call', interactionId: ID, rawAni: '+14155550123' });
    expect(trustedClientEvent(top, PAGE, msg({ source: nested }))).toMatchObject({ kind: 'call' });
  });

  it('attack: the same message from a foreign frame (another origin) is ignored', () => {
    for (const origin of ['https://evil.example', 'https://evil--purecloud.vf.force.com', 'https://apps.mypurecloud.com', 'https://acme--c.vf.force.com', `https://${PAGE}`]) {
      expect(trustedClientEvent(top, PAGE, msg({ origin })), origin).toBeUndefined();
    }
  });

  it('attack: a page script\'s forged event (untrusted), or a window outside the page (opener, popup), is ignored', () => {
    expect(trustedClientEvent(top, PAGE, msg({ isTrusted: false }))).toBeUndefined();
    expect(trustedClientEvent(top, PAGE, msg({ source: frames() }))).toBeUndefined();
    expect(trustedClientEvent(top, PAGE, msg({ source: null }))).toBeUndefined();
  });

  it('frames deeper than a child\'s child do not count', () => {
    const deep = frames();
    expect(isFrameOf(frames(frames(frames(deep))), deep)).toBe(false);
  });

  it('is registered and starts for the built-in adapters in a Lightning page', () => {
    const win = Object.assign(new EventTarget(), { location: new URL(`https://${PAGE}/lightning/page/home`), frames: [], length: 0 }) as unknown as Window & { top: Window };
    win.top = win;
    const ctl = new AbortController();
    expect(startEventSources(BUILT_IN_ADAPTERS, win, ctl.signal, () => undefined)).toContain('genesys-cloud-embedded|gc-salesforce-client-event');
    ctl.abort();
  });
});
