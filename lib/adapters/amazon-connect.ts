/**
 * Amazon Connect Contact Control Panel v2 (`<instance>.my.connect.aws/ccp-v2/`, older instances
 * `<instance>.awsapps.com/connect/ccp-v2/`), standalone or embedded in a CRM through Amazon Connect
 * Streams (an iframe: the background then mounts the panel in the top frame).
 *
 * Assumed markup, and why: the CCP is a React app with hashed class names; its elements carry
 * `data-testid` attributes (the CCP's own test ids). A voice contact card has the contact state
 * (`incoming`, `connected`) and type as attributes and the contact id (a UUID) as `data-contact-id`.
 * The contact id is the same one Contact Lens, the contact trace record and Streams' `contact.getContactId()`
 * use, so results can be joined with Connect's own reporting. After-call work (`ended`) no longer
 * matches; queued callbacks (another contact type) are not matched: the agent calls out, no inbound ANI.
 */
import type { Adapter } from './types';

/** An inbound voice contact that is incoming (ringing) or connected. */
export const amazonConnectCcp: Adapter = {
  id: 'amazon-connect-ccp',
  label: 'Amazon Connect CCP',
  matches: ['https://*.my.connect.aws/*', 'https://*.awsapps.com/*'],
  urlPattern: '^/(?:connect/)?ccp-v2(?:/|$)',
  callView: '[data-testid="contact-card"][data-contact-type="voice"]:is([data-contact-state="incoming"],[data-contact-state="connected"])',
  ani: [
    { selector: '[data-testid="contact-phone-number"]' },
    { selector: '[data-testid="contact-address"]', attribute: 'data-address', pattern: '^(?:tel:)?(.+)$' },
  ],
  interactionId: { selector: '[data-testid="contact-card"][data-contact-id]', attribute: 'data-contact-id', pattern: '^([0-9a-fA-F-]{36})$' },
};
