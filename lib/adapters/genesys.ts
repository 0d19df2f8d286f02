/**
 * Genesys Cloud: the agent UI at `apps.mypurecloud.com` and its regional hosts (`apps.mypurecloud.ie`,
 * `.de`, `.jp`, `.com.au`, newer regions under `*.pure.cloud`, e.g. `apps.usw2.pure.cloud`), and the
 * embeddable client that Genesys Cloud for Salesforce (and other CRM integrations) put in a cross-origin
 * iframe (`https://apps.mypurecloud.com/crm/...`). The content script runs in that iframe too
 * (`allFrames`), reports the call, and the background mounts the panel in the tab's top frame.
 *
 * Assumed markup, and why: Genesys' web apps mark testable elements with `data-test-id` and keep the
 * conversation id (a UUID) on the interaction element as `data-conversation-id`; the direction and state
 * (`alerting`, `connected`) are attributes, so inbound ringing/connected calls are one selector. Spark
 * `gux-*` components use open shadow roots. STIR/SHAKEN is shown as a badge with `data-attestation`.
 * The app version is in `<meta name="version">`. Class names are hashed per build and never used.
 */
import type { Adapter } from './types';

const GENESYS = [
  'https://apps.mypurecloud.com/*', 'https://apps.mypurecloud.ie/*', 'https://apps.mypurecloud.de/*',
  'https://apps.mypurecloud.jp/*', 'https://apps.mypurecloud.com.au/*', 'https://*.pure.cloud/*',
];
const INBOUND_CALL = '[data-media-type="call"][data-direction="inbound"]:is([data-state="alerting"],[data-state="connected"])';
const UUID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';

/** The Genesys Cloud agent UI: the selected interaction's details for an inbound call. */
export const genesysCloud: Adapter = {
  id: 'genesys-cloud',
  label: 'Genesys Cloud',
  matches: GENESYS,
  urlPattern: '^/directory/',
  callView: `[data-test-id="interaction-details"]${INBOUND_CALL}`,
  ani: [
    { selector: '[data-test-id="participant-address"]', attribute: 'data-address', pattern: '^(?:tel:)?(.+)$' },
    { selector: '[data-test-id="participant-address"]' },
  ],
  interactionId: { selector: '[data-test-id="interaction-details"][data-conversation-id]', attribute: 'data-conversation-id', pattern: UUID },
  attestation: { selector: '[data-test-id="caller-verification"]', attribute: 'data-attestation' },
  version: { selector: 'meta[name="version"]', attribute: 'content' },
};

/** The embeddable Genesys Cloud client (softphone) inside a CRM, e.g. the Salesforce utility bar. */
export const genesysEmbedded: Adapter = {
  id: 'genesys-cloud-embedded',
  label: 'Genesys Cloud softphone (embedded)',
  matches: GENESYS,
  urlPattern: '^/crm/',
  callView: `[data-test-id="interaction-card"]${INBOUND_CALL}`,
  ani: [
    { selector: '[data-test-id="interaction-address"]', attribute: 'data-address', pattern: '^(?:tel:)?(.+)$' },
    { selector: '[data-test-id="interaction-address"]' },
  ],
  interactionId: { selector: '[data-test-id="interaction-card"][data-conversation-id]', attribute: 'data-conversation-id', pattern: UUID },
  attestation: { selector: '[data-test-id="caller-verification"]', attribute: 'data-attestation' },
  version: { selector: 'meta[name="version"]', attribute: 'content' },
};
