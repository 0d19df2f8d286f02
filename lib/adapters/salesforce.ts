/**
 * Salesforce Lightning, Voice Call record page (Service Cloud Voice / Omni-Channel).
 * `data-target-selection-name` is the Lightning App Builder field id: stable across Salesforce releases,
 * unlike generated class names. The `field-label` and `tel:` link sources are fallbacks.
 */
import type { Adapter } from './types';

export const salesforceVoiceCall: Adapter = {
  id: 'salesforce-voicecall',
  label: 'Salesforce Voice Call',
  matches: ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'],
  urlPattern: '^/lightning/r/VoiceCall/([A-Za-z0-9]{15,18})/view',
  callView: 'one-record-home-flexipage2',
  ani: [
    { selector: '[data-target-selection-name="sfdc:RecordField.VoiceCall.FromPhoneNumber"] lightning-formatted-phone' },
    { selector: 'records-record-layout-item[field-label="From"] lightning-formatted-phone' },
    { selector: '[data-target-selection-name="sfdc:RecordField.VoiceCall.FromPhoneNumber"] a[href^="tel:"]', attribute: 'href' },
  ],
  // Orgs that store STIR/SHAKEN attestation on the Voice Call usually add a custom field with this name.
  attestation: { selector: '[data-target-selection-name="sfdc:RecordField.VoiceCall.Attestation__c"] lightning-formatted-text', pattern: '^\\s*([ABC])\\b' },
  recordUrl: '{origin}/lightning/r/Account/{customerId}/view',
};
