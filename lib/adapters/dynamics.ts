/**
 * Microsoft Dynamics 365 Customer Service (Customer Service workspace / Omnichannel), on
 * `<org>.crm.dynamics.com` and the regional `crmN.dynamics.com` hosts (crm4 = EMEA, crm11 = UK, ...).
 *
 * What is evidenced, and why it is used this way (each part's sources: dynamics-evidence.ts):
 * - The interaction id comes from the URL. An accepted conversation opens its Conversation record (table
 *   `msdyn_ocliveworkitem`) as a record page, whose URL Microsoft documents as
 *   `main.aspx?...&pagetype=entityrecord&etn=<table>&id=<guid>` and Microsoft's Omnichannel integration
 *   tests open the same way: the GUID is the conversation id, stable for the whole call.
 * - Unified Interface marks controls with `data-id` automation ids; Microsoft's EasyRepro addresses the
 *   record form as `editFormRoot` and a field's input as `<field>.fieldControl...`, and reads a field from
 *   its input's value; public suites address phone fields as `<field>.fieldControl-phone-text-input`. The
 *   caller number is that phone input inside the form root.
 * - Ringing calls are not recognised. Microsoft's own tests show the incoming notification as
 *   `#popupNotificationRoot` with header, body rows and Accept, and no conversation id in it; the
 *   `ocNotification` / `data-liveworkitemid` markup assumed before appears nowhere public. Identifying the
 *   caller while it rings would need the number, and nothing public shows it there: the documented
 *   notification fields have no phone-number slug (what was read: DYNAMICS_RINGING_SEARCH). The panel opens
 *   at Accept, when the record's URL carries the id.
 * Limit: the Conversation form is shared by every channel; an accepted chat whose form shows a phone field
 * is taken for a call (nothing public in the form's markup names the channel).
 */
import type { Adapter } from './types';

const REGIONS = ['crm', 'crm2', 'crm3', 'crm4', 'crm5', 'crm6', 'crm7', 'crm8', 'crm9', 'crm11', 'crm12', 'crm14', 'crm15', 'crm16', 'crm17', 'crm19', 'crm20', 'crm21'];

/** Host patterns of every Dynamics 365 region we know of. */
export const DYNAMICS_MATCHES: readonly string[] = REGIONS.map((r) => `https://*.${r}.dynamics.com/*`);

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** Any query parameter position; `[^#]` keeps the match inside the query string. */
const PARAM = '(?:[^#]*&)?';

/** A Conversation record page; capture group 1 is its id (braces allowed, raw or percent-encoded). */
export const DYNAMICS_URL_PATTERN = `^/main\\.aspx\\?(?=${PARAM}etn=msdyn_ocliveworkitem(?:[&#]|$))${PARAM}id=(?:%7B|\\{)?(${GUID})`;

/** The phone input of a Unified Interface form (the conversation's customer, in the form or a quick view). */
const PHONE_INPUT = 'input[data-id*=".fieldControl-phone-text-input"]';

/** The accepted voice conversation's record form. */
export const dynamicsOmnichannel: Adapter = {
  id: 'dynamics-omnichannel',
  label: 'Dynamics 365 Customer Service',
  matches: DYNAMICS_MATCHES,
  urlPattern: DYNAMICS_URL_PATTERN,
  callView: `[data-id="editFormRoot"]:has(${PHONE_INPUT})`,
  ani: [{ selector: PHONE_INPUT, attribute: 'value' }],
};
