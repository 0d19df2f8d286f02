/** The notification channel parser on payloads typed by the Genesys SDK (purecloud-platform-client-v2). */
import { describe, expect, it } from 'vitest';
import type * as gc from 'purecloud-platform-client-v2';
import { addressNumber, callsTopic, parseFrame } from '../../../../lib/genesys/notifications.ts';

type CallConversation = gc.Models.ConversationCallEventTopicCallConversation;
type Participant = gc.Models.ConversationCallEventTopicCallMediaParticipant;

const AGENT = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const CONV = '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70';

const customer = (over: Partial<Participant> = {}): Participant => ({
  id: 'c1', purpose: 'customer', address: 'tel:+14155550123', ani: 'tel:+14155550123', state: 'connected', direction: 'inbound', ...over,
});
const agent = (over: Partial<Participant> = {}): Participant => ({
  id: 'a1', purpose: 'agent', user: { id: AGENT }, state: 'alerting', direction: 'inbound', address: 'sip:agent@example.mypurecloud.com', ...over,
});
const conversation = (participants: Participant[]): CallConversation => ({ id: CONV, participants });
const frame = (body: CallConversation, topic = callsTopic(AGENT)): string => JSON.stringify({ topicName: topic, version: '2', eventBody: body, metadata: { CorrelationId: 'x' } });

describe('parseFrame', () => {
  it('an inbound call alerting the agent: the caller number and the conversation id', () => {
    expect(parseFrame(frame(conversation([customer(), agent()])), AGENT)).toEqual({
      kind: 'call', call: { conversationId: CONV, rawAni: '+14155550123', state: 'alerting' },
    });
  });

  it('connected after answer; an external participant (transfer in) counts as the caller too', () => {
    expect(parseFrame(frame(conversation([customer({ purpose: 'external', address: 'tel:+442071838750' }), agent({ state: 'connected' })])), AGENT))
      .toEqual({ kind: 'call', call: { conversationId: CONV, rawAni: '+442071838750', state: 'connected' } });
  });

  it('the ani is used when the customer has no address; no number at all is a call without one', () => {
    const noAddress = customer({ address: undefined, ani: 'tel:+14155550199' });
    expect(parseFrame(frame(conversation([noAddress, agent()])), AGENT)).toMatchObject({ call: { rawAni: '+14155550199' } });
    expect(parseFrame(frame(conversation([customer({ address: undefined, ani: undefined }), agent()])), AGENT)).toMatchObject({ call: { rawAni: null } });
  });

  it('an outbound call is nothing', () => {
    const out = conversation([customer({ direction: 'outbound' }), agent({ direction: 'outbound', state: 'connected' })]);
    expect(parseFrame(frame(out), AGENT)).toEqual({ kind: 'ignored' });
  });

  it('the agent leg disconnected ends the call', () => {
    expect(parseFrame(frame(conversation([customer({ state: 'disconnected' }), agent({ state: 'disconnected' })])), AGENT))
      .toEqual({ kind: 'ended', conversationId: CONV });
  });

  it('another user\'s topic, or another agent\'s leg on ours, is nothing', () => {
    expect(parseFrame(frame(conversation([customer(), agent({ user: { id: OTHER } })]), callsTopic(OTHER)), AGENT)).toEqual({ kind: 'ignored' });
    expect(parseFrame(frame(conversation([customer(), agent({ user: { id: OTHER } })])), AGENT)).toEqual({ kind: 'ignored' });
  });

  it('a queue still offering (agent not alerted yet), a malformed id or frame is nothing', () => {
    expect(parseFrame(frame(conversation([customer(), agent({ state: 'offering' })])), AGENT)).toEqual({ kind: 'ignored' });
    expect(parseFrame(frame({ id: 'not-a-uuid', participants: [customer(), agent()] }), AGENT)).toEqual({ kind: 'ignored' });
    expect(parseFrame('{', AGENT)).toEqual({ kind: 'ignored' });
    expect(parseFrame(JSON.stringify({ topicName: callsTopic(AGENT), eventBody: [1] }), AGENT)).toEqual({ kind: 'ignored' });
  });

  it('the heartbeat', () => {
    expect(parseFrame(JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } }), AGENT)).toEqual({ kind: 'heartbeat' });
  });
});

describe('addressNumber', () => {
  it.each([['tel:+14155550123', '+14155550123'], ['sip:+14155550123@10.0.0.1;user=phone', '+14155550123'], ['+1 415', '+1 415'], ['tel:+1555;ext=2', '+1555']])('%s → %s', (a, n) => {
    expect(addressNumber(a)).toBe(n);
  });
});
