/** A call view's shadow roots: every one inside it, on any host, nested too, and those attached after insertion. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { RootSet } from '../../../../lib/dom/roots.ts';

/** A generated subtree: tags, and for valid shadow hosts maybe a shadow root holding another subtree. */
type Tree = { tag: string; root?: Tree[]; children: Tree[] };
const TAGS = ['div', 'span', 'p', 'a', 'li', 'section', 'article', 'x-comp', 'records-item'];
const HOSTS = new Set(['div', 'span', 'p', 'section', 'article', 'x-comp', 'records-item']);
const { tree } = fc.letrec<{ tree: Tree; forest: Tree[] }>((t) => ({
  tree: fc.record({ tag: fc.constantFrom(...TAGS), root: fc.option(t('forest'), { nil: undefined }), children: t('forest') }),
  forest: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant([] as Tree[]), fc.array(t('tree'), { maxLength: 3 })),
}));

function build(doc: Document, parent: ParentNode, nodes: Tree[]): void {
  for (const n of nodes) {
    const el = doc.createElement(n.tag);
    parent.appendChild(el);
    if (n.root && HOSTS.has(n.tag)) build(doc, el.attachShadow({ mode: 'open' }), n.root);
    build(doc, el, n.children);
  }
}

/** Every shadow root in `scope`, by a walk of every node (what the fast path must equal). */
function walk(scope: Element): ShadowRoot[] {
  const out: ShadowRoot[] = [];
  const visit = (node: Node): void => {
    const root = (node as Element).shadowRoot;
    if (root) {
      out.push(root);
      root.childNodes.forEach(visit);
    }
    node.childNodes.forEach(visit);
  };
  visit(scope);
  return out;
}

describe('RootSet.within', () => {
  it('finds every shadow root inside a view, on custom and plain hosts, at any depth', () => {
    fc.assert(fc.property(tree, (t) => {
      const { document } = parseHTML('<!doctype html><html><body><main></main></body></html>');
      const doc = document as unknown as Document;
      build(doc, doc.querySelector('main') as Element, [t]);
      const view = (doc.querySelector('main') as Element).firstElementChild as Element;
      const roots = new RootSet(doc);
      const found = roots.within(view).filter((s) => s.nodeType === 11);
      expect(new Set(found)).toEqual(new Set(walk(view)));
      expect(found).toHaveLength(walk(view).length);
    }), { numRuns: 300 });
  });

  it('collectNew finds a root a plain element attached after the view was inserted and scanned', () => {
    const { document } = parseHTML('<!doctype html><html><body><call-view><section><span class="ani"></span></section></call-view></body></html>');
    const doc = document as unknown as Document;
    const view = doc.querySelector('call-view') as Element;
    const roots = new RootSet(doc);
    roots.collect(doc.documentElement, 'all');
    expect(roots.collectNew(view)).toBe(false);
    const late = (doc.querySelector('span.ani') as Element).attachShadow({ mode: 'open' });
    late.innerHTML = '<b>+1 415 555 0100</b>';
    expect(roots.collectNew(view)).toBe(true);
    expect(roots.roots.has(late)).toBe(true);
    expect(roots.deepText(view)).toBe('+1 415 555 0100');
  });
});
