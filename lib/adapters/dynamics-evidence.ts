/**
 * The evidence of each Dynamics 365 selector and of the URL the interaction id comes from
 * (dynamics.ts): Microsoft's EasyRepro (element references quoted as XPath, translated to the CSS we use),
 * Microsoft's documents, public UI-test suites, and what nobody public shows. Its own module, so the
 * content script's bundle never carries it; a unit test checks that every selector and every `data-id`
 * it tests has evidence here.
 */
import type { Evidence } from './types';

/** EasyRepro at the commit read (2023-07-26). */
const EASYREPRO = 'microsoft/EasyRepro@1935401875313a9059481d8af0a3708f66a3fe08';
const UCI = 'Microsoft.Dynamics365.UIAutomation.Api.UCI';
/** A public copy of Microsoft's Omnichannel Productivity Tools repository, with its integration tests. */
const OC_TESTS = 'MadhaviChidaraboyina/CRM.Omnichannel.ProductivityTools';

/** An EasyRepro element reference: its key, the CSS we derive, and the XPath it holds (in the note). */
const easyRepro = (element: string, css: string, xpath: string): Evidence => ({ status: 'vendor-code', source: EASYREPRO, file: `${UCI}/DTO/AppElementReference.cs`, element, css, note: `XPath ${xpath}` });

const E = {
  formRoot: easyRepro('Entity_FormContainer', '[data-id="editFormRoot"]', "//*[@data-id='editFormRoot']"),
  fieldInput: easyRepro('Entity_TextFieldValue', 'input[data-id*=".fieldControl"]', ".//input[contains(@data-id, '[NAME].fieldControl')]"),
  readsValue: {
    status: 'vendor-code', source: EASYREPRO, file: `${UCI}/WebClient.cs`, element: 'GetValue',
    note: "a field's value is its input's value (input.GetAttribute(\"value\") inside <field>-FieldSectionItemContainer)",
  },
  phoneInput: {
    status: 'public-automation', source: 'public Selenium page objects for Dynamics 365 contact and quick-view forms', file: '',
    css: 'input[data-id="telephone1.fieldControl-phone-text-input"]',
    note: 'also mobilephone.fieldControl-phone-text-input and, in a quick view, <QuickView>.mobilephone.fieldControl-phone-text-input',
  },
  valueAttribute: {
    status: 'unverified', source: 'Unified Interface phone control', file: '', css: 'input[value]',
    note: "assumed: the value attribute mirrors the shown number (React keeps it in step for controlled inputs); EasyRepro reads the property",
  },
  recordUrl: {
    status: 'vendor-doc', source: 'Microsoft Learn: Open apps, forms, views, dialogs, and reports with a URL',
    file: 'learn.microsoft.com/power-apps/developer/model-driven-apps/open-forms-views-dialogs-reports-url',
    css: 'main.aspx?etn=<table>&pagetype=entityrecord&id=%7B<guid>%7D',
  },
  conversationTable: {
    status: 'vendor-doc', source: 'Microsoft Learn: Conversation (msdyn_ocliveworkitem) table reference',
    file: 'learn.microsoft.com/dynamics365/developer/reference/entities/msdyn_ocliveworkitem', css: 'etn=msdyn_ocliveworkitem',
    note: `tracks the interaction between the agent and the customer; its record id is the conversation id. Microsoft's Omnichannel integration tests (public copy: ${OC_TESTS}, tests/IntegrationTests/Utility/Constants.ts LiveWorkItemUrl) open a conversation, chat or voice, by this URL`,
  },
} satisfies Record<string, Evidence>;

/** The public copy of Microsoft's Omnichannel tests at the commit read (2026-12-06). */
const OC_TESTS_AT = `${OC_TESTS}@dcb7512548ea2e9f6166bf8b74b46faa6cdaee27`;
const LEARN_TEMPLATES = 'MicrosoftDocs/dynamics-365-customer-engagement: ce/customer-service/administer/notification-templates.md';

/**
 * What public sources show of the incoming-conversation notification, read to recognise a ringing call
 * (issue #25: identify before the agent answers), and why none of it is used: nothing public shows the
 * caller's number in it. Not tied to a selector, so not shown on the options page; kept so the search is
 * not repeated from scratch when a source turns up.
 */
export const DYNAMICS_RINGING_SEARCH: readonly Evidence[] = [
  {
    status: 'vendor-code', source: OC_TESTS_AT, file: 'tests/IntegrationTests/Utility/Constants.ts, pages/org-dynamics-crm-notification.page.ts',
    css: "#popupNotificationRoot, #popupNotificationHeaderText, #popupNotificationBodyRow_waittime, #popupNotificationFooter #acceptButton",
    note: 'the header text holds the customer name in their chat tests (PopoutCustomerName: contains "Junior"); the only body row any test reads is the wait time; no test of a voice notification and no phone row',
  },
  {
    status: 'vendor-doc', source: 'Microsoft Learn: Manage notification settings and templates', file: LEARN_TEMPLATES,
    note: 'the fields are admin-configured (at most four) from slugs: {customerName}, {caseId}, {caseTitle}, {queueId}, {visitorLanguage}, {visitorDevice}, {entityRoutingLogicalName}, {customerEntityName}, {customerRecordId}, pre-chat answers; no slug for the caller\'s phone number; voice has its own default templates (incoming authenticated / unauthenticated) whose fields are not listed',
  },
  {
    status: 'vendor-doc', source: 'Microsoft Learn: View notifications; Use agent dashboard and call controls in the voice channel', file: 'ce/customer-service/use/oc-notifications.md, ce/customer-service/use/voice-channel-agent-experience.md',
    note: 'a voice call notification comes after the bot hands the call over; what it displays is not described',
  },
  {
    status: 'public-automation', source: 'public "Dynamics Notifications" Chrome extension (content.js)', file: '',
    css: '#popupNotificationRoot img[src*="phonecallicon"], #popupNotificationHeaderText, [data-id="popup-notification-waitTime"]',
    note: 'tells a call notification by its phone icon and shows the header text as the caller; nothing says whether that text is a number or a name (with {customerName} it is a name for a known customer)',
  },
];

/** The evidence of each Dynamics 365 selector, by adapter id and source (`urlPattern`, `callView`, `ani[i]`). */
export function dynamicsEvidence(): Record<string, Record<string, readonly Evidence[]>> {
  return {
    'dynamics-omnichannel': {
      urlPattern: [E.recordUrl, E.conversationTable],
      callView: [E.formRoot, E.fieldInput, E.phoneInput],
      'ani[0]': [E.fieldInput, E.readsValue, E.phoneInput, E.valueAttribute],
    },
  };
}
