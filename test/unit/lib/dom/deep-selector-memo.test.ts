/**
 * One native query per root for a selector list, and per pass for the sources that end in the same component:
 * the answers stay those of a query per chain and per source.
 */
import { describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { deepQueryAll, type QueryMemo } from '../../../../lib/dom/deep-selector.ts';
import { RootSet } from '../../../../lib/dom/roots.ts';
import { readSources } from '../../../../lib/detect/read.ts';
import { salesforceVoiceCall } from '../../../../lib/adapters/salesforce.ts';

/** A record page: a layout item with a phone in a shadow root, another item, and a Dynamic Forms field. */
function recordPage(): { doc: Document; view: Element; roots: (Element | ShadowRoot)[] } {
  const { document } = parseHTML('<html><body><main></main></body></html>');
  const doc = document as unknown as Document;
  const view = doc.createElement('one-record-home-flexipage2');
  view.innerHTML = `
    <records-record-layout-item data-target-selection-name="sfdc:RecordField.VoiceCall.ToPhoneNumber" field-label="To"><x-phone-host class="to"></x-phone-host></records-record-layout-item>
    <records-record-layout-item data-target-selection-name="sfdc:RecordField.VoiceCall.FromPhoneNumber" field-label="From"><x-phone-host class="from"></x-phone-host></records-record-layout-item>
    <flexipage-field data-field-id="RecordAttestation__cField"><lightning-formatted-text>A</lightning-formatted-text></flexipage-field>`;
  for (const [cls, number] of [['to', '+1 617 555 0188'], ['from', '+1 415 555 0100']] as const) {
    const host = view.querySelector(`x-phone-host.${cls}`) as Element;
    host.attachShadow({ mode: 'open' }).innerHTML = `<lightning-formatted-phone><a href="tel:${number.replace(/ /g, '')}">${number}</a></lightning-formatted-phone>`;
  }
  (doc.querySelector('main') as Element).append(view);
  return { doc, view, roots: new RootSet(doc).within(view) };
}

/** Count querySelectorAll calls on each of `scopes`. */
function countQueries(scopes: readonly ParentNode[]): () => number {
  const spies = scopes.map((s) => vi.spyOn(s, 'querySelectorAll'));
  return () => spies.reduce((n, s) => n + s.mock.calls.length, 0);
}

describe('deepQueryAll: one native query per root', () => {
  it('a list whose complex selectors end alike asks each root once, and gives its matches in document order', () => {
    const { view, roots } = recordPage();
    const asked = countQueries(roots);
    const from = '[data-target-selection-name="sfdc:RecordField.VoiceCall.FromPhoneNumber"] lightning-formatted-phone';
    const to = '[field-label="To"] lightning-formatted-phone';
    const found = deepQueryAll(roots, `${from}, ${to}`, view);
    expect(asked()).toBe(roots.length);
    // The To field comes first in the page, although the list names it second (querySelectorAll's order).
    expect(found.map((el) => el.textContent)).toEqual(['+1 617 555 0188', '+1 415 555 0100']);
  });

  it('a list with different last segments is still one query per root, each element tested against its own chain', () => {
    const { view, roots } = recordPage();
    const asked = countQueries(roots);
    const found = deepQueryAll(roots, 'flexipage-field lightning-formatted-text, [field-label="From"] lightning-formatted-phone, main lightning-formatted-text.none', view);
    expect(asked()).toBe(roots.length);
    expect(found.map((el) => el.localName)).toEqual(['lightning-formatted-text', 'lightning-formatted-phone']);
  });
});

describe('QueryMemo', () => {
  it('a pass reads the Voice Call sources asking each root once per last segment, with the answers it reads without one', () => {
    const { doc, view, roots: scopes } = recordPage();
    const roots = new RootSet(doc);
    const plain = [readSources(roots, view, salesforceVoiceCall.ani, scopes), readSources(roots, view, [salesforceVoiceCall.attestation!], scopes)];
    const asked = countQueries(scopes);
    const memo: QueryMemo = new Map();
    const shared = [readSources(roots, view, salesforceVoiceCall.ani, scopes, memo), readSources(roots, view, [salesforceVoiceCall.attestation!], scopes, memo)];
    expect(shared).toEqual(plain);
    expect(plain[0]).toBe('+1 415 555 0100 <tel:+14155550100>');
    // The phone sources end in lightning-formatted-phone, the attestation's two in lightning-formatted-text: two
    // lists, each asked of every root once (a query per source and chain asked them 5 times over).
    expect(asked()).toBe(2 * scopes.length);
  });

  it('keeps answers per root: a root found later in the pass is asked, the others are not asked again', () => {
    const { view, roots: scopes } = recordPage();
    const memo: QueryMemo = new Map();
    const first = deepQueryAll(scopes.slice(0, 1), 'x-phone-host lightning-formatted-phone', view, memo);
    expect(first).toEqual([]);
    const asked = countQueries(scopes);
    const all = deepQueryAll(scopes, 'records-record-layout-item lightning-formatted-phone', view, memo);
    expect(all).toHaveLength(2);
    expect(asked()).toBe(scopes.length - 1);
  });
});
