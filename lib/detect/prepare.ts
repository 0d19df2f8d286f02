/**
 * Ahead of a page's first call, at an idle moment after the detector starts or its list changes: the adapters'
 * selectors parsed (by the browser and into deep-selector.ts's chains), their patterns compiled, and the pass's
 * reading code run once on a detached sample view. Each is otherwise done inside the detection's latency of the
 * first call that needs it: a page's first call took 3.5-5 ms against 0.4-0.6 ms for later ones (traced bench
 * calls), spread over every step of the pass (its code compiled on first use), and the browser's check of the
 * call view's selector searched the whole console then.
 */
import type { Adapter } from '../adapters/types';
import { checkSelector, compileDeep } from '../dom/deep-selector';
import type { RootSet } from '../dom/roots';
import { firstIn } from './find';
import { passSources, readSources, regex } from './read';

/** Every selector an adapter's pass may ask, and every pattern it may apply. */
function partsOf(adapter: Adapter): { selectors: string[]; patterns: string[] } {
  const sources = passSources(adapter);
  return {
    selectors: [adapter.callView, ...sources.map((s) => s.selector)],
    patterns: sources.map((s) => s.pattern).filter((p): p is string => !!p),
  };
}

/**
 * Parse the selectors and compile the patterns of `adapters` in `doc` (its fragments: no search of the page).
 * A selector the browser refuses is skipped: the pass that uses it marks its adapter broken, as before.
 */
export function prepareAdapters(adapters: readonly Adapter[], doc: Document): void {
  for (const adapter of adapters) {
    const { selectors, patterns } = partsOf(adapter);
    for (const selector of selectors) {
      try {
        checkSelector(doc, selector);
        compileDeep(selector);
      } catch {
        // refused: left to the pass (see above)
      }
    }
    // A regular expression is compiled to code at its first match, not at construction.
    for (const pattern of patterns) regex(pattern)?.exec('');
  }
}

/**
 * Run the pass's reading code (view query, the view's shadow roots, sources, the number's text and dial link) on
 * a sample view that is never inserted in the page, so a call's pass runs compiled code. Returns what it read
 * (the sample's number and its link); the page and `roots` are left as they were.
 */
export function rehearseRead(roots: RootSet, doc: Document): string | null {
  const view = doc.createElement('div');
  const field = view.appendChild(doc.createElement('cv-sample-field'));
  const link = field.appendChild(doc.createElement('span')).appendChild(doc.createElement('a'));
  link.setAttribute('href', 'tel:+15550100');
  link.textContent = '+1 555 0100';
  firstIn([view], 'div cv-sample-field', view, () => true);
  const sources = [{ selector: 'div cv-sample-field span', pattern: '^(.+)$' }];
  // Both ways a call is read (evaluate.ts): in its open roots first, then with every root.
  roots.openOnly([], () => readSources(roots, view, sources));
  return readSources(roots, view, sources);
}
