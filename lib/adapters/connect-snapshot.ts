/**
 * Amazon Connect Streams' agent data as the CCP sends it to the page that embeds it: the CCP's conduit
 * posts `{event: 'agent::update', data: {snapshot, configuration}}` to its parent window on every change
 * (amazon-connect-streams: `connect.AgentEvents.UPDATE`, `Conduit.prototype.sendUpstream`,
 * `WindowIOStream.prototype.send`). This module turns one such message into the call it shows, or null.
 *
 * What counts as a call, per Streams' own types (src/index.d.ts): a `voice` contact (`queue_callback`
 * is a callback the agent places: no inbound caller) whose state is `connecting` (a ringing inbound
 * voice contact: voice contacts skip `incoming`, which belongs to callbacks) or `connected`, whose
 * initial connection is `inbound` (not an outbound dial, not a supervisor's `monitoring`). The caller
 * number is that connection's `endpoint.phoneNumber` (E.164), the interaction id the contact id.
 * The evidence of each event and field, quoted from the installed package: amazon-connect-evidence.ts.
 */
import type { DetectedCall } from './types';
import { matchesAny } from '../match-pattern';
import { isObject } from '../values';

/** The Streams event that carries the agent snapshot (`connect.AgentEvents.UPDATE`). */
export const AGENT_UPDATE = 'agent::update';

/**
 * Where a CCP is served: the hosts Streams itself treats as Connect domains (`isConnectDomain` in
 * release/connect-streams.js), minus Amazon's internal `connect.aws.a2z.com` test stage.
 */
export const CONNECT_CCP_HOSTS: readonly string[] = ['https://*.my.connect.aws/*', 'https://*.govcloud.connect.aws/*', 'https://*.awsapps.com/*'];

/** Whether a message origin (`https://host[:port]`) is a CCP's. */
export function isConnectCcpOrigin(origin: string): boolean {
  return /^https:\/\/[^/]+$/.test(origin) && matchesAny(CONNECT_CCP_HOSTS, `${origin}/`);
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (isObject(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const stateOf = (v: unknown): string | null => str(obj(obj(v)?.state)?.type);

const CONTACT_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const CALL_STATES = new Set(['connecting', 'connected']);

/** The inbound call one contact of a snapshot is, or null (another type, state or direction). */
function callOfContact(contact: Obj, adapterId: string): DetectedCall | null {
  const contactId = str(contact.contactId);
  if (contact.type !== 'voice' || !contactId || !CONTACT_ID.test(contactId)) return null;
  if (!CALL_STATES.has(stateOf(contact) ?? '')) return null;
  const connections = Array.isArray(contact.connections) ? contact.connections.map(obj).filter((c): c is Obj => !!c) : [];
  const initial = connections.find((c) => c.initial === true);
  if (initial?.type !== 'inbound') return null;
  const endpoint = obj(initial.endpoint);
  const phone = endpoint?.type === 'phone_number' ? str(endpoint.phoneNumber)?.trim() : null;
  return { adapterId, interactionId: contactId, rawAni: phone ? phone.slice(0, 64) : null };
}

/** The call an agent snapshot (`{contacts: [...]}`) shows: the first inbound voice contact ringing or connected. */
export function callFromAgentSnapshot(snapshot: unknown, adapterId: string): DetectedCall | null {
  const contacts = obj(snapshot)?.contacts;
  if (!Array.isArray(contacts)) return null;
  for (const c of contacts) {
    const contact = obj(c);
    const call = contact && callOfContact(contact, adapterId);
    if (call) return call;
  }
  return null;
}

/**
 * The call a conduit message shows: undefined when the message is not an agent update with a snapshot
 * (ignore it: Streams sends many other events), else the call or null (no call any more).
 */
export function callFromConduitMessage(data: unknown, adapterId: string): DetectedCall | null | undefined {
  const message = obj(data);
  if (message?.event !== AGENT_UPDATE) return undefined;
  const snapshot = obj(obj(message.data)?.snapshot);
  if (!snapshot || !Array.isArray(snapshot.contacts)) return undefined;
  return callFromAgentSnapshot(snapshot, adapterId);
}
