/** Selectors checked without a search of the page, and an adapter list prepared before its first call. */
import { describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { checkSelector } from '../../../../lib/dom/deep-selector.ts';
import { prepareAdapters, rehearseRead } from '../../../../lib/detect/prepare.ts';
import { RootSet } from '../../../../lib/dom/roots.ts';
import { BUILT_IN_ADAPTERS } from '../../../../lib/adapters/index.ts';
import type { Adapter } from '../../../../lib/adapters/types.ts';

const page = () => parseHTML('<html><body><div class="a"><span>x</span></div></body></html>').document as unknown as Document;

describe('checkSelector', () => {
  it('throws on a selector the parser refuses, and asks an empty fragment, not the page', () => {
    const doc = page();
    const search = vi.spyOn(doc, 'querySelector');
    const fragments = vi.spyOn(doc, 'createDocumentFragment');
    expect(() => checkSelector(doc, 'div[unclosed-prepare-1')).toThrow();
    checkSelector(doc, 'div.prepare-1 > span');
    expect(fragments).toHaveBeenCalledTimes(2);
    expect(search).not.toHaveBeenCalled();
    // From an element of the page: its document's fragment.
    checkSelector(doc.body, 'span.prepare-2');
    expect(fragments).toHaveBeenCalledTimes(3);
  });

  it('asks each selector once; a refused one again (so each pass that uses it throws)', () => {
    const doc = page();
    const fragments = vi.spyOn(doc, 'createDocumentFragment');
    checkSelector(doc, 'div.prepare-3');
    checkSelector(doc, 'div.prepare-3');
    expect(fragments).toHaveBeenCalledTimes(1);
    expect(() => checkSelector(doc, 'div[unclosed-prepare-3')).toThrow();
    expect(() => checkSelector(doc, 'div[unclosed-prepare-3')).toThrow();
  });
});

describe('prepareAdapters', () => {
  it('leaves nothing for the first pass to check, and skips a refused selector without throwing', () => {
    const doc = page();
    const broken: Adapter = { ...(BUILT_IN_ADAPTERS[0] as Adapter), id: 'broken', callView: 'x-view[unclosed-prepare-4', ani: [{ selector: 'x-ani.prepare-4', pattern: '^(\\+\\d+)$' }] };
    const search = vi.spyOn(doc, 'querySelector');
    expect(() => prepareAdapters([...BUILT_IN_ADAPTERS, broken], doc)).not.toThrow();
    expect(search).not.toHaveBeenCalled();
    const fragments = vi.spyOn(doc, 'createDocumentFragment');
    for (const a of BUILT_IN_ADAPTERS) {
      for (const s of [a.callView, ...a.ani.map((v) => v.selector)]) checkSelector(doc, s);
    }
    checkSelector(doc, 'x-ani.prepare-4');
    expect(fragments).not.toHaveBeenCalled();
    expect(() => checkSelector(doc, broken.callView)).toThrow();
  });
});

describe('rehearseRead', () => {
  it('reads the sample view\'s number and dial link, and leaves the page and the root set as they were', () => {
    const doc = page();
    const roots = new RootSet(doc);
    const before = doc.documentElement.outerHTML;
    const search = vi.spyOn(doc, 'querySelectorAll');
    expect(rehearseRead(roots, doc)).toBe('+1 555 0100 <tel:+15550100>');
    expect(doc.documentElement.outerHTML).toBe(before);
    expect([...roots.roots]).toEqual([doc]);
    expect(search).not.toHaveBeenCalled();
  });
});
