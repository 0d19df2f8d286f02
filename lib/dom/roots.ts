/**
 * Keeps the set of roots to search and observe: the document plus every shadow root found so far, collected from
 * added subtrees only (never a full-document walk per mutation) by a native query for the possible hosts: custom
 * elements (the usual CRM components) and the plain elements the DOM lets host a shadow root (div, span, ...; the
 * detector batches those per frame). Closed roots come through `openRoot` (root-opener.ts), for custom elements only.
 */
import { deepMatches, deepQueryAll, deepQueryFirst, type QueryMemo } from './deep-selector';
import { openShadowRoot, type OpenRoot } from './root-opener';

// Every built-in HTML element (and common SVG ones): whatever is left is a custom element.
const BUILT_IN = 'a,abbr,acronym,address,area,article,aside,audio,b,base,bdi,bdo,big,blockquote,body,br,button,canvas,caption,center,cite,code,col,colgroup,data,datalist,dd,del,details,dfn,dialog,dir,div,dl,dt,em,embed,fieldset,figcaption,figure,font,footer,form,frame,frameset,h1,h2,h3,h4,h5,h6,head,header,hgroup,hr,html,i,iframe,img,input,ins,kbd,label,legend,li,link,main,map,mark,marquee,menu,meta,meter,nav,nobr,noscript,object,ol,optgroup,option,output,p,param,picture,pre,progress,q,rp,rt,ruby,s,samp,script,search,section,select,slot,small,source,span,strike,strong,style,sub,summary,sup,table,tbody,td,template,textarea,tfoot,th,thead,time,title,tr,track,tt,u,ul,var,video,wbr,svg,g,path,circle,rect,line,polyline,polygon,ellipse,text,tspan,defs,use,symbol,image,math';
/** Custom elements, found natively (no wrapper per visited node in the content script's world). */
const CUSTOM = `:not(${BUILT_IN})`;
/** The built-in elements that may host a shadow root (DOM: "valid shadow host name"), besides custom ones. */
const PLAIN_HOSTS = 'article,aside,blockquote,body,div,footer,h1,h2,h3,h4,h5,h6,header,main,nav,p,section,span';
const ANY_HOST = `${CUSTOM},${PLAIN_HOSTS}`;

/**
 * Which possible shadow hosts a scan asks: custom elements only (cheap: few per subtree), every kind, or every
 * element: a call view just inserted (the :not() list cost 0.1-0.3 ms a query on a fresh 16-element record page, `*` µs).
 */
export type HostKind = 'custom' | 'all' | 'every';
const SELECTORS: Record<HostKind, string> = { custom: CUSTOM, all: ANY_HOST, every: '*' };

/**
 * Possible shadow hosts of `kind` in `node`, and `node` itself when it is an element (whatever its kind:
 * asking its root costs less than matching it against the selector). A node without element children
 * (a list item, a text field) needs no query.
 */
