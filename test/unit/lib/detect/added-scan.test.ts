/** The scanner's intake of mutation records: added elements queued, and a hook that runs before the first. */
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { addedScanner } from '../../../../lib/detect/added-scan.ts';
import { RootSet } from '../../../../lib/dom/roots.ts';

const record = (type: string, added: Node[] = [], removed: Node[] = []) =>
  ({ type, addedNodes: added, removedNodes: removed }) as unknown as MutationRecord;

describe('addedScanner.take', () => {
  it('runs beforeFirst once, before the first added element is queued; skips text nodes and attribute records', () => {
    const { document } = parseHTML('<html><body></body></html>');
    const doc = document as unknown as Document;
    const roots = new RootSet(doc);
    const events: string[] = [];
    const added = addedScanner(roots, doc, new AbortController().signal, 5000, () => {});
    const host = doc.createElement('x-host');
    const text = doc.createTextNode('x');
    expect(added.unflushed).toBe(false);
    added.take([record('attributes'), record('childList', [text])], () => events.push('first'));
    expect([events, added.unflushed]).toEqual([[], false]);
    added.take([record('childList', [text, host, doc.createElement('div')])], () => events.push(`first, unflushed ${added.unflushed}`));
    expect(events).toEqual(['first, unflushed false']);
    expect(added.unflushed).toBe(true);
  });
});
