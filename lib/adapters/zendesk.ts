/**
 * Zendesk Agent Workspace with Zendesk Talk (`<subdomain>.zendesk.com/agent/...`).
 *
 * Assumed markup, and why: Zendesk's agent apps mark elements with `data-test-id` for their own UI tests
 * and build them from Garden components whose class names are generated. The Talk call console
 * (`data-test-id="talk-call-console"`) shows the call state, the caller number and keeps the Talk call
 * SID (Twilio-style `CA` + 32 hex digits) as `data-call-sid`, which is the interaction id. Not the ticket
 * id: a ringing call has no ticket yet, and Talk creates or links the ticket only when the agent accepts,
 * so the ticket URL (`/agent/tickets/<id>`) changes during the call while the SID does not. Calls in
 * wrap-up (`data-call-state="ended"`) no longer match: the panel stays, the worker records the end.
 */
import type { Adapter } from './types';

/** Zendesk Talk's call console for an inbound call that is ringing or connected. */
export const zendeskTalk: Adapter = {
  id: 'zendesk-talk',
  label: 'Zendesk Talk',
  matches: ['https://*.zendesk.com/*'],
  urlPattern: '^/agent(?:/|$)',
  callView: '[data-test-id="talk-call-console"][data-direction="inbound"]:is([data-call-state="ringing"],[data-call-state="connected"])',
  ani: [
    { selector: '[data-test-id="talk-caller-number"]' },
    { selector: '[data-test-id="talk-caller"] a[href^="tel:"]', attribute: 'href' },
  ],
  interactionId: { selector: '[data-test-id="talk-call-console"][data-call-sid]', attribute: 'data-call-sid', pattern: '^(CA[0-9a-f]{32})$' },
};
