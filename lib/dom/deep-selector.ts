/**
 * One selector syntax for every adapter, built-in or admin-declared: a plain CSS selector list whose
 * descendant combinators (a space) also cross shadow boundaries, as if the shadow roots were not there.
 * `records-record-layout-item lightning-formatted-phone` matches a phone inside the layout item's shadow
 * root (native shadow) as well as in its light DOM (synthetic shadow, slotted content). The other
 * combinators (`>`, `+`, `~`) keep their CSS meaning inside one tree.
 *
 * Why plain CSS rather than a piercing combinator (`>>>`): the selectors admins already wrote keep
 * working and now also cross the boundaries the admin guide told them to ignore; every string is still
 * something `querySelectorAll` parses, so the browser stays the syntax authority; and one Salesforce
 * release moving a component into or out of a shadow root does not break a selector.
 *
 * Evaluation is right to left, as browsers do: the last segments (the parts after each complex selector's last
 * descendant combinator) are queried natively in each root searched, as one list, so matches come in document
 * order within a root as querySelectorAll gives them; each candidate is then checked against the other
 * segments on its shadow-including ancestors, nearest first (greedy is exact for descendant chains).
 */

/** A complex selector split at its descendant combinators: `['a > b', 'c']` for `a > b c`. */
type Chain = readonly string[];

/** A selector compiled: its chains, and their distinct last segments as one list (`one`: a single one). */
interface Compiled {
  chains: readonly Chain[];
  list: string;
  one: boolean;
}

const compiled = new Map<string, Compiled>();
/** Selectors the browser already parsed whole (so a bad one throws even when no candidate exists). */
const checked = new Set<string>();

/**
 * Native answers kept for one synchronous read of the page (nothing changes the DOM inside it): per list of
 * last segments, per root. A call's sources mostly end in the same component (three of a Salesforce phone
 * field's four end in `lightning-formatted-phone`), so each root is asked once per pass, not once per source.
 */
export type QueryMemo = Map<string, Map<ParentNode, NodeListOf<Element>>>;

/** Split `s` at top-level occurrences of `sep` (outside quotes, brackets and parentheses). */
function splitTop(s: string, isSep: (s: string, i: number) => boolean): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\') i++;
    else if (quote) quote = c === quote ? '' : quote;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (depth === 0 && isSep(s, i)) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** Whether the whitespace at `i` is a descendant combinator (not padding around `>`, `+`, `~`). */
function descendantAt(s: string, i: number): boolean {
  if (!/\s/.test(s[i] as string)) return false;
  const before = s.slice(0, i).trimEnd();
  const after = s.slice(i + 1).trimStart();
  return before !== '' && after !== '' && !/[>+~]$/.test(before) && !/^[>+~]/.test(after) && !/\s/.test(s[i + 1] ?? '');
}

/** The selector compiled, cached (adapters are few and fixed). */
function compile(selector: string): Compiled {
  let c = compiled.get(selector);
  if (!c) {
    const chains = splitTop(selector, (s, i) => s[i] === ',').map((complex) =>
      splitTop(complex.trim(), descendantAt).map((segment) => segment.trim()).filter((segment) => segment !== ''),
    );
    const lasts = [...new Set(chains.map((chain) => chain[chain.length - 1] as string))];
    compiled.set(selector, (c = { chains, list: lasts.join(', '), one: lasts.length === 1 }));
  }
  return c;
}

/** The selector list as chains (cached, with the list of their last segments deepQueryAll asks for). */
export function compileDeep(selector: string): readonly Chain[] {
  return compile(selector).chains;
}

/**
 * Have the browser parse `selector` whole, once: throws, as querySelector does, on one it refuses. The parse runs
 * on an empty fragment of `at`'s document: the same question asked of the document also searched all of it (a
 * console of 20,000 elements) in the pass that first used the selector, a new call's.
 */
export function checkSelector(at: ParentNode, selector: string): void {
  if (checked.has(selector)) return;
  const doc = at.nodeType === 9 ? (at as Document) : (at as Node).ownerDocument;
  (doc ? doc.createDocumentFragment() : at).querySelector(selector);
  checked.add(selector);
}

