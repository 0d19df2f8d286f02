/**
 * Genesys Cloud: the agent UI at `apps.mypurecloud.com` and its regional hosts (`apps.mypurecloud.ie`,
 * `.de`, `.jp`, `.com.au`, newer regions under `*.pure.cloud`, e.g. `apps.usw2.pure.cloud`), and the
 * embeddable client that Genesys Cloud for Salesforce (and other CRM integrations) put in a cross-origin
 * iframe (`https://apps.mypurecloud.com/crm/...`). The content script runs in that iframe too
 * (`allFrames`), reports the call, and the background mounts the panel in the tab's top frame.
 *
 * Vendor routes first: with the agent signed in to Genesys (policy `genesys`), the worker reads the agent's
 * calls from the Platform API notification channel (entrypoints/background/genesys-channel.ts); in
 * Salesforce, the Lightning page receives Genesys Cloud for Salesforce's `purecloud__ClientEvent__c`
 * interaction events (event source `gc-salesforce-client-event`, lib/genesys/client-event.ts), which is
 * why the embedded adapter also matches the Lightning hosts (its URL pattern keeps the DOM selectors to
 * the client's own `/crm/` pages).
 *
 * The DOM fallback below is unverified (genesys-evidence.ts): no public automation of the agent UI shows
 * these selectors. Assumed markup: `data-test-id` on testable elements, the conversation id (a UUID) as
 * `data-conversation-id`, direction and state (`alerting`, `connected`) as attributes, open shadow roots
 * in Spark `gux-*` components, a `data-attestation` badge, the version in `<meta name="version">`.
 */
import type { Adapter } from './types';

const GENESYS = [
  'https://apps.mypurecloud.com/*', 'https://apps.mypurecloud.ie/*', 'https://apps.mypurecloud.de/*',
  'https://apps.mypurecloud.jp/*', 'https://apps.mypurecloud.com.au/*', 'https://*.pure.cloud/*',
];
const LIGHTNING = ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'];
const INBOUND_CALL = '[data-media-type="call"][data-direction="inbound"]:is([data-state="alerting"],[data-state="connected"])';
const UUID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';

/** The Genesys Cloud agent UI: the selected interaction's details for an inbound call. */
export const genesysCloud: Adapter = {
  id: 'genesys-cloud',
  label: 'Genesys Cloud',
  matches: GENESYS,
  urlPattern: '^/directory/',
  callView: `[data-test-id="interaction-details"]${INBOUND_CALL}`, // evidence: testIds, callAttributes
  ani: [ // evidence: testIds
    { selector: '[data-test-id="participant-address"]', attribute: 'data-address', pattern: '^(?:tel:)?(.+)$' },
    { selector: '[data-test-id="participant-address"]' },
  ],
  interactionId: { selector: '[data-test-id="interaction-details"][data-conversation-id]', attribute: 'data-conversation-id', pattern: UUID }, // evidence: testIds, conversationId
  attestation: { selector: '[data-test-id="caller-verification"]', attribute: 'data-attestation' }, // evidence: testIds, attestation
  version: { selector: 'meta[name="version"]', attribute: 'content' }, // evidence: version
};

/** The embeddable Genesys Cloud client (softphone) inside a CRM, e.g. the Salesforce utility bar. */
export const genesysEmbedded: Adapter = {
  id: 'genesys-cloud-embedded',
  label: 'Genesys Cloud softphone (embedded)',
  // The Lightning hosts for the client events only: '^/crm/' never matches a Lightning page's path.
  matches: [...GENESYS, ...LIGHTNING],
  urlPattern: '^/crm/',
  events: ['gc-salesforce-client-event'],
  callView: `[data-test-id="interaction-card"]${INBOUND_CALL}`, // evidence: testIds, callAttributes
  ani: [ // evidence: testIds
    { selector: '[data-test-id="interaction-address"]', attribute: 'data-address', pattern: '^(?:tel:)?(.+)$' },
    { selector: '[data-test-id="interaction-address"]' },
  ],
  interactionId: { selector: '[data-test-id="interaction-card"][data-conversation-id]', attribute: 'data-conversation-id', pattern: UUID }, // evidence: testIds, conversationId
  attestation: { selector: '[data-test-id="caller-verification"]', attribute: 'data-attestation' }, // evidence: testIds, attestation
  version: { selector: 'meta[name="version"]', attribute: 'content' }, // evidence: version
};
