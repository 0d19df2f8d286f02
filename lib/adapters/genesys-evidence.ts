/**
 * The evidence of each Genesys Cloud selector and event (genesys.ts names it beside the selector). None of
 * the agent UI's selectors appears in Genesys' code, documents or any public automation of the agent UI
 * (searched: the Platform SDK, genesys-spark, public extensions and tests), so all are `unverified`: the
 * vendor routes are the notification channel (worker) and, in Salesforce, the client events (content).
 * Its own module, so the content script's bundle never carries it.
 */
import type { Evidence } from './types';

const none = (note: string): Evidence => ({ status: 'unverified', source: 'Genesys Cloud agent UI', file: '', note });
const E = {
  testIds: none('assumed: interaction-details / interaction-card / participant-address / interaction-address / caller-verification as data-test-id'),
  callAttributes: none('assumed: data-media-type, data-direction, data-state on the interaction element'),
  conversationId: none('assumed: the conversation UUID as data-conversation-id'),
  attestation: none('assumed: STIR/SHAKEN level as data-attestation'),
  version: none('assumed: the app version in <meta name="version">'),
  channel: {
    status: 'vendor-code', source: 'purecloud-platform-client-v2', file: 'index.d.ts',
    element: 'NotificationsApi.postNotificationsChannels, putNotificationsChannelSubscriptions; Models.ConversationCallEventTopicCallConversation',
    note: 'topic v2.users.{id}.conversations.calls, heartbeat channel.metadata (developer.genesys.cloud/notificationsalerts/notifications/)',
  },
  clientEventChannel: {
    status: 'vendor-doc', source: 'Genesys Cloud for Salesforce', file: 'help.mypurecloud.com/articles/events-in-salesforce/',
    note: 'Lightning message channel purecloud__ClientEvent__c (LMS or postMessage in Lightning Experience)',
  },
  clientEventData: {
    status: 'vendor-doc', source: 'Genesys Cloud Embeddable Framework', file: 'developer.genesys.cloud/platform/embeddable-framework/condensed-conversation-info',
    note: 'interaction fields ani, direction (Inbound/Outbound), isConnected, isDisconnected, phone',
  },
  clientEventWire: {
    status: 'public-automation', source: 'public Salesforce LWC handlers (GitHub)', file: '',
    note: "window message {methodName: 'publish', args: {eventName: 'purecloud__ClientEvent__c', message: {type: 'Interaction', category, data}}}; change carries data.old/new",
  },
} satisfies Record<string, Evidence>;

const UI = { callView: [E.testIds, E.callAttributes], 'ani[0]': [E.testIds], 'ani[1]': [E.testIds], interactionId: [E.testIds, E.conversationId], attestation: [E.testIds, E.attestation], version: [E.version] };

/** The evidence of each Genesys selector and event, by adapter id and source (`callView`, `ani[i]`, ..., `event:<kind>`). */
export function genesysEvidence(): Record<string, Record<string, readonly Evidence[]>> {
  return {
    'genesys-cloud': { ...UI, 'event:notification-channel': [E.channel] },
    'genesys-cloud-embedded': {
      ...UI, 'event:notification-channel': [E.channel],
      'event:gc-salesforce-client-event': [E.clientEventChannel, E.clientEventData, E.clientEventWire],
    },
  };
}
