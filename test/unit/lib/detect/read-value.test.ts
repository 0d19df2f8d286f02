/** Reading a form control's number: the live value, which frameworks set without the attribute. */
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
