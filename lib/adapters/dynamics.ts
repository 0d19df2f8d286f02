/**
 * Microsoft Dynamics 365 Customer Service (Customer Service workspace / Omnichannel), on
 * `<org>.crm.dynamics.com` and the regional `crmN.dynamics.com` hosts (crm4 = EMEA, crm11 = UK, ...).
 *
 * Assumed markup, and why: Unified Interface marks controls with `data-id` (its automation id, kept across
 * releases, used by Microsoft's own EasyRepro tests) rather than stable classes. The Omnichannel
 * "incoming conversation" notification is an `alertdialog` (`data-id="ocNotification"`) listing the
 * notification template's fields, one `data-id="field-<name>"` each; the accepted conversation is the
 * active session's conversation summary (`data-id="conversation-summary"`). Both carry the Omnichannel
 * conversation (live work item) id, a GUID, as `data-liveworkitemid`.
 */
import type { Adapter } from './types';

const REGIONS = ['crm', 'crm2', 'crm3', 'crm4', 'crm5', 'crm6', 'crm7', 'crm8', 'crm9', 'crm11', 'crm12', 'crm14', 'crm15', 'crm16', 'crm17', 'crm19', 'crm20', 'crm21'];

/** Host patterns of every Dynamics 365 region we know of. */
export const DYNAMICS_MATCHES: readonly string[] = REGIONS.map((r) => `https://*.${r}.dynamics.com/*`);

/** The Omnichannel incoming-call notification, then the accepted call's conversation summary. */
export const dynamicsOmnichannel: Adapter = {
  id: 'dynamics-omnichannel',
  label: 'Dynamics 365 Customer Service',
  matches: DYNAMICS_MATCHES,
  urlPattern: '^/main\\.aspx',
  callView: '[data-id="ocNotification"][data-channel="voice"], [data-id="conversation-summary"][data-channel="voice"]',
  ani: [
    { selector: '[data-id="field-phoneNumber"] [data-id="field-value"]' },
    { selector: '[data-id="field-customerPhone"] a[href^="tel:"]', attribute: 'href' },
  ],
  interactionId: { selector: '[data-liveworkitemid]', attribute: 'data-liveworkitemid', pattern: '^\\{?([0-9a-fA-F-]{36})\\}?$' },
};
