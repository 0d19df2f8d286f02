/** Finding the call view: known roots first, newly added components' roots only when none has a view. */
import { describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { RootSet } from '../../../../lib/dom/roots.ts';
import { addedScanner } from '../../../../lib/detect/added-scan.ts';
import { after, findView } from '../../../../lib/detect/find.ts';

const VIEW = 'call-view';

/** A page whose <x-known> host's root is already known; `html` is added to the body afterwards (queued, not yet scanned). */
function page(html: string) {
  const { document } = parseHTML('<!doctype html><html><body><x-known></x-known><main></main></body></html>');
  const doc = document as unknown as Document;
  const known = doc.querySelector('x-known') as Element;
  known.attachShadow({ mode: 'open' }).innerHTML = '<p>known component</p>';
  const roots = new RootSet(doc);
  roots.collect(doc.documentElement);
  const signal = new AbortController().signal;
  const added = addedScanner(roots, doc, signal, 5000, () => {});
  const main = doc.querySelector('main') as Element;
  main.innerHTML = html;
  // Custom elements render into their shadow roots: `<x-new data-inner="...">`.
  for (const host of Array.from(main.querySelectorAll('[data-inner]'))) host.attachShadow({ mode: 'open' }).innerHTML = host.getAttribute('data-inner') as string;
  for (const child of Array.from(main.children)) added.queue(child);
  return { doc, roots, added, known };
}

const shown = (): boolean => true;

describe('findView', () => {
  it('finds a view in the page itself without asking the added components for shadow roots', () => {
    const { doc, roots, added } = page(`<${VIEW} id="light"></${VIEW}><x-new data-inner="<${VIEW} id='inner'></${VIEW}>"></x-new>`);
    const collect = vi.spyOn(roots, 'collect');
    expect(findView(roots, added, doc, VIEW, shown)?.id).toBe('light');
    expect(collect).not.toHaveBeenCalled();
    expect(roots.roots.size).toBe(2);
    expect(added.unflushed).toBe(true);
  });

  it('asks the added components when no known root has a shown view, and searches only their new roots', () => {
    const { doc, roots, added } = page(`<x-new data-inner="<${VIEW} id='inner'></${VIEW}>"></x-new>`);
    const view = findView(roots, added, doc, VIEW, shown);
    expect(view?.id).toBe('inner');
    expect(roots.roots.size).toBe(3);
    expect(added.unflushed).toBe(false);
  });

  it('prefers a view in a root known before over one in a new root (the order a search of every root has)', () => {
    const { doc, roots, added, known } = page(`<x-new data-inner="<${VIEW} id='new'></${VIEW}>"></x-new>`);
    (known.shadowRoot as ShadowRoot).innerHTML = `<${VIEW} id="old"></${VIEW}>`;
    expect(findView(roots, added, doc, VIEW, shown)?.id).toBe('old');
  });

  it('skips views the test refuses, in known and new roots alike', () => {
    const { doc, roots, added } = page(`<${VIEW} id="hidden"></${VIEW}><x-new data-inner="<${VIEW} id='a' hidden></${VIEW}><${VIEW} id='b'></${VIEW}>"></x-new>`);
    const accept = (el: Element): boolean => el.id !== 'hidden' && !el.hasAttribute('hidden');
    expect(findView(roots, added, doc, VIEW, accept)?.id).toBe('b');
  });

  it('returns null, with the new roots known, when no root has a view', () => {
    const { doc, roots, added } = page('<x-new data-inner="<p>no call</p>"></x-new>');
    expect(findView(roots, added, doc, VIEW, shown)).toBeNull();
    expect(roots.roots.size).toBe(3);
  });
});

describe('the added-element queue', () => {
  it('asks each queued element for custom hosts once, however many passes flush it before the frame scan', () => {
    const { roots, added, doc } = page('<x-new data-inner="<p>1</p>"></x-new>');
    const collect = vi.spyOn(roots, 'collect');
    added.flush('custom');
    expect(collect).toHaveBeenCalledTimes(1);
    added.flush('custom');
    expect(collect).toHaveBeenCalledTimes(1);
    const later = doc.createElement('x-later');
    doc.body.append(later);
    added.queue(later);
    expect(added.unflushed).toBe(true);
    added.flush('custom');
    expect(collect).toHaveBeenCalledTimes(2);
    expect(collect.mock.calls[1]?.[0]).toBe(later);
  });
});

describe('after', () => {
  it('lists the members added after the first n, in order', () => {
    expect(after(new Set(['a', 'b', 'c']), 1)).toEqual(['b', 'c']);
    expect(after(new Set(['a']), 1)).toEqual([]);
  });
});
