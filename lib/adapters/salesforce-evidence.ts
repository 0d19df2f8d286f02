/**
 * The evidence of each Salesforce selector (salesforce.ts names it beside the selector): Salesforce's UTAM
 * page objects (npm `salesforce-pageobjects`: package, file, element name, its CSS) and the conventions
 * the page objects do not cover. Its own module, so the content script's bundle never carries it; a unit
 * test checks every citation against the package and that every selector has evidence.
 */
import type { Evidence } from './types';

const PO = 'salesforce-pageobjects';

/** A UTAM citation. */
const utam = (file: string, element: string, css: string): Evidence => ({ status: 'vendor-code', source: PO, file: `dist/${file}.utam.json`, element, css });
const E = {
  recordHome: utam('global/recordHomeTemplateDesktop', 'root', 'one-record-home-flexipage2'),
  outputField: utam('records/recordLayoutItem', 'outputField', "[slot='outputField']"),
  outputPhone: utam('records/recordLayoutItem', 'outputPhone', 'records-output-phone'),
  itemPhone: utam('records/recordLayoutItem', 'formattedPhone', 'lightning-formatted-phone'),
  itemText: utam('records/recordLayoutItem', 'formattedText', 'lightning-formatted-text'),
  formattedPhone: utam('records/outputPhone', 'formattedPhone', 'lightning-formatted-phone'),
  rowItems: utam('records/recordLayoutRow', 'items', 'records-record-layout-item'),
  fieldById: utam('flexipage/column2', 'fieldByID', "flexipage-field[data-field-id='%s']"),
  recordField: utam('record/flexipage/recordField', 'fieldContentViewMode', ':scope *'),
  hoverLink: utam('force/lookup', 'hoverLink', 'records-hoverable-link'),
  link: utam('records/hoverableLink', 'link', 'a'),
  targetName: utam('activities/activityPanelComposer', 'buttonGroup', "lightning-button-group[data-target-selection-name='%s']"),
  appBuilderId: { status: 'vendor-doc', source: 'Lightning record pages', file: '', note: 'App Builder field ids read sfdc:RecordField.<Object>.<Field>' },
  dynamicFieldId: { status: 'unverified', source: 'Lightning Dynamic Forms', file: '', note: 'assumed: the field instance id is Record<Field>Field' },
} satisfies Record<string, Evidence>;

/** The evidence of phoneSources' selectors (salesforce.ts), in their order. */
const PHONE: Record<string, readonly Evidence[]> = {
  'ani[0]': [E.appBuilderId, E.targetName, E.outputField, E.outputPhone, E.formattedPhone],
  'ani[1]': [E.fieldById, E.dynamicFieldId, E.recordField, E.formattedPhone],
  'ani[2]': [E.appBuilderId, E.itemPhone],
  'ani[3]': [E.rowItems, E.itemPhone],
};

/** The evidence of each Salesforce selector, by adapter id and source (`callView`, `ani[i]`, `customerId`, `attestation`). */
export function salesforceEvidence(): Record<string, Record<string, readonly Evidence[]>> {
  return {
    'salesforce-voicecall': { callView: [E.recordHome], ...PHONE, attestation: [E.appBuilderId, E.fieldById, E.itemText] },
    'salesforce-engagement': { callView: [E.recordHome], ...PHONE, customerId: [E.appBuilderId, E.fieldById, E.hoverLink, E.link] },
  };
}
