/**
 * "Pick the caller's number": from the element the admin clicked, a ready `customAdapters` entry. The call
 * view is the nearest stable ancestor (one carrying a state attribute first), the number source the
 * picked element's most stable selector inside it, the interaction id an id-like attribute on or in the
 * view when there is one. What each selector matches right now comes with it, counted on the live page.
 */
import { RootSet } from '../dom/roots';
import { openShadowRoot, type OpenRoot } from '../dom/root-opener';
import { deepQueryAll } from '../dom/deep-selector';
import { readSources } from '../detect/read';
import { CustomAdapterSchema, type CustomAdapter } from '../policy/custom-adapter';
import { formatIssues } from '../policy/resolve';
import { selectorFor, shadowParent, stableStep, stateParts } from './stable-selector';

export interface Proposal {
  entry: CustomAdapter;
  /** What the entry's selectors find on the page now. */
  matchesNow: { callView: number; ani: number; interactionId: number; aniEnds: string | null };
  /** Why the entry would not validate (empty for every entry this builds; shown if not). */
  problems: string[];
}

/** Attribute names that carry a call's own id. */
const ID_NAME = /^(data-)?((.*-)?(call|conversation|contact|interaction|session|ticket|case|work-?item)[-_]?(id|ref|sid|key|uuid)|(call|conversation|contact|interaction)-?id)$/i;

/** Shadow-inclusive ancestors of `el`, nearest first, below <body>. */
function ancestorsOf(el: Element): Element[] {
  const out: Element[] = [];
  for (let a = shadowParent(el); a && a.localName !== 'body' && a.localName !== 'html'; a = shadowParent(a)) out.push(a);
  return out;
}

/** The call view: the nearest ancestor with a stable step and a state attribute, else the nearest stable one. */
function callViewOf(picked: Element): Element {
  const up = ancestorsOf(picked);
  const stable = up.filter((a) => stableStep(a) !== null);
  return stable.find((a) => stateParts(a) !== '') ?? stable.find((a) => !(stableStep(a) as string).startsWith('.')) ?? stable[0] ?? up[up.length - 1] ?? picked;
}

/** The first id-like attribute on the view or inside it (the picked number's own element excluded). */
function idSourceOf(roots: RootSet, view: Element, picked: Element): { el: Element; attribute: string } | null {
  const scopes = roots.within(view);
  const elements = [view, ...scopes.flatMap((s) => Array.from(s.querySelectorAll('*')))];
  for (const el of elements) {
    if (el === picked) continue;
    const attr = Array.from(el.attributes).find((a) => ID_NAME.test(a.name) && a.value.trim().length >= 3);
    if (attr) return { el, attribute: attr.name };
  }
  return null;
}

/** A policy-valid adapter id and label for the page's host. */
function naming(host: string): { id: string; label: string } {
  const slug = host.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return { id: `picked-${slug}`.slice(0, 64).replace(/-+$/, ''), label: `${host} (picked)`.slice(0, 100) };
}

/** The proposed adapter for the number the admin picked on `doc` at `url`. */
export function proposeAdapter(doc: Document, picked: Element, url: string, openRoot: OpenRoot = openShadowRoot): Proposal {
  const roots = new RootSet(doc, openRoot);
  roots.collect(doc.documentElement, 'all');
  const inPage = (selector: string): Element[] => deepQueryAll([...roots.roots], selector, doc);
  const view = callViewOf(picked);
  const viewSelector = `${selectorFor(view, inPage)}${stateParts(view)}`;
  const inView = (selector: string): Element[] => roots.queryWithin(view, selector);
  const aniSelector = selectorFor(picked, inView, view);
  const idSource = idSourceOf(roots, view, picked);
  const u = new URL(url);
  const entry: CustomAdapter = {
    ...naming(u.hostname),
    matches: [`${u.protocol}//${u.hostname}/*`],
    callView: viewSelector,
    ani: { selector: aniSelector },
    ...(idSource ? { interactionId: { selector: idSource.el === view ? viewSelector : selectorFor(idSource.el, inView, view), attribute: idSource.attribute } } : {}),
  };
  const parsed = CustomAdapterSchema.safeParse(entry);
  return { entry, matchesNow: matchesNow(roots, doc, entry), problems: parsed.success ? [] : formatIssues('entry', parsed.error.issues) };
}

/** How many elements each of the entry's selectors finds now, and the last two digits its number source reads. */
export function matchesNow(roots: RootSet, doc: Document, entry: CustomAdapter): Proposal['matchesNow'] {
  try {
    const views = deepQueryAll([...roots.roots], entry.callView, doc);
    const view = views[0];
    const ani = view ? roots.queryWithin(view, entry.ani.selector).length : 0;
    const ids = view && entry.interactionId?.selector ? roots.queryWithin(view, entry.interactionId.selector).length : 0;
    const read = view ? readSources(roots, view, [entry.ani]) : null;
    const digits = (read ?? '').replace(/\D/g, '');
    return { callView: views.length, ani, interactionId: ids, aniEnds: digits.length >= 2 ? digits.slice(-2) : null };
  } catch {
    return { callView: 0, ani: 0, interactionId: 0, aniEnds: null };
  }
}
