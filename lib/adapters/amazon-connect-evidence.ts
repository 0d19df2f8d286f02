/**
 * The evidence of each Amazon Connect selector, URL and event (amazon-connect.ts names it beside the
 * source): Amazon's own Streams package (npm `amazon-connect-streams`: file, symbol and a verbatim
 * quote a unit test finds in the installed file), Amazon's documents, and the DOM assumptions nothing
 * public shows (`unverified`). Its own module, so the content script's bundle never carries it.
 */
import type { Evidence } from './types';

/** A citation with the text the cited file contains verbatim (checked by a unit test for package files). */
export type ConnectEvidence = Evidence & { quote?: string };

const PKG = 'amazon-connect-streams';
const streams = (element: string, quote: string, note?: string): ConnectEvidence =>
  ({ status: 'vendor-code', source: PKG, file: 'release/connect-streams.js', element, quote, ...(note ? { note } : {}) });
const types = (element: string, quote: string, note?: string): ConnectEvidence =>
  ({ status: 'vendor-code', source: PKG, file: 'src/index.d.ts', element, quote, ...(note ? { note } : {}) });

const E = {
  agentUpdate: streams('connect.AgentEvents.UPDATE', "var AgentEvents = connect.makeNamespacedEnum('agent', ['init', 'update',", 'agent + update: agent::update'),
  namespaced: streams('connect.makeNamespacedEnum', 'connect.sprintf("%s::%s", prefix, enumObj[key])'),
  workerSends: streams('ClientEngine.prototype.updateAgent (shared worker)', 'this.conduit.sendDownstream(connect.AgentEvents.UPDATE, this.agent);', 'the agent data: {snapshot, configuration}'),
  ccpToParent: streams('connect.core.initSharedWorker', 'new connect.WindowIOStream(window, parent)', "the CCP's conduit writes to its parent window (postMessage, target '*')"),
  message: streams('Conduit.prototype.passUpstream', 'self.upstream.send({\n        event: eventName,\n        data: data\n      });', 'every conduit message is {event, data}'),
  embedderReads: streams('WindowIOStream.prototype.onMessage', 'if (message.source === _this.output) {', 'Streams itself accepts only messages from the CCP iframe it created'),
  ccpDomains: streams('isConnectDomain', '.connect.aws.a2z.com|.my.connect.aws|.govcloud.connect.aws|.awsapps.com', 'the CCP hosts Streams recognises'),
  snapshotShape: streams('GetAgentSnapshot output', '"required":["contactId","type","state","connections","attributes"]'),
  connectionShape: streams('GetAgentSnapshot output', '"required":["connectionId","state","type","initial"]'),
  voiceConnecting: types('ContactStateType.CONNECTING', 'For `ContactType.VOICE` contacts, this is when the user will accept the incoming call.'),
  incomingIsCallbacks: types('ContactStateType.INCOMING', 'This state is skipped for `ContactType.VOICE` contacts but is essential for `ContactType.QUEUE_CALLBACK` contacts.'),
  connected: types('ContactStateType.CONNECTED', '/** Indicates the contact is connected. */'),
  voice: types('ContactType.VOICE', '/** Normal incoming and outgoing voice calls. */'),
  callback: types('ContactType.QUEUE_CALLBACK', 'Special outbound voice calls which are routed to agents before being placed.'),
  inbound: types('ConnectionType.INBOUND', '/** An inbound connection, usually representing an inbound call. */'),
  phoneEndpoint: types('EndpointType.PHONE_NUMBER', 'PHONE_NUMBER = "phone_number",'),
  phoneNumber: types('Endpoint.phoneNumber', 'readonly phoneNumber: string;'),
  contactId: types('Contact.contactId', 'readonly contactId: string;'),
  ccpUrl: { status: 'vendor-doc', source: PKG, file: 'README.md', element: 'initCCP example', quote: 'https://my-instance-domain.my.connect.aws/ccp-v2/' },
  agentWorkspaceUrl: {
    status: 'vendor-doc', source: 'Amazon Connect Administrator Guide', file: '',
    note: 'Access Connect assistant in the agent workspace: https://<instance>.my.connect.aws/agent-app-v2/ and https://<instance>.awsapps.com/connect/agent-app-v2/',
  },
  samples: {
    status: 'vendor-code', source: 'github.com/amazon-connect/amazon-connect-streams', file: 'test/unit/sample-snapshots.js',
    note: 'Amazon\'s sample snapshots (not in the npm package): inbound voice contact state connecting; queued callback incoming then connecting. Our fixtures follow their shape.',
  },
  ccpDom: {
    status: 'unverified', source: 'Amazon Connect CCP v2', file: '',
    note: 'assumed: data-testid contact-card / contact-phone-number / contact-address with data-contact-* attributes; no public code, document or automation shows them',
  },
} satisfies Record<string, ConnectEvidence>;

/**
 * The evidence of the Amazon Connect adapter, by source: `callView`, `ani[i]`, `interactionId` (the DOM
 * fallback), `urlPattern`, and `events.connect-conduit` (the Streams conduit and what counts as a call).
 */
export function amazonConnectEvidence(): Record<string, Record<string, readonly ConnectEvidence[]>> {
  return {
    'amazon-connect-ccp': {
      urlPattern: [E.ccpUrl, E.agentWorkspaceUrl],
      callView: [E.ccpDom, E.voiceConnecting, E.connected],
      'ani[0]': [E.ccpDom],
      'ani[1]': [E.ccpDom],
      interactionId: [E.ccpDom, E.contactId],
      'events.connect-conduit': [
        E.agentUpdate, E.namespaced, E.workerSends, E.ccpToParent, E.message, E.embedderReads, E.ccpDomains,
        E.snapshotShape, E.connectionShape, E.voiceConnecting, E.incomingIsCallbacks, E.connected, E.voice, E.callback,
        E.inbound, E.phoneEndpoint, E.phoneNumber, E.contactId, E.samples,
      ],
    },
  };
}
