/** Genesys Cloud for Salesforce client events: payloads in the shape public handlers read, and the origin rule. */
import { describe, expect, it } from 'vitest';
import { CLIENT_EVENT_CHANNEL, clientEvent, clientEventOriginTrusted } from '../../../../lib/genesys/client-event.ts';

const ID = '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70';
/** The window message the package posts: the channel's publish with an interaction event. */
const publish = (message: object, eventName = CLIENT_EVENT_CHANNEL): object => ({ methodName: 'publish', args: { eventName, message } });
const interaction = (over: object = {}): object => ({ id: ID, ani: 'tel:+14155550123', direction: 'Inbound', isConnected: false, isDisconnected: false, state: 'ALERTING', ...over });

describe('clientEvent', () => {
  it('an inbound interaction added: the call with its ANI and conversation id', () => {
    expect(clientEvent(publish({ type: 'Interaction', category: 'add', data: interaction() }))).toEqual({ kind: 'call', interactionId: ID, rawAni: '+14155550123' });
  });

  it('a change carries old and new: the new state counts', () => {
    const change = { type: 'Interaction', category: 'change', data: { old: interaction(), new: interaction({ isConnected: true, state: 'CONNECTED' }) } };
    expect(clientEvent(publish(change))).toEqual({ kind: 'call', interactionId: ID, rawAni: '+14155550123' });
  });

  it('disconnected or deallocated ends the interaction', () => {
    expect(clientEvent(publish({ type: 'Interaction', category: 'change', data: { old: interaction(), new: interaction({ isDisconnected: true }) } }))).toEqual({ kind: 'ended', interactionId: ID });
    expect(clientEvent(publish({ type: 'Interaction', category: 'deallocate', data: interaction() }))).toEqual({ kind: 'ended', interactionId: ID });
  });

  it('phone when there is no ani', () => {
    expect(clientEvent(publish({ type: 'Interaction', category: 'add', data: interaction({ ani: undefined, phone: 'tel:+442071838750' }) }))).toMatchObject({ rawAni: '+442071838750' });
  });

  it('outbound, callbacks, chats, other types, other channels and malformed messages are nothing', () => {
    const none = [
      publish({ type: 'Interaction', category: 'add', data: interaction({ direction: 'Outbound' }) }),
      publish({ type: 'Interaction', category: 'add', data: interaction({ isCallback: true }) }),
      publish({ type: 'Interaction', category: 'add', data: interaction({ isChat: true }) }),
      publish({ type: 'UserAction', category: 'status', data: { id: ID } }),
      publish({ type: 'Interaction', category: 'add', data: interaction() }, 'other__Channel__c'),
      publish({ type: 'Interaction', category: 'add', data: interaction({ id: 'x' }) }),
      { methodName: 'subscribe', args: { eventName: CLIENT_EVENT_CHANNEL } }, 'publish', null, [1],
    ];
    for (const raw of none) expect(clientEvent(raw), JSON.stringify(raw)).toBeUndefined();
  });
});

describe('clientEventOriginTrusted', () => {
  it.each([
    ['acme.lightning.force.com', 'https://acme--purecloud.vf.force.com', true],
    ['acme--uat.sandbox.lightning.force.com', 'https://acme--uat--purecloud.sandbox.vf.force.com', true],
    ['acme.develop.lightning.force.com', 'https://acme--purecloud.develop.vf.force.com', true],
    ['acme.lightning.force.com', 'https://acme--purecloud.na123.visual.force.com', true],
    ['acme.my.salesforce.com', 'https://acme--purecloud.vf.force.com', true],
    // another org, another package, our own page, the Genesys client, look-alikes and non-HTTPS
    ['acme.lightning.force.com', 'https://evil--purecloud.vf.force.com', false],
    ['acme.lightning.force.com', 'https://acme--c.vf.force.com', false],
    ['acme.lightning.force.com', 'https://acme.lightning.force.com', false],
    ['acme.lightning.force.com', 'https://apps.mypurecloud.com', false],
    ['acme.lightning.force.com', 'https://acme--purecloud.vf.force.com.evil.io', false],
    ['acme.lightning.force.com', 'https://acme--purecloud.sandbox.vf.force.com', false],
    ['acme.lightning.force.com', 'http://acme--purecloud.vf.force.com', false],
    ['acme.lightning.force.com', 'https://acme--purecloud.vf.force.com:8443', false],
    ['acme.lightning.force.com', 'null', false],
    ['evil.example', 'https://evil--purecloud.vf.force.com', false],
  ])('page %s, message from %s → %s', (page, origin, ok) => {
    expect(clientEventOriginTrusted(page, origin)).toBe(ok);
  });
});
