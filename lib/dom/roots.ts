/**
 * Keeps the set of roots to search and observe: the document plus every shadow root found so far.
 * Shadow roots are collected from added subtrees only (never a full-document walk per mutation).
 * Closed roots are reachable only through `chrome.dom.openOrClosedShadowRoot`, passed in as `openRoot`.
 */

export type OpenRoot = (el: Element) => ShadowRoot | null;

/** Default: open shadow roots only. */
export const openShadowRoot: OpenRoot = (el) => el.shadowRoot;

export class RootSet {
  readonly roots = new Set<Document | ShadowRoot>();
  constructor(
    doc: Document,
    private readonly openRoot: OpenRoot = openShadowRoot,
    private readonly onNewRoot: (root: ShadowRoot) => void = () => {},
  ) {
    this.roots.add(doc);
  }

  /** Find shadow roots inside `node`'s subtree (and their nested ones); returns how many nodes were walked. */
  collect(node: Node): number {
    if (!(node instanceof Element)) return 0;
    let walked = 0;
    const stack: Element[] = [node];
    while (stack.length > 0) {
      const el = stack.pop() as Element;
      walked++;
      const root = this.openRoot(el);
      if (root && !this.roots.has(root)) {
        this.roots.add(root);
        this.onNewRoot(root);
        for (const child of Array.from(root.children)) stack.push(child);
      }
      for (const child of Array.from(el.children)) stack.push(child);
    }
    return walked;
  }

  /** Drop roots whose host left the document. */
  prune(): void {
    for (const root of this.roots) {
      if (root instanceof ShadowRoot && !root.host.isConnected) this.roots.delete(root);
    }
  }

  /** querySelectorAll over the document and every known shadow root. */
  queryAll(selector: string): Element[] {
    const out: Element[] = [];
    for (const root of this.roots) out.push(...Array.from(root.querySelectorAll(selector)));
    return out;
  }

  /** querySelectorAll limited to `scope` and the shadow roots hosted inside it. */
  queryWithin(scope: Element, selector: string): Element[] {
    const out = Array.from(scope.querySelectorAll(selector));
    for (const root of this.roots) {
      if (root instanceof ShadowRoot && scope.contains(root.host)) out.push(...Array.from(root.querySelectorAll(selector)));
    }
    return out;
  }

  /** Text of an element including the text inside its (known) shadow root, whitespace folded. */
  deepText(el: Element): string {
    const parts: string[] = [];
    const walk = (node: Node): void => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.nodeValue ?? '');
      if (node instanceof Element) {
        const root = this.openRoot(node);
        if (root) root.childNodes.forEach(walk);
      }
      node.childNodes.forEach(walk);
    };
    walk(el);
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  }
}
