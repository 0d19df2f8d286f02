/**
 * Genesys Cloud notification channel, the parsing half: the topic we subscribe to for the signed-in agent,
 * and what one WebSocket frame means for us (a ringing or connected inbound call, its end, a heartbeat, or
 * nothing). Frames are JSON `{topicName, eventBody, ...}`; the body of `v2.users.{id}.conversations.calls`
 * is the SDK's ConversationCallEventTopicCallConversation, so a change of those published types (dev
 * dependency `purecloud-platform-client-v2`) breaks the typecheck here, not the agent's calls.
 */
import type * as gc from 'purecloud-platform-client-v2';
import { isObject } from '../values';

type CallConversation = gc.Models.ConversationCallEventTopicCallConversation;
type Participant = gc.Models.ConversationCallEventTopicCallMediaParticipant;

/** The channel's keep-alive topic (a heartbeat about every 30 s, and the close warning). */
export const METADATA_TOPIC = 'channel.metadata';

/** The topic of the agent's call conversations. */
export const callsTopic = (userId: string): string => `v2.users.${userId}.conversations.calls`;

/** An inbound call the agent's client shows: ringing (`alerting`) or answered (`connected`). */
export interface GenesysCall {
  conversationId: string;
  /** The customer's address as Genesys gives it, `tel:`/`sip:` taken off; null when it has none. */
  rawAni: string | null;
  state: 'alerting' | 'connected';
}

export type ChannelEvent =
  | { kind: 'heartbeat' }
  | { kind: 'call'; call: GenesysCall }
  | { kind: 'ended'; conversationId: string }
  | { kind: 'ignored' };

const IGNORED: ChannelEvent = { kind: 'ignored' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENDED_STATES = new Set(['disconnected', 'terminated']);
const CUSTOMER_PURPOSES = new Set(['customer', 'external']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The address without its URI scheme (`tel:+1555…` → `+1555…`, `sip:+1555@host` → `+1555`). */
export function addressNumber(address: string): string {
  const a = address.trim();
  if (/^tel:/i.test(a)) return a.slice(4).split(';')[0] ?? '';
  if (/^sips?:/i.test(a)) return (a.replace(/^sips?:/i, '').split(/[@;]/)[0] ?? '');
  return a;
}

/** The participant list of a calls-topic body, each field checked (the body is parsed JSON, typed by the SDK). */
function participantsOf(body: CallConversation): Participant[] {
  if (!Array.isArray(body.participants)) return [];
  return body.participants.filter(isObject).map((p) => {
    const out: Participant = {};
    out.purpose = str(p.purpose);
    out.state = str(p.state);
    out.direction = str(p.direction);
    out.address = str(p.address);
    out.ani = str(p.ani);
    out.user = isObject(p.user) ? { id: str(p.user.id) } : undefined;
    return out;
  });
}

/** What one calls-topic body says about the agent `userId`'s inbound call. */
export function callEvent(body: CallConversation, userId: string): ChannelEvent {
  const conversationId = str(body.id);
  if (!conversationId || !UUID.test(conversationId)) return IGNORED;
  const people = participantsOf(body);
  // The agent's own leg: its state is what the agent's client shows; the topic may also carry other agents (transfers).
  const mine = people.filter((p) => p.user?.id === userId && !CUSTOMER_PURPOSES.has(p.purpose ?? ''));
  const leg = mine.find((p) => !ENDED_STATES.has(p.state ?? '')) ?? mine.at(-1);
  if (!leg) return IGNORED;
  if (ENDED_STATES.has(leg.state ?? '')) return { kind: 'ended', conversationId };
  if (leg.direction !== 'inbound' || (leg.state !== 'alerting' && leg.state !== 'connected')) return IGNORED;
  const customer = people.find((p) => CUSTOMER_PURPOSES.has(p.purpose ?? ''));
  const address = customer?.address ?? customer?.ani;
  const rawAni = address ? addressNumber(address) || null : null;
  return { kind: 'call', call: { conversationId, rawAni, state: leg.state } };
}

/** Parse one WebSocket text frame of the channel for the agent `userId`. */
export function parseFrame(text: string, userId: string): ChannelEvent {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return IGNORED;
  }
  if (!isObject(frame)) return IGNORED;
  const topic = str(frame.topicName);
  if (topic === METADATA_TOPIC) return { kind: 'heartbeat' };
  // Only the agent's own topic: a channel shared by mistake, or another user's topic, never raises a call.
  if (topic !== callsTopic(userId) || !isObject(frame.eventBody)) return IGNORED;
  return callEvent(frame.eventBody as CallConversation, userId);
}
