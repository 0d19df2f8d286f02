/** capture → fixture page: the adapter that matched the console still finds the call view and the number there. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { captureFrame } from '../../../../lib/capture/outline.ts';
import { buildCapture } from '../../../../lib/capture/summary.ts';
import { captureToFixture, FIXTURE_NUMBER } from '../../../../lib/capture/fixture.ts';
import { customAdapterToAdapter } from '../../../../lib/policy/custom-adapter.ts';
import { RootSet } from '../../../../lib/dom/roots.ts';
import { deepQueryAll } from '../../../../lib/dom/deep-selector.ts';
import { readInteractionId, readSources } from '../../../../lib/detect/read.ts';
import { main } from '../../../../scripts/capture-to-fixture.ts';
import { consoleDom, PLANTED } from './console-dom.ts';

const ADAPTER = customAdapterToAdapter({
  id: 'example-crm', label: 'Example CRM', matches: ['https://crm.example.test/*'],
  callView: '[data-testid="call-card"][data-state="connected"]', ani: { selector: 'acme-caller .row > span:nth-of-type(2)' },
  interactionId: { selector: '[data-call-ref]', attribute: 'data-call-ref' },
});

/** What a browser's parser does with declarative shadow DOM (linkedom leaves the templates in place). */
function attachDeclarativeRoots(scope: ParentNode, closed: Map<Element, ShadowRoot>): void {
  for (const t of Array.from(scope.querySelectorAll('template[shadowrootmode]'))) {
    const host = t.parentNode as Element;
    const mode = t.getAttribute('shadowrootmode') as 'open' | 'closed';
    const root = host.attachShadow({ mode });
    root.innerHTML = t.innerHTML;
    t.remove();
    if (mode === 'closed') closed.set(host, root);
    attachDeclarativeRoots(root, closed);
  }
}

function capture() {
  const { document, openRoot } = consoleDom();
  const frame = captureFrame(document, 'https://crm.example.test/calls/CALL-0123', [ADAPTER], { top: true, openRoot });
  return buildCapture([frame], { takenAt: '2030-01-01T00:00:00.000Z', extensionVersion: '0.1.0' });
}

describe('captureToFixture', () => {
  const html = captureToFixture(capture());

  it('holds none of the planted data and loads nothing', () => {
    for (const secret of PLANTED) expect(html).not.toContain(secret);
    expect(html).not.toMatch(/<script|<link| src="https/);
  });

  it('lets the matching adapter find its call view, the caller number and the call id', () => {
    const { document } = parseHTML(html);
    const doc = document as unknown as Document;
    const closed = new Map<Element, ShadowRoot>();
    attachDeclarativeRoots(doc, closed);
    const roots = new RootSet(doc, (el) => el.shadowRoot ?? closed.get(el) ?? null);
    roots.collect(doc.documentElement, 'all');
    const views = deepQueryAll([...roots.roots], ADAPTER.callView, doc);
    expect(views).toHaveLength(1);
    expect(readSources(roots, views[0] as Element, ADAPTER.ani)).toBe(FIXTURE_NUMBER);
    expect(readInteractionId(roots, ADAPTER, views[0] as Element)).toBe('CALL-1-1');
    expect(closed.size).toBe(1);
  });

  it('refuses a frame the capture does not have', () => {
    expect(() => captureToFixture(capture(), 3)).toThrow(/no frame 4/);
  });
});

describe('scripts/capture-to-fixture.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cv-capture-'));
  const io = () => {
    const got = { out: '', err: '' };
    return { got, io: { out: (s: string) => void (got.out += s), err: (s: string) => void (got.err += s) } };
  };

  it('writes the fixture page of a capture file', () => {
    const file = join(dir, 'capture.json');
    writeFileSync(file, JSON.stringify(capture()));
    const { got, io: sink } = io();
    expect(main([file, '--out', join(dir, 'page.html')], sink)).toBe(0);
    expect(readFileSync(join(dir, 'page.html'), 'utf8')).toBe(captureToFixture(capture()));
    expect(got.err).toContain('wrote');
  });

  it('exits 1 on a file that is not a capture and 2 on a bad command line', () => {
    const file = join(dir, 'other.json');
    writeFileSync(file, '{"format":"something-else"}');
    expect(main([file], io().io)).toBe(1);
    expect(main([], io().io)).toBe(2);
    expect(main([file, '--frame', '0'], io().io)).toBe(2);
  });
});
