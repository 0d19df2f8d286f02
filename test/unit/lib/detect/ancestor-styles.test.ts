/** A call view's ancestors' styles kept between passes: read again whenever an ancestor changed or moved. */
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { ancestorStyles, type AncestorStyle } from '../../../../lib/detect/ancestor-styles.ts';
import { shownCheaply } from '../../../../lib/detect/visibility.ts';

/** A console with two tab panes; styles come from classes (a stand-in for the page's style sheet), reads counted. */
function setup() {
  const { document, MutationObserver } = parseHTML('<!doctype html><html><body><div id="tabs"><section id="a"></section><section id="b" class="hidden-tab"></section></div></body></html>');
  const doc = document as unknown as Document;
  const reads: string[] = [];
  const read = (el: Element): AncestorStyle => {
    reads.push(el.id || el.localName);
    return { hides: el.classList.contains('hidden-tab'), visibility: 'visible' };
  };
  const styles = ancestorStyles(read, MutationObserver as unknown as typeof globalThis.MutationObserver);
  const view = (pane: string): Element => {
    const v = doc.createElement('call-view');
    (doc.getElementById(pane) as Element).replaceChildren(v);
    return v;
  };
  return { doc, reads, styles, view };
}

describe('ancestorStyles', () => {
  it('reads a chain once, and a new view in the same container costs no read', () => {
    const { reads, styles, view } = setup();
    expect(shownCheaply(view('a'), styles)).toBe(true);
    expect(reads).toEqual(['a', 'tabs', 'body', 'html']);
    expect(shownCheaply(view('a'), styles)).toBe(true);
    expect(reads).toHaveLength(4);
  });

  it('an ancestor hidden in the same task as the view\'s insertion is read again (its record not yet delivered)', () => {
    const { doc, reads, styles, view } = setup();
    expect(shownCheaply(view('a'), styles)).toBe(true);
    // The console switches tabs and inserts the next record page into the now hidden pane, in one task.
    (doc.getElementById('a') as Element).classList.add('hidden-tab');
    (doc.getElementById('b') as Element).classList.remove('hidden-tab');
    expect(shownCheaply(view('a'), styles)).toBe(false);
    expect(shownCheaply(view('b'), styles)).toBe(true);
    expect(reads.filter((r) => r === 'a')).toHaveLength(2);
  });

  it('a moved ancestor is read again with its whole chain', () => {
    const { document, MutationObserver } = parseHTML('<!doctype html><html><body><div id="tabs"><section id="a"></section></div><div id="ghost" class="invisible"><section id="c"></section></div></body></html>');
    const doc = document as unknown as Document;
    const reads: string[] = [];
    // Visibility inherits: a rule on the container makes everything inside it invisible.
    const read = (el: Element): AncestorStyle => {
      reads.push(el.id || el.localName);
      return { hides: false, visibility: el.closest('.invisible') ? 'hidden' : 'visible' };
    };
    const styles = ancestorStyles(read, MutationObserver as unknown as typeof globalThis.MutationObserver);
    const inside = (id: string): Element => (doc.getElementById(id) as Element).appendChild(doc.createElement('call-view'));
    expect(shownCheaply(inside('a'), styles)).toBe(true);
    expect(shownCheaply(inside('c'), styles)).toBe(false);
    // Every ancestor of the next view is kept, but #a now lies in the invisible container: no attribute changed.
    (doc.getElementById('ghost') as Element).append(doc.getElementById('a') as Element);
    reads.length = 0;
    expect(shownCheaply(inside('a'), styles)).toBe(false);
    expect(reads).toEqual(['a', 'ghost', 'body', 'html']);
  });

  it('clear forgets every kept style', () => {
    const { reads, styles, view } = setup();
    const v = view('a');
    styles.of([v.parentElement as Element]);
    styles.clear();
    styles.of([v.parentElement as Element]);
    expect(reads).toEqual(['a', 'a']);
  });

  it('without an observer nothing is kept', () => {
    const { document } = parseHTML('<!doctype html><html><body><p></p></body></html>');
    let reads = 0;
    const styles = ancestorStyles(() => ({ hides: reads++ < 0, visibility: 'visible' }), undefined);
    const p = document.querySelector('p') as unknown as Element;
    styles.of([p]);
    styles.of([p]);
    expect(reads).toBe(2);
  });
});
