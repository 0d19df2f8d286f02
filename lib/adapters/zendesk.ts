/**
 * Zendesk Agent Workspace with Zendesk Talk (`<subdomain>.zendesk.com/agent/...`).
 *
 * What is evidenced, and why it is used this way (each selector's source: zendesk-evidence.ts):
 * - Call state: the agent apps mark elements with `data-test-id`; public extensions tell a live call by
 *   the in-ticket call controls (`call-control-buttons-container`, `ticket-call-controls-hang-up`), which
 *   exist only while a call is connected. A ringing call has no evidenced markup, so the adapter starts at
 *   Accept; the Talk call console's own ids (`talk-call-console`, `data-call-sid`) appear nowhere public.
 * - Interaction id: the ticket id from `/agent/tickets/<id>`. Zendesk documents that accepting an incoming
 *   call creates the call's ticket, which the workspace opens; from Accept to the end of the call that id
 *   is stable and the URL carries it, so no markup is needed. A Talk call SID would be stabler (it exists
 *   while ringing) but the page shows none publicly. The call view is the call ticket's own pane, so it is
 *   hidden, and not paired with another ticket's id, while the agent looks at another ticket tab (that the
 *   controls sit inside the pane is assumed: unverified).
 * - Caller number: Zendesk documents that the call's ticket holds the number the call was made from, in
 *   the voice comment of the ticket's conversation log (`omni-log-container`, read by public userscripts
 *   inside `[data-ticket-id]`). That the number renders as a dial link there is not shown publicly
 *   (unverified). The documented, stabler source is the ticket's `via.source.from.phone` in the Support
 *   API; reading it needs a content-script event source, not a selector.
 */
import type { Adapter } from './types';

/** The in-ticket call controls public automation uses to tell a live call. */
const LIVE_CALL = '[data-test-id="ticket-call-controls-hang-up"], [data-test-id="call-control-buttons-container"]';

/** The accepted Talk call's ticket, while its call controls show. */
export const zendeskTalk: Adapter = {
  id: 'zendesk-talk',
  label: 'Zendesk Talk',
  matches: ['https://*.zendesk.com/*'],
  urlPattern: '^/agent/tickets/(\\d+)(?:[/?#]|$)',
  callView: `[data-ticket-id]:has(${LIVE_CALL})`,
  ani: [
    { selector: '[data-test-id="omni-log-container"] a[href^="tel:"]' },
  ],
};