function hostsIn(node: ParentNode, kind: HostKind): Element[] {
  const out: Element[] = node.nodeType === 1 ? [node as Element] : [];
  if (!node.firstElementChild) return out;
  const found = node.querySelectorAll(SELECTORS[kind]);
  for (let i = 0; i < found.length; i++) out.push(found[i] as Element);
  return out;
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
  private readonly doc: Document;
  private readonly openRoot: OpenRoot;
  private readonly onNewRoot: (root: ShadowRoot) => void;
  private readonly onRootGone: (root: ShadowRoot) => void;
  /** A closed shadow root was found in this page (by any scan or read): never reset. */
  closedSeen = false;
  /** Inside openOnly(): where the elements a closed root would be asked of go instead. */
  private unasked: Element[] | null = null;

  constructor(doc: Document, openRoot: OpenRoot = openShadowRoot, onNewRoot: (root: ShadowRoot) => void = () => {}, onRootGone: (root: ShadowRoot) => void = () => {}) {
    this.doc = doc;
    this.openRoot = openRoot;
    this.onNewRoot = onNewRoot;
    this.onRootGone = onRootGone;
    this.roots.add(doc);
  }

  /**
   * The shadow root of an element: an open one directly; a closed one through `openRoot`, asked of custom elements
   * only (CRM components are; an extension-API call per div of a busy page would cost more than the detector).
   * Inside openOnly(), the custom elements a closed root would be asked of are listed instead.
   */
  private rootOf(el: Element): ShadowRoot | null {
    const open = el.shadowRoot;
    if (open || this.openRoot === openShadowRoot || !el.localName.includes('-')) return open;
    if (this.unasked) {
      this.unasked.push(el);
      return null;
    }
    const closed = this.openRoot(el);
    if (closed) this.closedSeen = true;
    return closed;
  }

  /**
   * Find shadow roots on the `kind` hosts inside `node`'s subtree, and nested ones (on the same kind of
   * hosts); returns how many elements were asked.
   */
  collect(node: Node, kind: HostKind = 'custom'): number {
    if (node.nodeType !== 1 && node.nodeType !== 11) return 0;
    let asked = 0;
    const stack: ParentNode[] = [node as ParentNode];
    while (stack.length > 0) {
      for (const el of hostsIn(stack.pop() as ParentNode, kind)) {
        asked++;
        const root = this.rootOf(el);
        if (!root) continue;
        if (!this.roots.has(root)) {
          this.roots.add(root);
          this.onNewRoot(root);
        }
        stack.push(root);
      }
    }
    return asked;
  }

  /** Collect on every element of `node`'s subtree (a call view); whether that found a root not known before. */
  collectNew(node: Node): boolean {
    const known = this.roots.size;
    this.collect(node, 'every');
    return this.roots.size !== known;
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

  /**
   * First element matching `selector` (descendant combinators crossing shadow roots, deep-selector.ts)
   * in any root that passes `accept`, or null. Throws on a bad selector.
   */
  first(selector: string, accept: (el: Element) => boolean): Element | null {
    for (const root of this.roots) {
      // Usually the root's first match is the one: one query that stops there, not a walk of the whole
      // document (a call view is most often inserted before a console's long lists).
      const one = deepQueryFirst(root, selector, this.doc);
      if (one && accept(one)) return one;
      if (one === null) continue;
      for (const el of deepQueryAll([root], selector, this.doc)) if (el !== one && accept(el)) return el;
    }
    return null;
  }

  /**
   * `read` with open roots only: custom elements without one go to `unasked`, not asked for a closed root (an API
   * call each, 5-10 µs in Chromium). When none of them has one (anyClosed), asking every element finds the same roots.
   */
  openOnly<T>(unasked: Element[], read: () => T): T {
    const outer = this.unasked;
    this.unasked = unasked;
    try {
      return read();
    } finally {
      this.unasked = outer;
    }
  }

  /** Whether any of `hosts` (listed by openOnly, some twice: view walk and text walk) has a closed root: each asked once. */
  anyClosed(hosts: readonly Element[]): boolean {
    return [...new Set(hosts)].some((el) => this.rootOf(el) !== null);
  }

  /** `scope` and every shadow root inside it (nested ones too), on custom or plain hosts. */
  within(scope: Element): (Element | ShadowRoot)[] {
    const out: (Element | ShadowRoot)[] = [scope];
    for (let i = 0; i < out.length; i++) {
      for (const el of hostsIn(out[i] as ParentNode, 'every')) {
        const root = this.rootOf(el);
        if (root) out.push(root);
      }
    }
    return out;
  }

  /**
   * Elements matching `selector` (descendant combinators crossing shadow roots) in `scope` (itself included)
   * and the shadow roots inside it; ancestors may lie outside the scope, as with querySelectorAll.
   * Throws on a bad selector. `memo`: native answers shared by one read's queries (deep-selector.ts).
   */
  queryWithin(scope: Element, selector: string, scopes: readonly ParentNode[] = this.within(scope), memo?: QueryMemo): Element[] {
    const found = deepQueryAll(scopes, selector, scope, memo);
    return deepMatches(scope, selector) ? [scope, ...found] : found;
  }

  /** Text of an element including the text inside its shadow roots, whitespace folded; `seen` gets each element walked. */
  deepText(el: Element, seen?: (el: Element) => void): string {
    const parts: string[] = [];
    const walk = (node: Node): void => {
      if (node.nodeType === 3) parts.push(node.nodeValue ?? '');
      if (node.nodeType === 1) {
        // Shadow roots carry their styles as <style> elements (LWC's, our guards' masks): never text.
        if (NOT_TEXT.has((node as Element).localName)) return;
        seen?.(node as Element);
        const root = this.rootOf(node as Element);
        if (root) root.childNodes.forEach(walk);
      }
      node.childNodes.forEach(walk);
    };
    walk(el);
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  }
}

const NOT_TEXT = new Set(['style', 'script', 'template', 'noscript']); // their content is never shown as text
