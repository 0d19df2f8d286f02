/**
 * Salesforce Lightning (hosts `*.lightning.force.com`, `*.my.salesforce.com`; sandboxes such as
 * `acme--uat.sandbox.lightning.force.com` are covered by the same wildcards).
 *
 * Markup, per Salesforce's own UTAM page objects (npm `salesforce-pageobjects`; the evidence of each selector,
 * package + file + UTAM element and CSS, is data in salesforce-evidence.ts, named in a comment beside the
 * selector; a unit test checks every citation against the package's JSON): a record page
 * (`one-record-home-flexipage2`) lays fields out as `records-record-layout-item`s, each value slotted in a
 * `[slot="outputField"]` child; a phone is `records-output-phone` with `lightning-formatted-phone` in its
 * shadow root, whose `tel:` link carries the stored value; a lookup is `force-lookup` →
 * `records-hoverable-link` → a link to `/lightning/r/<Object>/<id>/view`. Dynamic Forms pages place
 * fields as `flexipage-field[data-field-id]`. Selectors name fields by API name (the App Builder id
 * `sfdc:RecordField.<Object>.<Field>`, the Dynamic Forms field id); the layout item's `field-label` is
 * translated, so labels are only the last fallback. Descendant combinators cross shadow roots
 * (lib/dom/deep-selector.ts), so native and synthetic shadow orgs read the same selectors.
 */
import type { Adapter, ValueSource } from './types';

const LIGHTNING = ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'];
const field = (object: string, name: string): string => `[data-target-selection-name="sfdc:RecordField.${object}.${name}"]`;
const dynamic = (name: string): string => `flexipage-field[data-field-id="Record${name}Field"]`;

/** Where a phone field's number is, most specific first; `labels` (translated) only as the last resort. */
function phoneSources(object: string, name: string, labels: readonly string[]): ValueSource[] {
  return [
    // evidence: appBuilderId, targetName, outputField, outputPhone, formattedPhone
    { selector: `${field(object, name)} [slot="outputField"] records-output-phone lightning-formatted-phone` },
    // evidence: fieldById, dynamicFieldId, recordField, formattedPhone
    { selector: `${dynamic(name)} records-output-phone lightning-formatted-phone` },
    // Items that render the phone themselves (in their own shadow root, or without records-output-phone).
    // evidence: appBuilderId, itemPhone
    { selector: `${field(object, name)} lightning-formatted-phone` },
    // evidence: rowItems, itemPhone
    { selector: labels.map((l) => `records-record-layout-item[field-label="${l}"] lightning-formatted-phone`).join(', '), lastResort: true },
  ];
}

/** A lookup field's record id, read from its record link (`/lightning/r/<Object>/<id>/view`). */
function lookupSource(object: string, name: string): ValueSource {
  const link = 'a[href*="/lightning/r/"]'; // evidence: appBuilderId, fieldById, hoverLink, link
  return {
    selector: `${field(object, name)} ${link}, ${dynamic(name)} ${link}`,
    attribute: 'href',
    pattern: '/lightning/r/[A-Za-z0-9_]+/([^/?#]+)/view',
  };
}

/** Field labels per language, for the label fallback only (orgs in other languages: API names above). */
export const SALESFORCE_LABELS = { from: ['From'], phoneNumber: ['Phone Number'] } as const;

/** Service Cloud Voice / Omni-Channel: the Voice Call record page opened for a ringing or connected call. */
export const salesforceVoiceCall: Adapter = {
  id: 'salesforce-voicecall',
  label: 'Salesforce Voice Call',
  matches: LIGHTNING,
  urlPattern: '^/lightning/r/VoiceCall/([A-Za-z0-9]{15,18})/view',
  callView: 'one-record-home-flexipage2', // evidence: recordHome
  ani: phoneSources('VoiceCall', 'FromPhoneNumber', SALESFORCE_LABELS.from),
  // Orgs that store STIR/SHAKEN attestation on the Voice Call usually add a custom field with this name.
  attestation: { // evidence: appBuilderId, fieldById, itemText
    selector: `${field('VoiceCall', 'Attestation__c')} lightning-formatted-text, ${dynamic('Attestation__c')} lightning-formatted-text`,
    pattern: '^\\s*([ABC])\\b',
  },
  recordUrl: '{origin}/lightning/r/Account/{customerId}/view',
};

/**
 * Engagement Interaction record page (Industries clouds; created by Open CTI for a call, or by hand for an
 * in-person visit). `PhoneNumber` holds the caller number (empty for in-person visits: the panel then opens
 * at the search step); `InitiatingAttendeeId` is a lookup whose record id is the customer id the
 * verification API knows, so the customer is pre-selected and no search is needed.
 */
export const salesforceEngagement: Adapter = {
  id: 'salesforce-engagement',
  label: 'Salesforce Engagement Interaction',
  matches: LIGHTNING,
  urlPattern: '^/lightning/r/EngagementInteraction/([A-Za-z0-9]{15,18})/view',
  callView: 'one-record-home-flexipage2', // evidence: recordHome
  ani: phoneSources('EngagementInteraction', 'PhoneNumber', SALESFORCE_LABELS.phoneNumber),
  customerId: lookupSource('EngagementInteraction', 'InitiatingAttendeeId'),
  recordUrl: '{origin}/lightning/r/Account/{customerId}/view',
};
