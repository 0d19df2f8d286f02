/** The watched call view: which new roots need a pass, and when an added element makes it re-observe the view. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { viewWatch } from '../../../../lib/detect/watch.ts';

/** Counts the nodes observed (the watch observes the view and each of its ancestors). */
class CountingObserver {
  static observed = 0;
  observe(): void {
    CountingObserver.observed++;
  }
  disconnect(): void {}
}

function setup() {
  const { document } = parseHTML('<!doctype html><html><body><section><call-view><x-in></x-in></call-view></section><x-out></x-out></body></html>');
  const doc = document as unknown as Document;
  const view = doc.querySelector('call-view') as Element;
  const seen = (doc.querySelector('x-in') as Element).attachShadow({ mode: 'open' });
  const outside = (doc.querySelector('x-out') as Element).attachShadow({ mode: 'open' });
  const watch = viewWatch(() => [], new AbortController().signal, () => {});
  return { doc, view, seen, outside, watch };
}

afterEach(() => {
  vi.unstubAllGlobals();
  CountingObserver.observed = 0;
});

describe('viewWatch.unseen', () => {
  it('is true only for a root inside the watched view that its pass did not see', () => {
    vi.stubGlobal('MutationObserver', CountingObserver);
    const { doc, view, seen, outside, watch } = setup();
    expect(watch.unseen([seen])).toBe(false); // nothing watched
    watch.set(view, [view, seen]);
    expect(watch.unseen([seen, outside])).toBe(false);
    const late = doc.createElement('x-late');
    (seen as unknown as Element).append(late);
    const lateRoot = late.attachShadow({ mode: 'open' });
    expect(watch.unseen([outside, lateRoot])).toBe(true);
  });
});

describe('viewWatch.added', () => {
  it('re-observes a moved view, except in the checkpoint that observed it after the move', async () => {
    vi.stubGlobal('MutationObserver', CountingObserver);
    const { doc, view, watch } = setup();
    const section = doc.querySelector('section') as Element;
    watch.set(view, [view]);
    const once = CountingObserver.observed;
    expect(once).toBeGreaterThan(1); // the view and its ancestors
    expect(watch.added(section, 'call-view')).toBe(false);
    expect(CountingObserver.observed).toBe(once);
    await Promise.resolve();
    expect(watch.added(section, 'call-view')).toBe(false);
    expect(CountingObserver.observed).toBe(2 * once);
  });

  it('asks for a pass when an added element holds another call view', () => {
    vi.stubGlobal('MutationObserver', CountingObserver);
    const { doc, view, watch } = setup();
    watch.set(view, [view]);
    const other = doc.createElement('div');
    other.innerHTML = '<call-view></call-view>';
    doc.body.append(other);
    expect(watch.added(other, 'call-view')).toBe(true);
  });
});
