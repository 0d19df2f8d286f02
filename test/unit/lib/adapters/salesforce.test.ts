/**
 * The Salesforce adapters against Salesforce's own page objects (npm `salesforce-pageobjects`): every
 * UTAM citation of a selector (salesforceEvidence) exists in the package with that CSS, and our LWC fixture components
 * (test/fixtures/crm/lwc/modules) nest the elements the selectors rely on where the page objects say:
 * a `shadow` element in the component's own template, a light one in what the using template puts
 * inside the component's tag.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { salesforceEngagement, salesforceVoiceCall } from '../../../../lib/adapters/salesforce.ts';
import { salesforceEvidence } from '../../../../lib/adapters/salesforce-evidence.ts';
import type { Evidence } from '../../../../lib/adapters/types.ts';
import { selectorKeys as selectorsOf } from '../../../../lib/adapters/evidence.ts';

const PACKAGE = dirname(createRequire(import.meta.url).resolve('salesforce-pageobjects/package.json'));
const MODULES = fileURLToPath(new URL('../../../fixtures/crm/lwc/modules/', import.meta.url));

interface UtamElement { name: string; selector?: { css?: string }; elements?: UtamElement[]; shadow?: { elements?: UtamElement[] } }
interface UtamRoot extends UtamElement { description?: { text?: string[] } }

const pageObject = (file: string): UtamRoot => JSON.parse(readFileSync(join(PACKAGE, file), 'utf8')) as UtamRoot;

/** An element of a page object by name, with whether it sits in its parent's shadow root. */
function findElement(root: UtamElement, name: string): { css: string; inShadow: boolean } | null {
  const lists: [UtamElement[] | undefined, boolean][] = [[root.elements, false], [root.shadow?.elements, true]];
  for (const [list, inShadow] of lists) {
    for (const e of list ?? []) {
      if (e.name === name) return { css: e.selector?.css ?? '', inShadow };
      const nested = findElement(e, name);
      if (nested) return nested;
    }
  }
  return null;
}


const SALESFORCE_EVIDENCE = salesforceEvidence();

describe('Salesforce selectors: evidence', () => {
  const adapters = [salesforceVoiceCall, salesforceEngagement];
  const cited: Evidence[] = Object.values(SALESFORCE_EVIDENCE).flatMap((byKey) => Object.values(byKey).flat());

  it('every selector has evidence, most of it from the page objects', () => {
    for (const a of adapters) {
      const evidence = SALESFORCE_EVIDENCE[a.id] ?? {};
      expect(Object.keys(evidence).sort(), a.id).toEqual(Object.keys(selectorsOf(a)).sort());
      for (const [key, list] of Object.entries(evidence)) expect(list.length, `${a.id} ${key}`).toBeGreaterThan(0);
    }
    expect(cited.filter((e) => e.source === 'salesforce-pageobjects').length).toBeGreaterThan(cited.length / 2);
  });

  it.each([...new Map(cited.filter((e) => e.source === 'salesforce-pageobjects').map((e) => [`${e.file}#${e.element}`, e])).values()])(
    '$file $element is "$css" in the package', (e) => {
      const po = pageObject(e.file);
      if (e.element === 'root') expect(po.description?.text?.[0]).toBe(`Selector: ${e.css}.`);
      else expect(findElement(po, e.element as string)?.css).toBe(e.css);
    },
  );

  it('labels are only the last fallback', () => {
    for (const a of adapters) {
      const labelled = a.ani.map((s, i) => [i, /field-label/.test(s.selector)] as const).filter(([, l]) => l);
      expect(labelled.map(([i]) => i)).toEqual([a.ani.length - 1]);
      expect(a.ani[a.ani.length - 1]?.lastResort).toBe(true);
    }
  });
});

/** Fixture component templates by tag (ns/fooBar → ns-foo-bar), `<template>` wrappers removed. */
function templates(): Map<string, Document> {
  const out = new Map<string, Document>();
  for (const ns of readdirSync(MODULES)) {
    for (const name of readdirSync(join(MODULES, ns))) {
      const html = readFileSync(join(MODULES, ns, name, `${name}.html`), 'utf8').replace(/<\/?template\b[^>]*>/g, '');
      out.set(`${ns}-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, parseHTML(`<html><body>${html}</body></html>`).document);
    }
  }
  return out;
}

/** [page object file, element name, the fixture component that hosts that element (its root or shadow host)]. */
const CHAIN: [string, string, string][] = [
  ['global/recordHomeTemplateDesktop', 'flexipageModule', 'one-record-home-flexipage2'],
  ['records/lwcRecordLayout', 'forcegeneratedRecordLayout2', 'records-lwc-record-layout'],
  ['records/lwcRecordLayout', 'sections', 'forcegenerated-record-layout'],
  ['records/recordLayoutSection', 'sectionTitle', 'records-record-layout-section'],
  ['records/recordLayoutSection', 'rows', 'records-record-layout-section'],
  ['records/recordLayoutRow', 'items', 'records-record-layout-row'],
  ['records/recordLayoutItem', 'outputField', 'records-record-layout-item'],
  ['records/recordLayoutItem', 'outputPhone', 'records-record-layout-item'],
  ['records/outputPhone', 'formattedPhone', 'records-output-phone'],
  ['force/lookup', 'hoverLink', 'force-lookup'],
  ['records/hoverableLink', 'link', 'records-hoverable-link'],
  ['records/hoverableLink', 'linkTextInSpan', 'records-hoverable-link'],
  ['flexipage/column2', 'fieldByID', 'flexipage-column2'],
  ['record/flexipage/recordField', 'label', 'record_flexipage-record-field'],
  ['record/flexipage/recordField', 'fieldContentViewMode', 'record_flexipage-record-field'],
];

describe('LWC fixture structure against the page objects', () => {
  const byTag = templates();

  it.each(CHAIN)('%s %s inside %s', (file, name, host) => {
    const found = findElement(pageObject(`dist/${file}.utam.json`), name);
    expect(found, `${name} in ${file}`).not.toBeNull();
    const { css, inShadow } = found as { css: string; inShadow: boolean };
    const selector = css.replace(/='%s'\]/, ']').replace(/^:scope \*$/, '*');
    if (inShadow) {
      // A shadow element: in the host component's own template.
      expect(byTag.get(host)?.querySelector(selector), `${host} template has ${selector}`).toBeTruthy();
    } else {
      // A light element: inside the host's tag wherever a template uses it.
      const uses = [...byTag.values()].flatMap((doc) => [...doc.querySelectorAll(host)]);
      expect(uses.length, `${host} is used`).toBeGreaterThan(0);
      for (const use of uses) expect(use.querySelector(selector), `${selector} slotted into ${host}`).toBeTruthy();
    }
  });
});
