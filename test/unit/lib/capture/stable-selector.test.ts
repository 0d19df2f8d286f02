/** Selector building for a picked element and the proposed customAdapters entry. */
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { looksGenerated, selectorFor, stableStep } from '../../../../lib/capture/stable-selector.ts';
import { proposeAdapter } from '../../../../lib/capture/propose.ts';
import { validatePolicy } from '../../../../lib/policy/resolve.ts';
import { deepQueryAll } from '../../../../lib/dom/deep-selector.ts';
import { consoleDom } from './console-dom.ts';

const URL_ = 'https://crm.example.test/calls/CALL-0123';

describe('looksGenerated', () => {
  it('flags CSS-in-JS hashes and counters, keeps names people wrote', () => {
    for (const c of ['css-1x2y3z', 'sc-bdVaJa', 'bdVaJa', 'jsx-123456', '_3xYz', 'ember123', 'makeStyles-root-12', ':r1:']) expect(looksGenerated(c)).toBe(true);
    for (const c of ['caller-number', 'call-card', 'row', 'slds-form-element', 'isActive']) expect(looksGenerated(c)).toBe(false);
  });
});

describe('stableStep', () => {
  const { document } = parseHTML(`<div>
    <span id="ani">1</span><span id="ember123">2</span><span data-testid="num">3</span><span data-field-id="FromPhone">4</span>
    <x-phone>5</x-phone><span data-call-ref="CALL-1">6</span><span class="css-1a2b caller">7</span><span class="css-1a2b">8</span></div>`);
  const steps = Array.from(document.querySelectorAll('div > *')).map((el) => stableStep(el as unknown as Element));

  it('prefers ids, test ids, API names, custom elements, data-* presence, classes; never generated ones', () => {
    expect(steps).toEqual(['#ani', null, '[data-testid="num"]', '[data-field-id="FromPhone"]', 'x-phone', '[data-call-ref]', '.caller', null]);
  });
});

describe('selectorFor', () => {
  it('adds stable ancestors until the element is found alone', () => {
    const { document } = parseHTML('<main><section data-testid="a"><span class="num">1</span></section><section data-testid="b"><span class="num">2</span></section></main>');
    const target = document.querySelectorAll('.num')[1] as unknown as Element;
    const query = (s: string): Element[] => deepQueryAll([document as unknown as Document], s);
    expect(selectorFor(target, query)).toBe('[data-testid="b"] .num');
  });

  it('anchors an element with nothing stable by position under its nearest stable ancestor', () => {
    const { document } = parseHTML('<section data-testid="card"><div class="css-1"><b class="x9">a</b><b class="x9">b</b></div></section>');
    const target = document.querySelectorAll('b')[1] as unknown as Element;
    const query = (s: string): Element[] => deepQueryAll([document as unknown as Document], s);
    expect(selectorFor(target, query)).toBe('[data-testid="card"] > div > b:nth-of-type(2)');
  });
});

describe('proposeAdapter', () => {
  const { document, openRoot, number } = consoleDom();
  const proposal = proposeAdapter(document, number, URL_, openRoot);

  it('proposes the call view with its state, the number inside a shadow root (a kept class, a position), the call id attribute', () => {
    expect(proposal.entry).toEqual({
      id: 'picked-crm-example-test', label: 'crm.example.test (picked)', matches: ['https://crm.example.test/*'],
      callView: '[data-testid="call-card"][data-state="connected"]',
      ani: { selector: '.row > span:nth-of-type(2)' },
      interactionId: { selector: '[data-testid="call-card"][data-state="connected"]', attribute: 'data-call-ref' },
    });
    expect(proposal.problems).toEqual([]);
  });

  it('says what it matches now', () => {
    expect(proposal.matchesNow).toEqual({ callView: 1, ani: 1, interactionId: 1, aniEnds: '23' });
  });

  it('is an entry `npm run policy -- validate` accepts', () => {
    expect(validatePolicy({ customAdapters: [proposal.entry] })).toEqual([]);
  });

  it('without a state attribute or id attribute: the nearest stable ancestor, no interactionId', () => {
    const { document: doc } = parseHTML('<body><div class="shell"><div data-testid="phone-widget"><p class="css-1a"><span>+1 415 555 0100</span></p></div></div></body>');
    const picked = doc.querySelector('span') as unknown as Element;
    const p = proposeAdapter(doc as unknown as Document, picked, 'https://crm.example.test/x');
    expect(p.entry.callView).toBe('[data-testid="phone-widget"]');
    expect(p.entry.ani.selector).toBe('p > span');
    expect(p.entry.interactionId).toBeUndefined();
    expect(validatePolicy({ customAdapters: [p.entry] })).toEqual([]);
  });
});
