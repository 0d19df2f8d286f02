/**
 * "Capture this console": a redacted outline of one frame (tags, the structural attributes of redact.ts,
 * shadow roots open or closed, frames) and what each selector of the adapters for its host finds there.
 * Text never leaves as text: a text node is recorded as its kind only. The caller passes the document,
 * its URL and the closed-root opener in (lib/ touches no globals).
 */
import type { Adapter, ValueSource } from '../adapters/types';
import { RootSet } from '../dom/roots';
import { openShadowRoot, type OpenRoot } from '../dom/root-opener';
import { deepQueryAll } from '../dom/deep-selector';
import { matchesAny } from '../match-pattern';
import { regex } from '../detect/read';
import { keepsAttribute, redactAttribute, redactUrl, textKind, type TextKind } from './redact';

export interface OutlineNode {
  /** Tag name; `#text` for a text node. */
  tag: string;
  attrs?: Record<string, string>;
  text?: TextKind;
  shadow?: { mode: 'open' | 'closed'; children: OutlineNode[] };
  children?: OutlineNode[];
}

export interface SelectorFinding {
  role: 'callView' | 'ani' | 'interactionId' | 'customerId' | 'attestation' | 'version';
  selector: string;
  /** Elements found in the whole frame (shadow roots included); -1: the browser refused the selector. */
  found: number;
}

export interface AdapterFinding {
  id: string;
  label: string;
  /** The adapter's URL pattern accepts this page. */
  urlMatches: boolean;
  selectors: SelectorFinding[];
}

export interface FrameCapture {
  url: string;
  top: boolean;
  nodes: number;
  truncated: boolean;
  adapters: AdapterFinding[];
  outline: OutlineNode;
}

/** Elements whose content is code or invisible: recorded by tag only. */
const OPAQUE = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas']);
/** At most this many nodes per frame (a console rarely has more; a bigger one is marked truncated). */
export const MAX_NODES = 20_000;

/** Outline of `doc` at `url` and the findings of the `adapters` whose hosts match it. */
export function captureFrame(doc: Document, url: string, adapters: readonly Adapter[], opts: { top: boolean; openRoot?: OpenRoot; maxNodes?: number }): FrameCapture {
  const openRoot = opts.openRoot ?? openShadowRoot;
  const max = opts.maxNodes ?? MAX_NODES;
  let nodes = 0;
  const walk = (node: Node): OutlineNode | null => {
    if (nodes >= max) return null;
    if (node.nodeType === 3) {
      const value = node.nodeValue ?? '';
      if (value.trim() === '') return null;
      nodes++;
      return { tag: '#text', text: textKind(value) };
    }
    if (node.nodeType !== 1) return null;
    nodes++;
    const el = node as Element;
    const out: OutlineNode = { tag: el.localName };
    const attrs: Record<string, string> = {};
    for (const a of Array.from(el.attributes)) if (keepsAttribute(a.name)) attrs[a.name] = redactAttribute(a.name, a.value);
    if (el.localName === 'iframe' || el.localName === 'frame') {
      const src = el.getAttribute('src');
      if (src) attrs.src = URL.canParse(src, url) ? redactUrl(new URL(src, url).href) : '…';
    }
    if (Object.keys(attrs).length > 0) out.attrs = attrs;
    const root = el.shadowRoot ?? (el.localName.includes('-') ? openRoot(el) : null);
    if (root) out.shadow = { mode: el.shadowRoot ? 'open' : 'closed', children: kids(root) };
    if (!OPAQUE.has(el.localName)) {
      const children = kids(el);
      if (children.length > 0) out.children = children;
    }
    return out;
  };
  const kids = (parent: Node): OutlineNode[] => Array.from(parent.childNodes).map(walk).filter((n): n is OutlineNode => n !== null);
  const outline = walk(doc.documentElement) ?? { tag: 'html' };
  return { url: redactUrl(url), top: opts.top, nodes, truncated: nodes >= max, adapters: findings(doc, url, adapters, openRoot), outline };
}

/** What each selector of every adapter for this host finds in the frame. */
function findings(doc: Document, url: string, adapters: readonly Adapter[], openRoot: OpenRoot): AdapterFinding[] {
  const mine = adapters.filter((a) => matchesAny(a.matches, url));
  if (mine.length === 0) return [];
  const roots = new RootSet(doc, openRoot);
  roots.collect(doc.documentElement, 'all');
  const count = (selector: string): number => {
    try {
      return deepQueryAll([...roots.roots], selector, doc).length;
    } catch {
      return -1;
    }
  };
  const u = new URL(url);
  return mine.map((a) => {
    const sources: [SelectorFinding['role'], readonly ValueSource[]][] = [
      ['ani', a.ani], ['interactionId', a.interactionId ? [a.interactionId] : []], ['customerId', a.customerId ? [a.customerId] : []],
      ['attestation', a.attestation ? [a.attestation] : []], ['version', a.version ? [a.version] : []],
    ];
    const selectors: SelectorFinding[] = [{ role: 'callView', selector: a.callView, found: count(a.callView) }];
    for (const [role, list] of sources) for (const s of list) selectors.push({ role, selector: s.selector, found: count(s.selector) });
    return { id: a.id, label: a.label, urlMatches: regex(a.urlPattern)?.test(u.pathname + u.search + u.hash) ?? false, selectors };
  });
}
