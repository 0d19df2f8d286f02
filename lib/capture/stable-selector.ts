/**
 * The most stable selector for an element the admin picked, in our selector syntax (lib/dom/deep-selector.ts:
 * a descendant combinator also crosses shadow roots, `>` stays in one tree). Preference, as the adapter
 * files argue: ids, test ids and other data-* values, API names (field-label, name), custom element names,
 * then a data-* attribute's presence, classes last; never a generated class or id (CSS-in-JS hashes,
 * framework counters), never a value with digits in it (they change per call).
 */

/** Test-id attributes, strongest first. */
const TEST_IDS = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-automation-id', 'data-id', 'data-aid'];
/** API-name attributes (Salesforce App Builder, LWC field labels, form names). */
const API_NAMES = ['data-target-selection-name', 'data-field-id', 'data-field-name', 'field-label', 'name'];
/** Attributes that say what state a view is in: kept on a call view so it matches only that state. */
export const STATE_ATTRIBUTE = /^data-(.*-)?(state|status|phase)$/;

/** Whether a class or id looks machine-made (it changes with every build or render). */
export function looksGenerated(token: string): boolean {
  if (/\d/.test(token) || token.length > 60) return true;
  if (/^(css|sc|jsx|emotion|styled|svelte|astro|tw|ng-tns|ember|glamor|makeStyles)[-_]/i.test(token) || /^_/.test(token)) return true;
  // styled-components style hashes (`bdVaJa`): short, mixed case, no separator.
  return /^[a-zA-Z]{5,8}$/.test(token) && /[a-z][A-Z]/.test(token) && /[A-Z][a-z]?[A-Z]/.test(token);
}

/** A quoted CSS string. */
export function cssString(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

const IDENT = /^-?[A-Za-z_][A-Za-z0-9_-]*$/;
/** A value usable as a selector constant: no digits, no content-like characters. */
const stableValue = (v: string | null): v is string => !!v && v.length <= 100 && !/\d/.test(v) && !/[\s{};@]/.test(v) && !looksGenerated(v.replace(/[.:/]/g, '-').split('-').find((p) => p.length > 0) ?? v);

/** `[name="value"]`, or `#id` when the id is a plain identifier. */
function attrStep(name: string, value: string): string {
  return name === 'id' && IDENT.test(value) ? `#${value}` : `[${name}=${cssString(value)}]`;
}

/** The strongest selector step for `el` alone (no position), or null when it has nothing stable. */
export function stableStep(el: Element): string | null {
  const id = el.getAttribute('id');
  if (stableValue(id) && !looksGenerated(id)) return attrStep('id', id);
  for (const name of [...TEST_IDS, ...API_NAMES]) {
    const v = el.getAttribute(name);
    if (stableValue(v)) return attrStep(name, v);
  }
  const data = Array.from(el.attributes).filter((a) => a.name.startsWith('data-') && !/\d/.test(a.name) && !STATE_ATTRIBUTE.test(a.name));
  const valued = data.find((a) => stableValue(a.value));
  if (valued) return attrStep(valued.name, valued.value);
  if (el.localName.includes('-')) return el.localName;
  const present = data.find((a) => a.value !== '');
  if (present) return `[${present.name}]`;
  const cls = Array.from(el.classList).find((c) => IDENT.test(c) && !looksGenerated(c));
  return cls ? `.${cls}` : null;
}

/** The parent element across a shadow boundary (a shadow root's top level → its host). */
export function shadowParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const parent = el.parentNode;
  return parent && parent.nodeType === 11 ? ((parent as ShadowRoot).host ?? null) : null;
}

/** `tag` or `tag:nth-of-type(n)` among its siblings (a position: the last resort inside a stable anchor). */
function positional(el: Element): string {
  const same = el.parentNode ? Array.from(el.parentNode.children).filter((c) => c.localName === el.localName) : [el];
  return same.length > 1 ? `${el.localName}:nth-of-type(${same.indexOf(el) + 1})` : el.localName;
}

/** `el`'s own step, or a `>` path from its nearest stable ancestor in the same tree (never past `stop`). */
function localPath(el: Element, stop: Element | null): string {
  const own = stableStep(el);
  if (own) return own;
  const parts = [positional(el)];
  for (let p = el.parentElement; p && p !== stop; p = p.parentElement) {
    const step = stableStep(p);
    if (step) return [step, ...parts].join(' > ');
    parts.unshift(positional(p));
  }
  return parts.join(' > ');
}

/**
 * A selector for `el` that `query` (the elements it matches, in document order) finds first and, when
 * possible, alone: its own path, then stable shadow-including ancestors (below `stop`) added one by one.
 */
export function selectorFor(el: Element, query: (selector: string) => Element[], stop: Element | null = null): string {
  let selector = localPath(el, stop);
  const good = (found: Element[]): boolean => found[0] === el && found.length === 1;
  if (good(query(selector))) return selector;
  let best = query(selector)[0] === el ? selector : null;
  for (let a = shadowParent(el); a && a !== stop && a.localName !== 'body' && a.localName !== 'html'; a = shadowParent(a)) {
    const step = stableStep(a);
    if (!step || selector.startsWith(step)) continue;
    selector = `${step} ${selector}`;
    const found = query(selector);
    if (good(found)) return selector;
    if (!best && found[0] === el) best = selector;
  }
  return best ?? selector;
}

/** The state attributes of `el` with stable values, as selector parts (`[data-state="connected"]`). */
export function stateParts(el: Element): string {
  return Array.from(el.attributes)
    .filter((a) => STATE_ATTRIBUTE.test(a.name) && stableValue(a.value))
    .map((a) => `[${a.name}=${cssString(a.value)}]`)
    .join('');
}
