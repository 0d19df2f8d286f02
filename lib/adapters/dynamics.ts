/**
 * Microsoft Dynamics 365 Customer Service (Customer Service workspace / Omnichannel), on
 * `<org>.crm.dynamics.com` and the regional `crmN.dynamics.com` hosts (crm4 = EMEA, crm11 = UK, ...).
 *
 * What is evidenced, and why it is used this way (each selector's source: dynamics-evidence.ts):
 * - The interaction id comes from the URL. An accepted conversation opens its Conversation record
 *   (table `msdyn_ocliveworkitem`, documented by Microsoft) as a Unified Interface record page, whose URL
 *   is documented as `main.aspx?...&pagetype=entityrecord&etn=<table>&id=<guid>`: the GUID is the
 *   conversation id, stable for the whole call, so no markup is needed for it.
 * - Unified Interface marks controls with `data-id` automation ids; Microsoft's own UI-test framework
 *   (EasyRepro, AppElementReference.cs) addresses the record form as `editFormRoot` and a field's value as
 *   `<field>.fieldControl...`. The caller number is the form's phone control inside that root.
 * - The incoming-call notification (`ocNotification`, its `field-*` rows and `data-liveworkitemid`) has no
 *   public source at all. It is kept only so a ringing call can open the panel before Accept, and is shown
 *   as unverified on the options page and in the admin guide; the accepted form does not depend on it.
 * Limit: the Conversation form is the same for every channel; a chat's form holds no phone control in the
 * form root, so it does not match.
 */
import type { Adapter } from './types';

const REGIONS = ['crm', 'crm2', 'crm3', 'crm4', 'crm5', 'crm6', 'crm7', 'crm8', 'crm9', 'crm11', 'crm12', 'crm14', 'crm15', 'crm16', 'crm17', 'crm19', 'crm20', 'crm21'];

/** Host patterns of every Dynamics 365 region we know of. */
export const DYNAMICS_MATCHES: readonly string[] = REGIONS.map((r) => `https://*.${r}.dynamics.com/*`);

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** Any query parameter position; `[^#]` keeps the match inside the query string. */
const PARAM = '(?:[^#]*&)?';

/**
 * `/main.aspx`, and when the query names the Conversation table, its record id as capture group 1 (braces
 * allowed, raw or percent-encoded). Without it the id comes from the (unverified) notification.
 */
export const DYNAMICS_URL_PATTERN =
  `^/main\\.aspx(?:\\?(?=${PARAM}etn=msdyn_ocliveworkitem(?:[&#]|$))${PARAM}id=(?:%7B|\\{)?(${GUID}))?`;

/** The accepted voice conversation's record form, then the Omnichannel incoming-call notification. */
export const dynamicsOmnichannel: Adapter = {
  id: 'dynamics-omnichannel',
  label: 'Dynamics 365 Customer Service',
  matches: DYNAMICS_MATCHES,
  urlPattern: DYNAMICS_URL_PATTERN,
  callView: '[data-id="editFormRoot"]:has(input[data-id*=".fieldControl-phone-text-input"]), [data-id="ocNotification"][data-channel="voice"]',
  ani: [
    { selector: 'input[data-id*=".fieldControl-phone-text-input"]', attribute: 'value' },
    { selector: '[data-id="field-phoneNumber"] [data-id="field-value"]' },
  ],
  interactionId: { selector: '[data-id="ocNotification"][data-liveworkitemid]', attribute: 'data-liveworkitemid', pattern: `^\\{?(${GUID})\\}?$` },
};
