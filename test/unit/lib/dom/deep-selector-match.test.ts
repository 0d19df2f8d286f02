/**
 * Deep selectors' ancestor test: one closest() per tree (then on to the host) finds exactly what a matches() on
 * every shadow-including ancestor found, on generated trees of nested shadow roots and generated selectors; a
 * selector list's matches come in document order within each root, as querySelectorAll gives them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { compileDeep, deepMatches, deepQueryAll } from '../../../../lib/dom/deep-selector.ts';
import { RootSet } from '../../../../lib/dom/roots.ts';

type Tree = { tag: string; cls: string; root?: Tree[]; children: Tree[] };
const TAGS = ['div', 'section', 'span', 'x-comp', 'x-item'];
const HOSTS = new Set(['div', 'section', 'span', 'x-comp', 'x-item']);
const { tree } = fc.letrec<{ tree: Tree; forest: Tree[] }>((t) => ({
  tree: fc.record({ tag: fc.constantFrom(...TAGS), cls: fc.constantFrom('', 'a', 'b', 'a b'), root: fc.option(t('forest'), { nil: undefined }), children: t('forest') }),
  forest: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant([] as Tree[]), fc.array(t('tree'), { maxLength: 3 })),
}));
const SEGMENTS = ['div', 'section', 'span', 'x-comp', 'x-item', '.a', '.b', 'x-item.b', 'div > .a', 'section > span', 'div:not(.a)', '*'];
const complex = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }).map((s) => s.join(' '));
const selector = fc.array(complex, { minLength: 1, maxLength: 2 }).map((s) => s.join(', '));

function build(doc: Document, parent: ParentNode, nodes: Tree[]): void {
  for (const n of nodes) {
    const el = doc.createElement(n.tag);
    if (n.cls) el.setAttribute('class', n.cls);
    parent.appendChild(el);
    if (n.root && HOSTS.has(n.tag)) build(doc, el.attachShadow({ mode: 'open' }), n.root);
    build(doc, el, n.children);
  }
}

/** The shadow-including parent. */
const parentOf = (el: Element): Element | null => el.parentElement ?? (el.parentNode?.nodeType === 11 ? ((el.parentNode as ShadowRoot).host ?? null) : null);

/** The reference: every ancestor asked with matches(), nearest first. */
function ancestorsMatch(el: Element, chain: readonly string[]): boolean {
  let at: Element | null = el;
  for (let i = chain.length - 2; i >= 0; i--) {
    for (at = at ? parentOf(at) : null; at && !at.matches(chain[i] as string); at = parentOf(at));
    if (!at) return false;
  }
  return true;
}

/** The reference: every element of each scope in document order (querySelectorAll's order for a list), kept once. */
function referenceQueryAll(scopes: readonly ParentNode[], sel: string): Element[] {
  const out: Element[] = [];
  for (const scope of scopes) {
    for (const el of Array.from(scope.querySelectorAll('*'))) {
      if (!out.includes(el) && compileDeep(sel).some((chain) => el.matches(chain[chain.length - 1] as string) && ancestorsMatch(el, chain))) out.push(el);
    }
  }
  return out;
}

describe('deep selector ancestors', () => {
  it('deepQueryAll and deepMatches agree with a matches() walk of every shadow-including ancestor', () => {
    fc.assert(fc.property(tree, selector, (t, sel) => {
      const { document } = parseHTML('<!doctype html><html><body><main class="a"></main></body></html>');
      const doc = document as unknown as Document;
      build(doc, doc.querySelector('main') as Element, [t]);
      const view = (doc.querySelector('main') as Element).firstElementChild as Element;
      const scopes = new RootSet(doc).within(view);
      expect(deepQueryAll(scopes, sel)).toEqual(referenceQueryAll(scopes, sel));
      for (const scope of scopes) {
        for (const el of Array.from(scope.querySelectorAll('*'))) {
          expect(deepMatches(el, sel)).toBe(compileDeep(sel).some((c) => el.matches(c[c.length - 1] as string) && ancestorsMatch(el, c)));
        }
      }
    }), { numRuns: 300 });
  });
});
