/**
 * The evidence of each Dynamics 365 selector and of the URL the interaction id comes from
 * (dynamics.ts): Microsoft's EasyRepro element references (quoted XPath, translated to the CSS we use),
 * Microsoft's documents, public Selenium suites for Unified Interface, and the parts nobody public shows.
 * Its own module, so the content script's bundle never carries it; a unit test checks that every selector
 * and every `data-id` it tests has evidence here.
 */
import type { Evidence } from './types';

const EASYREPRO = 'microsoft/EasyRepro';
const APP_REFS = 'Microsoft.Dynamics365.UIAutomation.Api.UCI/DTO/AppElementReference.cs';

/** An EasyRepro element reference: its key, the CSS we derive, and the XPath it holds (in the note). */
const easyRepro = (element: string, css: string, xpath: string): Evidence => ({ status: 'vendor-code', source: EASYREPRO, file: APP_REFS, element, css, note: `XPath ${xpath}` });
const notification = (css: string): Evidence => ({ status: 'unverified', source: 'Omnichannel incoming-conversation notification', file: '', css, note: 'no public page object, document or automation shows this markup; kept for ringing calls only' });

const E = {
  formRoot: easyRepro('Entity_FormContainer', '[data-id="editFormRoot"]', "//*[@data-id='editFormRoot']"),
  fieldValue: easyRepro('Entity_TextFieldValue', 'input[data-id*=".fieldControl"]', ".//input[contains(@data-id, '[NAME].fieldControl')]"),
  phoneInput: {
    status: 'public-automation', source: 'public Selenium page objects for Dynamics 365 (contact and quick-view forms)', file: '',
    css: 'input[data-id="telephone1.fieldControl-phone-text-input"]',
    note: "XPaths //input[@data-id='telephone1.fieldControl-phone-text-input'], //input[@data-id='mobilephone.fieldControl-phone-text-input'] and, in a quick view, MemberContactQuickview.mobilephone.fieldControl-phone-text-input; the value read as the input's value",
  },
  recordUrl: { status: 'vendor-doc', source: 'Microsoft Learn: Open apps, forms, views, dialogs and reports with a URL', file: '', css: 'main.aspx?pagetype=entityrecord&etn=<table>&id=<guid>' },
  conversationTable: { status: 'vendor-doc', source: 'Microsoft Learn: msdyn_ocliveworkitem (Conversation) table reference', file: '', css: 'etn=msdyn_ocliveworkitem', note: 'the Omnichannel conversation, one per call; its record id is the conversation id' },
  ocNotification: notification('[data-id="ocNotification"][data-channel="voice"]'),
  notificationField: notification('[data-id="field-phoneNumber"] [data-id="field-value"]'),
  liveWorkItemId: notification('[data-id="ocNotification"][data-liveworkitemid]'),
} satisfies Record<string, Evidence>;

/** The evidence of each Dynamics 365 selector, by adapter id and source (`urlPattern`, `callView`, `ani[i]`, `interactionId`). */
export function dynamicsEvidence(): Record<string, Record<string, readonly Evidence[]>> {
  return {
    'dynamics-omnichannel': {
      urlPattern: [E.recordUrl, E.conversationTable],
      callView: [E.formRoot, E.fieldValue, E.phoneInput, E.ocNotification],
      'ani[0]': [E.fieldValue, E.phoneInput],
      'ani[1]': [E.notificationField],
      interactionId: [E.liveWorkItemId],
    },
  };
}
