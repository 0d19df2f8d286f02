/** Reading a caller number: a form control's live value (frameworks set it without the attribute), the text without shadow styles, the dial link. */
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { RootSet } from '../../../../lib/dom/roots.ts';
import { readSources } from '../../../../lib/detect/read.ts';
import { dynamicsOmnichannel } from '../../../../lib/adapters/dynamics.ts';

function form(html: string): { roots: RootSet; view: Element; input: HTMLInputElement } {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const roots = new RootSet(document as unknown as Document, undefined, () => {}, () => {});
  roots.collect(document.documentElement as unknown as Element);
  const view = document.querySelector('[data-id="editFormRoot"]') as unknown as Element;
  return { roots, view, input: document.querySelector('input') as unknown as HTMLInputElement };
}

const INPUT = '<div data-id="editFormRoot"><input data-id="telephone1.fieldControl-phone-text-input"></div>';

describe('the Dynamics phone input', () => {
  it('is read from its live value when only the property is set (React, Fluent)', () => {
    const { roots, view, input } = form(INPUT);
    expect(readSources(roots, view, dynamicsOmnichannel.ani)).toBe('');
    // A browser keeps the property apart from the attribute once set; linkedom reflects it, so set it as a browser would.
    Object.defineProperty(input, 'value', { value: '+44 20 7946 0018', configurable: true });
    expect(input.getAttribute('value')).toBeNull();
    expect(readSources(roots, view, dynamicsOmnichannel.ani)).toBe('+44 20 7946 0018');
  });

  it('still reads the attribute when the property is empty', () => {
    const { roots, view } = form(INPUT.replace('<input ', '<input value="+1 415 555 0100" '));
    expect(readSources(roots, view, dynamicsOmnichannel.ani)).toBe('+1 415 555 0100');
  });
});

describe('a caller number inside a shadow root that carries styles', () => {
  it('is read without the style text (LWC components and the guards put <style> elements there)', () => {
    const { document } = parseHTML('<!doctype html><html><body><div class="view"><x-phone></x-phone></div></body></html>');
    const host = document.querySelector('x-phone') as unknown as Element;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>:host{display:block} .n{filter:blur(4px)}</style><span class="n">Anonymous</span><script>var x = 1;</script>';
    const roots = new RootSet(document as unknown as Document, undefined, () => {}, () => {});
    roots.collect(document.documentElement as unknown as Element);
    const view = document.querySelector('.view') as unknown as Element;
    expect(readSources(roots, view, [{ selector: 'x-phone' }])).toBe('Anonymous');
  });
});

describe('a number shown with a dial link', () => {
  /** A view whose <x-phone> source holds `light` and, if given, a shadow root holding `shadow`. */
  function phone(light: string, shadow?: string): string | null {
    const { document } = parseHTML(`<!doctype html><html><body><div class="view"><x-phone>${light}</x-phone></div></body></html>`);
    const host = document.querySelector('x-phone') as unknown as Element;
    if (shadow !== undefined) host.attachShadow({ mode: 'open' }).innerHTML = shadow;
    const roots = new RootSet(document as unknown as Document, undefined, () => {}, () => {});
    roots.collect(document.documentElement as unknown as Element);
    return readSources(roots, document.querySelector('.view') as unknown as Element, [{ selector: 'x-phone' }]);
  }

  it('in the source\'s shadow root or light DOM: the text and the number as dialled', () => {
    expect(phone('', '<a href="tel:+14155550100">(415) 555-0100</a>')).toBe('(415) 555-0100 <tel:+14155550100>');
    expect(phone('<span><a href="sip:+442079460018@pbx.example">Grace</a></span>')).toBe('Grace <sip:+442079460018@pbx.example>');
  });

  it('the first dial link counts; links that dial nothing (LWC renders `tel:` and blanks) or the text itself do not', () => {
    expect(phone('<a href="/lightning/r/Account/001/view">Acme</a> <a href="tel:+14155550100">call</a>')).toBe('Acme call <tel:+14155550100>');
    expect(phone('', '<a href="tel:  ">(415) 555-0100</a>')).toBe('(415) 555-0100');
    expect(phone('<a href="tel:+14155550100">tel:+14155550100</a>')).toBe('tel:+14155550100');
  });

  it('a source that is itself a link: its own target, never a link inside it', () => {
    const { document } = parseHTML('<!doctype html><html><body><div class="view"><a class="n" href="tel:+14155550100">Ada</a><a class="r" href="/lightning/r/Account/001/view">(415) 555-0100</a></div></body></html>');
    // A link inside a link, as a script can build (the parser would not).
    document.querySelector('.r')?.append(document.createElement('a'));
    document.querySelector('.r a')?.setAttribute('href', 'tel:+442079460018');
    const roots = new RootSet(document as unknown as Document, undefined, () => {}, () => {});
    const view = document.querySelector('.view') as unknown as Element;
    expect(readSources(roots, view, [{ selector: 'a.n' }])).toBe('Ada <tel:+14155550100>');
    expect(readSources(roots, view, [{ selector: 'a.r' }])).toBe('(415) 555-0100');
  });
});
