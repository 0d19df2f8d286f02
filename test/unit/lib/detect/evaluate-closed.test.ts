/**
 * A new call is read in the view's open roots and reported before its custom elements are asked for closed roots;
 * the asks follow, and a call they change comes back as the exact find. A page that has shown a closed root is
 * read with every root first.
 */
import { describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { RootSet } from '../../../../lib/dom/roots.ts';
import { addedScanner } from '../../../../lib/detect/added-scan.ts';
import { CallWaits } from '../../../../lib/detect/waits.ts';
import { evaluate, type Found, type Reader } from '../../../../lib/detect/evaluate.ts';
import type { Adapter } from '../../../../lib/adapters/types.ts';

const ADAPTER: Adapter = {
  id: 'desk', label: 'Desk', matches: ['https://crm.example.test/*'], urlPattern: '^/calls/(\\d+)', callView: 'call-view',
  // The field's component first; a label the page also shows, as a last resort.
  ani: [{ selector: 'call-view x-phone' }, { selector: 'call-view .caller', lastResort: true }],
  customerId: { selector: 'call-view x-customer' },
};

/** A page whose call view holds `html`; `closed` maps a host's id to the HTML of its closed shadow root. */
function page(html: string, closed: Record<string, string> = {}) {
  const { document } = parseHTML(`<!doctype html><html><body><call-view>${html}</call-view></body></html>`);
  const doc = document as unknown as Document;
  const hidden = new Map<Element, ShadowRoot>();
  for (const [id, inner] of Object.entries(closed)) {
    const host = doc.getElementById(id) as Element;
    const root = host.attachShadow({ mode: 'closed' });
    root.innerHTML = inner;
    hidden.set(host, root);
  }
  const opener = vi.fn((el: Element) => el.shadowRoot ?? hidden.get(el) ?? null);
  const roots = new RootSet(doc, opener);
  roots.collect(doc.documentElement, 'all');
  const signal = new AbortController().signal;
  let reportedId = '';
  const reader: Reader = {
    roots, doc, accept: () => true, onNoAni: () => {}, reported: (id) => id === reportedId,
    added: addedScanner(roots, doc, signal, 5000, () => {}),
    waits: new CallWaits(signal, 1500, 5000, () => {}),
  };
  const read = (n = '42'): Found | null => evaluate(reader, { adapter: ADAPTER, match: /^\/calls\/(\d+)/.exec(`/calls/${n}`) as RegExpExecArray });
  return { doc, roots, opener, read, report: (id: string) => { reportedId = `desk|${id}`; } };
}

const callOf = (found: Found | null | undefined) => (found && found.call !== 'wait' ? found.call : found?.call);

describe('RootSet.openOnly', () => {
  it('asks no custom element for a closed root, lists those without an open one, and equals the full walk when none has one', () => {
    const { doc, roots, opener } = page('<x-card id="card"><x-phone id="p">+1 415 555 0100</x-phone></x-card><div><x-customer>C-1</x-customer></div>');
    const view = doc.querySelector('call-view') as Element;
    opener.mockClear();
    const unasked: Element[] = [];
    const quick = roots.openOnly(unasked, () => roots.within(view));
    expect(opener).not.toHaveBeenCalled();
    expect(unasked.map((el) => el.localName)).toEqual(['call-view', 'x-card', 'x-phone', 'x-customer']);
    expect(roots.within(view)).toEqual(quick);
    expect(opener).toHaveBeenCalledTimes(4);
    expect(roots.closedSeen).toBe(false);
  });

  it('notes the page has closed roots once one is opened', () => {
    const { doc, roots } = page('<x-card id="card"></x-card>', { card: '<x-phone>+1 415 555 0100</x-phone>' });
    expect(roots.closedSeen).toBe(true); // the page scan opened it
    const fresh = new RootSet(doc, (el) => el.shadowRoot);
    fresh.within(doc.querySelector('call-view') as Element);
    expect(fresh.closedSeen).toBe(false);
  });
});

describe('evaluate: the closed-root asks after a new call is reported', () => {
  it('reads a new call without asking for closed roots; exact() asks them and, finding none, is the same find', () => {
    const { read, opener } = page('<x-card><x-phone>+1 (415) 555-0100</x-phone></x-card><x-customer>C-1</x-customer>');
    opener.mockClear();
    const found = read();
    expect(callOf(found)).toEqual({ adapterId: 'desk', interactionId: '42', rawAni: '+1 (415) 555-0100', customerId: 'C-1' });
    expect(opener).not.toHaveBeenCalled();
    expect(found?.exact?.()).toBe(found);
    expect(opener).toHaveBeenCalled();
  });

  it('exact() asks each listed element once, though the reads listed some twice (the view walk, then the number\'s text)', () => {
    const { read, opener } = page('<x-card><x-phone>+1 (415) 555-0100</x-phone></x-card><x-customer>C-1</x-customer>');
    opener.mockClear();
    read()?.exact?.();
    const asked = opener.mock.calls.map(([el]) => el.localName);
    expect(asked.sort()).toEqual(['call-view', 'x-card', 'x-customer', 'x-phone']);
  });

  it('a closed root holding a better source gives the exact call; the page is then read with every root first', () => {
    const { doc, roots, read, opener } = page('<x-card id="card"></x-card><span class="caller">+1 (415) 555-0199</span>');
    // The component renders into its closed root after the page's scan (a new call view).
    (doc.getElementById('card') as Element).remove();
    const card = (doc.querySelector('call-view') as Element).insertBefore(doc.createElement('x-card'), doc.querySelector('.caller'));
    const root = card.attachShadow({ mode: 'closed' });
    root.innerHTML = '<x-phone>+44 20 7946 0018</x-phone><x-customer>C-7</x-customer>';
    opener.mockImplementation((el: Element) => el.shadowRoot ?? (el === card ? root : null));
    const quick = read();
    expect(callOf(quick)).toMatchObject({ rawAni: '+1 (415) 555-0199' });
    expect(callOf(quick)).not.toHaveProperty('customerId');
    const exact = quick?.exact?.();
    expect(callOf(exact)).toEqual({ adapterId: 'desk', interactionId: '42', rawAni: '+44 20 7946 0018', customerId: 'C-7' });
    expect(exact?.scopes).toContain(root);
    expect(exact?.exact).toBeUndefined();
    expect(roots.closedSeen).toBe(true);
    // The next call on this page: exact at once.
    const next = read('43');
    expect(callOf(next)).toMatchObject({ interactionId: '43', rawAni: '+44 20 7946 0018' });
    expect(next?.exact).toBeUndefined();
  });

  it('asks for closed roots before returning when the open roots show no number', () => {
    const { doc, read, opener } = page('<x-card id="card"></x-card>');
    const card = doc.getElementById('card') as Element;
    const root = card.attachShadow({ mode: 'closed' });
    root.innerHTML = '<x-phone>+1 415 555 0100</x-phone>';
    opener.mockImplementation((el: Element) => el.shadowRoot ?? (el === card ? root : null));
    const found = read();
    expect(callOf(found)).toMatchObject({ rawAni: '+1 415 555 0100' });
    expect(found?.exact).toBeUndefined();
  });

  it('reads the call already reported with every root (a change in its view), and a call waiting for its number too', () => {
    const { doc, read, opener, report } = page('<x-card><x-phone>+1 415 555 0100</x-phone></x-card>');
    report('42');
    opener.mockClear();
    const found = read();
    expect(opener).toHaveBeenCalled();
    expect(found?.exact).toBeUndefined();
    (doc.querySelector('x-phone') as Element).textContent = '';
    opener.mockClear();
    const waiting = read('44');
    expect(waiting?.call).toBe('wait');
    expect(opener).toHaveBeenCalled(); // its watch must see every root of the view
    expect(waiting?.exact).toBeUndefined();
  });
});
