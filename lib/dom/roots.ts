/**
 * Keeps the set of roots to search and observe: the document plus every shadow root found so far.
 * Shadow roots are collected from added subtrees only (never a full-document walk per mutation).
 * Closed roots are reachable only through `chrome.dom.openOrClosedShadowRoot` (Firefox:
 * `element.openOrClosedShadowRoot()`), passed in as `openRoot` by the content script.
 */

export type OpenRoot = (el: Element) => ShadowRoot | null;

/** Default: open shadow roots only. */
export const openShadowRoot: OpenRoot = (el) => el.shadowRoot;

/**
 * The shadow root of `el`: an open one directly; a closed one through `openRoot`, asked of custom
 * elements only. The DOM also allows closed roots on div, span, section, etc., but CRM components
 * (LWC, Spark, React wrappers) are custom elements, and asking every div of a 20,000-node console through
 * the extension API binding cost more than the whole rest of detection in bench/detect.ts.
 */
function rootOf(el: Element, openRoot: OpenRoot): ShadowRoot | null {
  const open = el.shadowRoot;
  if (open || openRoot === openShadowRoot) return open;
  return el.localName.includes('-') ? openRoot(el) : null;
}

/** Whether `node` is `scope` or inside it, crossing shadow boundaries upwards (shadow-inclusive). */
export function deepContains(scope: Node, node: Node): boolean {
  for (let n: Node | null = node; n; ) {
    if (scope.contains(n)) return true;
    const root = n.getRootNode();
    n = root.nodeType === 11 ? (root as ShadowRoot).host : null;
  }
  return false;
}

export class RootSet {
  readonly roots = new Set<Document | ShadowRoot>();
  private readonly openRoot: OpenRoot;
  private readonly onNewRoot: (root: ShadowRoot) => void;
  private readonly onRootGone: (root: ShadowRoot) => void;

  constructor(doc: Document, openRoot: OpenRoot = openShadowRoot, onNewRoot: (root: ShadowRoot) => void = () => {}, onRootGone: (root: ShadowRoot) => void = () => {}) {
    this.openRoot = openRoot;
    this.onNewRoot = onNewRoot;
    this.onRootGone = onRootGone;
    this.roots.add(doc);
  }

  /** Find shadow roots inside `node`'s subtree (and nested ones); returns how many elements were walked. */
  collect(node: Node): number {
    if (node.nodeType !== 1 && node.nodeType !== 11) return 0;
    let walked = 0;
    const stack: ParentNode[] = [node as ParentNode];
    while (stack.length > 0) {
      const parent = stack.pop() as ParentNode;
      if (parent.nodeType === 1) {
        walked++;
        const root = rootOf(parent as Element, this.openRoot);
        if (root) {
          if (!this.roots.has(root)) {
            this.roots.add(root);
            this.onNewRoot(root);
          }
          stack.push(root);
        }
      }
      for (let child = parent.firstElementChild; child; child = child.nextElementSibling) stack.push(child);
    }
    return walked;
  }

  /** Drop roots whose host left the document. */
  prune(): void {
    for (const root of this.roots) {
      if (root.nodeType === 11 && !(root as ShadowRoot).host.isConnected) {
        this.roots.delete(root);
        this.onRootGone(root as ShadowRoot);
      }
    }
  }

  /** First element matching `selector` in any root that passes `accept`, or null. Throws on a bad selector. */
  first(selector: string, accept: (el: Element) => boolean): Element | null {
    for (const root of this.roots) {
      for (const el of Array.from(root.querySelectorAll(selector))) if (accept(el)) return el;
    }
    return null;
  }

  /** `scope` and every shadow root inside it (nested ones too), found by walking the scope: a call view is small. */
  within(scope: Element): (Element | ShadowRoot)[] {
    const out: (Element | ShadowRoot)[] = [scope];
    const stack: ParentNode[] = [scope];
    while (stack.length > 0) {
      const parent = stack.pop() as ParentNode;
      if (parent.nodeType === 1) {
        const root = rootOf(parent as Element, this.openRoot);
        if (root) {
          out.push(root);
          stack.push(root);
        }
      }
      for (let child = parent.firstElementChild; child; child = child.nextElementSibling) stack.push(child);
    }
    return out;
  }

  /** querySelectorAll limited to `scope` (itself included) and the shadow roots inside it. Throws on a bad selector. */
  queryWithin(scope: Element, selector: string, scopes: readonly ParentNode[] = this.within(scope)): Element[] {
    const out = scope.matches(selector) ? [scope] : [];
    for (const s of scopes) out.push(...Array.from(s.querySelectorAll(selector)));
    return out;
  }

  /** Text of an element including the text inside its shadow roots, whitespace folded. */
  deepText(el: Element): string {
    const parts: string[] = [];
    const walk = (node: Node): void => {
      if (node.nodeType === 3) parts.push(node.nodeValue ?? '');
      if (node.nodeType === 1) {
        const root = rootOf(node as Element, this.openRoot);
        if (root) root.childNodes.forEach(walk);
      }
      node.childNodes.forEach(walk);
    };
    walk(el);
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  }
}

type ChromeDom = { dom?: { openOrClosedShadowRoot?: (el: HTMLElement) => ShadowRoot | null } };

/**
 * The opener for closed shadow roots in a content script: `chrome.dom.openOrClosedShadowRoot` (Chromium),
 * `element.openOrClosedShadowRoot()` (Firefox), else open roots only. It throws for non-HTML elements
 * (a custom-named SVG element, say), hence the try.
 */
export function closedRootOpener(): OpenRoot {
  const chromeDom = (globalThis as { chrome?: ChromeDom }).chrome?.dom;
  const open = chromeDom?.openOrClosedShadowRoot;
  if (typeof open === 'function') {
    return (el) => {
      try {
        return el.shadowRoot ?? open.call(chromeDom, el as HTMLElement) ?? null;
      } catch {
        return null;
      }
    };
  }
  if (typeof (Element.prototype as { openOrClosedShadowRoot?: unknown }).openOrClosedShadowRoot === 'function') {
    return (el) => (el as Element & { openOrClosedShadowRoot(): ShadowRoot | null }).openOrClosedShadowRoot() ?? null;
  }
  return openShadowRoot;
}
