/**
 * Amazon Connect: the Contact Control Panel v2 (`<instance>.my.connect.aws/ccp-v2/`, older instances
 * `<instance>.awsapps.com/connect/ccp-v2/`) and the Agent Workspace (`/agent-app-v2/`, which shows the
 * CCP in the same window), standalone or embedded through Amazon Connect Streams.
 *
 * Vendor events first: a page that embeds a CCP receives its conduit's `agent::update` messages (the
 * agent snapshot: contacts, connections, the caller's `endpoint.phoneNumber`); the `connect-conduit`
 * event source reads them passively (lib/adapters/connect-snapshot.ts says what counts as a call, from
 * Streams' own types: a ringing inbound voice contact is `connecting`; `incoming` is a queued
 * callback's state and callbacks are never calls). The contact id is the one Contact Lens, the contact
 * trace record and Streams' `contact.getContactId()` use, so results join Connect's own reporting.
 * This adapter declares the source for pages on Connect hosts (the Agent Workspace embedding its CCP); a
 * CRM page on another host that embeds a CCP is read only if that page's own adapter declares the source,
 * and the call then carries that adapter's id and host rules (the CCP frame itself is a sub-frame there,
 * whose calls the worker refuses for Connect: a tenant's host cannot be told from an attacker's).
 *
 * The DOM selectors are the fallback and are unverified: the CCP is a React app with hashed class names
 * and nothing public (Amazon's code, documents or anyone's automation) shows its test ids; we assume a
 * contact card carrying its type, state (Streams' state names) and contact id as attributes. The
 * evidence of every selector, URL and event is data in amazon-connect-evidence.ts (a unit test checks
 * its citations against the installed amazon-connect-streams package).
 */
import type { Adapter } from './types';

/** An inbound voice contact that is connecting (ringing) or connected, in the CCP or the Agent Workspace. */
export const amazonConnectCcp: Adapter = {
  id: 'amazon-connect-ccp',
  label: 'Amazon Connect CCP',
  matches: ['https://*.my.connect.aws/*', 'https://*.awsapps.com/*'],
  urlPattern: '^/(?:connect/)?(?:ccp-v2|agent-app-v2)(?:/|$)', // evidence: ccpUrl, agentWorkspaceUrl
  // evidence: ccpDom (unverified), voiceConnecting, connected
  callView: '[data-testid="contact-card"][data-contact-type="voice"]:is([data-contact-state="connecting"],[data-contact-state="connected"])',
  ani: [
    { selector: '[data-testid="contact-phone-number"]' }, // evidence: ccpDom (unverified)
    { selector: '[data-testid="contact-address"]', attribute: 'data-address', pattern: '^(?:tel:)?(.+)$' }, // evidence: ccpDom (unverified)
  ],
  // evidence: ccpDom (unverified), contactId
  interactionId: { selector: '[data-testid="contact-card"][data-contact-id]', attribute: 'data-contact-id', pattern: '^([0-9a-fA-F-]{36})$' },
  events: ['connect-conduit'],
};
