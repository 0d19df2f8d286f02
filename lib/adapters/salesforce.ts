/**
 * Salesforce Lightning (hosts `*.lightning.force.com`, `*.my.salesforce.com`; sandboxes such as
 * `acme--uat.sandbox.lightning.force.com` are covered by the same wildcards).
 *
 * Assumed markup, and why: `data-target-selection-name="sfdc:RecordField.<Object>.<Field>"` is the
 * Lightning App Builder field id on record pages: stable across Salesforce releases, unlike generated
 * class names. Phone fields render `lightning-formatted-phone` (native shadow root in recent LWC) with a
 * `tel:` link; lookups render an `a[data-recordid]`. `records-record-layout-item[field-label]` is a
 * fallback for layouts without App Builder ids. `one-record-home-flexipage2` is the record page shell.
 */
import type { Adapter } from './types';

const LIGHTNING = ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'];
const field = (object: string, name: string): string => `[data-target-selection-name="sfdc:RecordField.${object}.${name}"]`;

/** Service Cloud Voice / Omni-Channel: the Voice Call record page opened for a ringing or connected call. */
export const salesforceVoiceCall: Adapter = {
  id: 'salesforce-voicecall',
  label: 'Salesforce Voice Call',
  matches: LIGHTNING,
  urlPattern: '^/lightning/r/VoiceCall/([A-Za-z0-9]{15,18})/view',
  callView: 'one-record-home-flexipage2',
  ani: [
    { selector: `${field('VoiceCall', 'FromPhoneNumber')} lightning-formatted-phone` },
    { selector: 'records-record-layout-item[field-label="From"] lightning-formatted-phone' },
    { selector: `${field('VoiceCall', 'FromPhoneNumber')} a[href^="tel:"]`, attribute: 'href' },
  ],
  // Orgs that store STIR/SHAKEN attestation on the Voice Call usually add a custom field with this name.
  attestation: { selector: `${field('VoiceCall', 'Attestation__c')} lightning-formatted-text`, pattern: '^\\s*([ABC])\\b' },
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
  callView: 'one-record-home-flexipage2',
  ani: [
    { selector: `${field('EngagementInteraction', 'PhoneNumber')} lightning-formatted-phone` },
    { selector: 'records-record-layout-item[field-label="Phone Number"] lightning-formatted-phone' },
  ],
  customerId: { selector: `${field('EngagementInteraction', 'InitiatingAttendeeId')} a[data-recordid]`, attribute: 'data-recordid' },
  recordUrl: '{origin}/lightning/r/Account/{customerId}/view',
};