/** The parent of `node`, crossing from a shadow root's top level to its host. */
function shadowParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const parent = el.parentNode;
  return parent && parent.nodeType === 11 ? ((parent as ShadowRoot).host ?? null) : null;
}

/**
 * The nearest shadow-including inclusive ancestor of `el` matching `segment`, or null: one native closest()
 * per tree (then on to the tree's host) instead of a matches() per ancestor. A segment that matches nothing
 * above (a phone field's more specific source, on a page without it) cost a call per ancestor up to <html>.
 */
function closestDeep(el: Element | null, segment: string): Element | null {
  for (let at = el; at; ) {
    const found = at.closest(segment);
    if (found) return found;
    const root = at.getRootNode();
    at = root.nodeType === 11 ? ((root as ShadowRoot).host ?? null) : null;
  }
  return null;
}

/** Whether `el` (already matching the chain's last segment) has ancestors matching the rest, in order. */
function ancestorsMatch(el: Element, chain: Chain): boolean {
  let at: Element | null = el;
  for (let i = chain.length - 2; i >= 0 && at; i--) at = closestDeep(shadowParent(at), chain[i] as string);
  return at !== null;
}

/** Whether `el` matches `selector` with descendant combinators crossing shadow boundaries. */
export function deepMatches(el: Element, selector: string): boolean {
  return compileDeep(selector).some((chain) => el.matches(chain[chain.length - 1] as string) && ancestorsMatch(el, chain));
}

/**
 * deepQueryAll's first element in `scope` when one native query can tell (a selector of one complex
 * selector: its first match of the last segment, if its ancestors match, else none there at all), or
 * undefined when it cannot (a selector list, or the first candidate's ancestors do not match).
 */
export function deepQueryFirst(scope: ParentNode, selector: string, check?: ParentNode): Element | null | undefined {
  const chains = compileDeep(selector);
  const chain = chains[0];
  if (chains.length !== 1 || !chain) return undefined;
  if (check) checkSelector(check, selector);
  const el = scope.querySelector(chain[chain.length - 1] as string);
  if (!el) return null;
  return chain.length === 1 || ancestorsMatch(el, chain) ? el : undefined;
}

/** `scope.querySelectorAll(list)`, or the answer `memo` kept for it. */
function queryAll(scope: ParentNode, list: string, memo: QueryMemo | undefined): NodeListOf<Element> {
  if (!memo) return scope.querySelectorAll(list);
  let byScope = memo.get(list);
  if (!byScope) memo.set(list, (byScope = new Map()));
  let found = byScope.get(scope);
  if (!found) byScope.set(scope, (found = scope.querySelectorAll(list)));
  return found;
}

/** Whether `el`, found by the chains' last segments (`one`: all the same), matches one of the chains. */
function matchesOne(el: Element, chains: readonly Chain[], one: boolean): boolean {
  return chains.some((c) => (one || el.matches(c[c.length - 1] as string)) && (c.length === 1 || ancestorsMatch(el, c)));
}

/**
 * Elements in `scopes` (a root, or an element and the shadow roots inside it) matching `selector` across
 * shadow boundaries, each once, in scope order and in document order within a scope. Throws, like
 * querySelectorAll, on a selector the browser refuses (`check` is asked the whole selector once, so a bad part
 * is found even with no candidates). `memo`: native answers shared by the queries of one read (QueryMemo).
 */
export function deepQueryAll(scopes: Iterable<ParentNode>, selector: string, check?: ParentNode, memo?: QueryMemo): Element[] {
  if (check) checkSelector(check, selector);
  const { chains, list, one } = compile(selector);
  const out: Element[] = [];
  const seen = new Set<Element>();
  for (const scope of scopes) {
    const found = queryAll(scope, list, memo);
    for (let i = 0; i < found.length; i++) {
      const el = found[i] as Element;
      if (!seen.has(el) && matchesOne(el, chains, one)) {
        seen.add(el);
        out.push(el);
      }
    }
  }
  return out;
}
