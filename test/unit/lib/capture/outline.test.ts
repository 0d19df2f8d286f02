/** Capture of a console full of personal data: none of it survives; the structure and findings do. */
import { describe, expect, it } from 'vitest';
import { captureFrame, type OutlineNode } from '../../../../lib/capture/outline.ts';
import { buildCapture, summarize } from '../../../../lib/capture/summary.ts';
import { customAdapterToAdapter } from '../../../../lib/policy/custom-adapter.ts';
import { BUILT_IN_ADAPTERS } from '../../../../lib/adapters/index.ts';
import { consoleDom, PLANTED } from './console-dom.ts';

const URL_ = 'https://crm.example.test/calls/CALL-0123?ani=%2B442079460123&name=Ada+Lovelace';
const ADAPTER = customAdapterToAdapter({
  id: 'example-crm', label: 'Example CRM', matches: ['https://crm.example.test/*'],
  callView: '[data-testid="call-card"][data-state="connected"]', ani: { selector: 'acme-caller .row > span:nth-of-type(2)' },
  interactionId: { selector: '[data-call-ref]', attribute: 'data-call-ref' },
});

/** Every node of an outline, depth first. */
const all = (n: OutlineNode): OutlineNode[] => [n, ...(n.shadow?.children ?? []).flatMap(all), ...(n.children ?? []).flatMap(all)];

describe('captureFrame', () => {
  const { document, openRoot } = consoleDom();
  const frame = captureFrame(document, URL_, [ADAPTER, ...BUILT_IN_ADAPTERS], { top: true, openRoot });
  const capture = buildCapture([frame], { takenAt: '2030-01-01T00:00:00.000Z', extensionVersion: '0.1.0' });
  const json = JSON.stringify(capture);
  const text = summarize(capture);

  it('leaks none of the planted names, numbers, dates and emails (JSON or summary)', () => {
    for (const secret of PLANTED) {
      expect(json.toLowerCase()).not.toContain(secret.toLowerCase());
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    // No digit in what the page showed: the outline (heading tags aside) and the address.
    expect(JSON.stringify(frame.outline).replace(/"tag":"h[1-6]"/g, '')).not.toMatch(/\d/);
    expect(frame.url).not.toMatch(/\d/);
    expect(json).not.toMatch(/\bAda\b|Lovelace|example\.com/i);
  });

  it('records tags, test ids, states and shadow roots open and closed', () => {
    const nodes = all(frame.outline);
    const card = nodes.find((n) => n.attrs?.['data-testid'] === 'call-card');
    expect(card?.attrs).toMatchObject({ 'data-state': 'connected', 'data-call-ref': 'CALL-#-#', 'aria-label': '…' });
    const caller = nodes.find((n) => n.tag === 'acme-caller');
    expect(caller?.shadow?.mode).toBe('open');
    expect(nodes.find((n) => n.tag === 'acme-badge')?.shadow?.mode).toBe('closed');
    expect(nodes.filter((n) => n.tag === '#text').map((n) => n.text)).toContain('number');
    expect(nodes.find((n) => n.tag === 'iframe')?.attrs?.src).toBe('https://softphone.example.test/phone/#');
    expect(nodes.find((n) => n.tag === 'script')?.children).toBeUndefined();
  });

  it('says which adapter matched and what each selector found', () => {
    expect(frame.adapters.map((a) => a.id)).toEqual(['example-crm']);
    expect(frame.adapters[0]?.selectors).toEqual([
      { role: 'callView', selector: '[data-testid="call-card"][data-state="connected"]', found: 1 },
      { role: 'ani', selector: 'acme-caller .row > span:nth-of-type(2)', found: 1 },
      { role: 'interactionId', selector: '[data-call-ref]', found: 1 },
    ]);
    expect(text).toContain('adapter example-crm (Example CRM): matches');
    expect(text).toContain('shadow roots: 1 open, 1 closed');
  });

  it('stops at the node limit and says so', () => {
    const small = captureFrame(document, URL_, [], { top: true, openRoot, maxNodes: 5 });
    expect(small.nodes).toBe(5);
    expect(small.truncated).toBe(true);
  });

  it('reports a selector the browser refuses as -1', () => {
    const bad = captureFrame(document, URL_, [{ ...ADAPTER, callView: 'div[' }], { top: true, openRoot });
    expect(bad.adapters[0]?.selectors[0]?.found).toBe(-1);
  });
});
