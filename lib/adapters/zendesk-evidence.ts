/**
 * The evidence of each Zendesk Talk selector and of the URL the interaction id comes from (zendesk.ts):
 * Zendesk's documents, and public extensions and userscripts that read the Agent Workspace by its
 * `data-test-id`s. Its own module, so the content script's bundle never carries it; a unit test checks
 * that every selector and every test id it uses has evidence here.
 */
import type { Evidence } from './types';

/** "Ticket Telemetry", a public Chrome extension that times Talk calls from these controls (calibrated on logs). */
const TELEMETRY = 'PhilFox47/ZendeskCounter@e54f022918c2e7581c8adfee17f63c4fab37d593';
/** A public userscript for a Zendesk Agent Workspace (github.com/Hefestos-F/cc-result-monk). */
const USERSCRIPT = 'Hefestos-F/cc-result-monk';
const TALK_TICKETS = 'https://support.zendesk.com/hc/en-us/articles/4408821302810';

const control = (css: string): Evidence => ({
  status: 'public-automation', source: TELEMETRY, file: 'content.js (CALL_SELECTORS), README.md "Active chat / phone time"', css,
  note: 'in-call controls that exist only during a live call (with talk-agent-status-call-timer and ticket-call-controls-mute)',
});

const E = {
  hangUp: control('[data-test-id="ticket-call-controls-hang-up"]'),
  buttons: control('[data-test-id="call-control-buttons-container"]'),
  ticketPane: { status: 'public-automation', source: USERSCRIPT, file: 'testes.user.js', css: '[data-ticket-id="<id>"] [data-test-id="omni-log-container"]', note: 'a ticket\'s pane carries its id as data-ticket-id and holds its conversation log' },
  controlsInPane: { status: 'unverified', source: 'Agent Workspace layout', file: '', css: '[data-ticket-id]:has([data-test-id="ticket-call-controls-hang-up"])', note: 'assumed: the call controls render inside the call ticket\'s pane' },
  voiceComment: { status: 'vendor-doc', source: 'Zendesk help: Understanding how voice calls become tickets', file: TALK_TICKETS, note: 'the call\'s ticket contains the number the call was made from (the voice comment, formatted_from)' },
  dialLink: { status: 'unverified', source: 'Agent Workspace voice comment', file: '', css: '[data-test-id="omni-log-container"] a[href^="tel:"]', note: 'assumed: the voice comment shows the caller number as a dial link' },
  ticketOnAccept: { status: 'vendor-doc', source: 'Zendesk help: Understanding how voice calls become tickets', file: TALK_TICKETS, css: '/agent/tickets/<id>', note: 'a ticket is created when the agent accepts an incoming call' },
  ticketUrl: { status: 'public-automation', source: USERSCRIPT, file: 'testes.user.js', css: '[data-test-id="header-tab"][data-entity-id="<ticket id>"]', note: 'the open ticket tabs are keyed by ticket id, the id /agent/tickets/<id> shows' },
} satisfies Record<string, Evidence>;

/** The evidence of each Zendesk selector, by adapter id and source (`urlPattern`, `callView`, `ani[i]`). */
export function zendeskEvidence(): Record<string, Record<string, readonly Evidence[]>> {
  return {
    'zendesk-talk': {
      urlPattern: [E.ticketOnAccept, E.ticketUrl],
      callView: [E.hangUp, E.buttons, E.ticketPane, E.controlsInPane],
      'ani[0]': [E.ticketPane, E.voiceComment, E.dialLink],
    },
  };
}
