/**
 * The Streams snapshot parser on agent snapshots in the shape of Amazon's own samples
 * (test/fixtures/crm/connect-snapshots.json says how they follow amazon-connect-streams'
 * test/unit/sample-snapshots.js): a ringing inbound voice contact is `connecting` and is a call while it
 * rings; a queued callback (`incoming`, then `connecting`) never is; ended contacts are no call.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENT_UPDATE, callFromAgentSnapshot, callFromConduitMessage, isConnectCcpOrigin } from '../../../../lib/adapters/connect-snapshot.ts';

type Snapshot = { contacts: { contactId: string; state: { type: string }; type: string }[] };
const FIXTURE = JSON.parse(readFileSync(new URL('../../../fixtures/crm/connect-snapshots.json', import.meta.url), 'utf8')) as { snapshots: Record<string, Snapshot> };
const S = FIXTURE.snapshots;
const snap = (name: string): Snapshot => structuredClone(S[name] as Snapshot);
const ID = 'amazon-connect-ccp';
const VOICE = S.inboundVoiceRinging?.contacts[0]?.contactId;

describe('callFromAgentSnapshot on Amazon-shaped snapshots', () => {
  it('a ringing inbound voice contact (state connecting) is a call while it rings', () => {
    expect(snap('inboundVoiceRinging').contacts[0]?.state.type).toBe('connecting');
    expect(callFromAgentSnapshot(snap('inboundVoiceRinging'), ID)).toEqual({ adapterId: ID, interactionId: VOICE, rawAni: '+17575550134' });
  });

  it('a connected inbound voice contact is the same call', () => {
    expect(callFromAgentSnapshot(snap('inboundVoiceConnected'), ID)).toEqual({ adapterId: ID, interactionId: VOICE, rawAni: '+17575550134' });
  });

  it.each(['queuedCallbackIncoming', 'queuedCallbackConnecting'])('%s: a queued callback is no call, whatever its state', (name) => {
    expect(snap(name).contacts[0]?.type).toBe('queue_callback');
    expect(callFromAgentSnapshot(snap(name), ID)).toBeNull();
  });

  it.each(['inboundVoiceEnded', 'noContacts', 'outboundVoice', 'monitoringVoice'])('%s: no call', (name) => {
    expect(callFromAgentSnapshot(snap(name), ID)).toBeNull();
  });

  it('a voice contact in the retired reading (state incoming) is not a call: voice skips incoming', () => {
    const s = snap('inboundVoiceRinging');
    (s.contacts[0] as { state: { type: string } }).state.type = 'incoming';
    expect(callFromAgentSnapshot(s, ID)).toBeNull();
  });

  it('a callback next to a ringing voice contact: the voice contact is the call', () => {
    const s = snap('queuedCallbackIncoming');
    s.contacts.push(...snap('inboundVoiceRinging').contacts);
    expect(callFromAgentSnapshot(s, ID)?.interactionId).toBe(VOICE);
  });

  it('no caller number (withheld or an endpoint without one): the call stands with a null number', () => {
    const s = snap('inboundVoiceRinging') as unknown as { contacts: { connections: { endpoint: { phoneNumber: string | null } }[] }[] };
    (s.contacts[0]?.connections[1] as { endpoint: { phoneNumber: string | null } }).endpoint.phoneNumber = null;
    expect(callFromAgentSnapshot(s, ID)).toEqual({ adapterId: ID, interactionId: VOICE, rawAni: null });
  });

  it.each([null, 42, 'x', {}, { contacts: 'x' }, { contacts: [null, 1, { type: 'voice', contactId: 'not-a-uuid', state: { type: 'connected' } }] }])(
    'malformed input %j: no call, no throw', (input) => {
      expect(callFromAgentSnapshot(input, ID)).toBeNull();
    });
});

describe('callFromConduitMessage', () => {
  const agentData = (name: string) => ({ snapshot: snap(name), configuration: { name: 'Agent' } });

  it('reads the agent snapshot of an agent::update message', () => {
    expect(callFromConduitMessage({ event: AGENT_UPDATE, data: agentData('inboundVoiceRinging') }, ID)?.interactionId).toBe(VOICE);
    expect(callFromConduitMessage({ event: AGENT_UPDATE, data: agentData('inboundVoiceEnded') }, ID)).toBeNull();
  });

  it.each([
    ['another event', { event: 'acknowledge', data: { id: 'port' } }],
    ['no snapshot', { event: AGENT_UPDATE, data: {} }],
    ['a bare snapshot', { event: AGENT_UPDATE, data: snap('inboundVoiceRinging') }],
    ['not an object', 'agent::update'],
  ])('%s: ignored (undefined), not "no call"', (_name, message) => {
    expect(callFromConduitMessage(message, ID)).toBeUndefined();
  });
});

describe('isConnectCcpOrigin', () => {
  it.each([
    ['https://acme.my.connect.aws', true], ['https://acme.awsapps.com', true], ['https://acme.my.govcloud.connect.aws', true],
    ['http://acme.my.connect.aws', false], ['https://acme.my.connect.aws.evil.io', false], ['https://evilmy.connect.aws', false],
    ['https://acme.lightning.force.com', false], ['null', false], ['https://acme.my.connect.aws/ccp-v2/', false],
  ])('%s → %s', (origin, ok) => expect(isConnectCcpOrigin(origin)).toBe(ok));
});
