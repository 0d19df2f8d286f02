/** The DOM-free parts of detection: ids, patterns, a URL's adapters, watched attributes, panel.mount check, selector health. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyPattern, attributesOf, urlCandidates, urlParts } from '../../../../lib/detect/read.ts';
import { matchesAny } from '../../../../lib/match-pattern.ts';
import { isPanelMount, safeInteractionId } from '../../../../lib/detect/ids.ts';
import { PanelMount, CallEnded } from '../../../../lib/protocol.ts';
import { withEntry, SELECTOR_HEALTH_MAX, type SelectorHealthEntry } from '../../../../lib/selector-health.ts';
import { BUILT_IN_ADAPTERS } from '../../../../lib/adapters/index.ts';
import type { Adapter } from '../../../../lib/adapters/types.ts';

describe('safeInteractionId', () => {
  it('keeps ids the protocol accepts', () => {
    for (const id of ['0LQ5g00000A1b2cAAA', '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70', 'CA0123456789abcdef0123456789abcdef', 'ACME-7']) expect(safeInteractionId(id)).toBe(id);
  });

  it('hashes anything else to a stable id the protocol accepts', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (raw) => {
      const id = safeInteractionId(raw);
      expect(CallEnded.safeParse({ type: 'call.ended', interactionId: id }).success).toBe(true);
      expect(safeInteractionId(raw)).toBe(id);
    }));
    expect(safeInteractionId('/lightning/n/Acme?call=1')).toMatch(/^h:[0-9a-f]{16}$/);
    expect(safeInteractionId('/a')).not.toBe(safeInteractionId('/b'));
    expect(safeInteractionId('...')).toMatch(/^h:/);
  });
});

describe('applyPattern', () => {
  it('returns the capture group, the whole match without one, null when nothing matches or the regex is bad', () => {
    expect(applyPattern('tel:+14155550100', '^(?:tel:)?(.+)$')).toBe('+14155550100');
    expect(applyPattern('A attested', '^[ABC]')).toBe('A');
    expect(applyPattern('x', '^(y)$')).toBeNull();
    expect(applyPattern('x', '(')).toBeNull();
    expect(applyPattern('x', undefined)).toBe('x');
  });
});

describe('attributesOf', () => {
  it('watches the attributes the adapters\' selectors test and read', () => {
    const names = attributesOf(BUILT_IN_ADAPTERS);
    for (const n of ['data-state', 'data-ticket-id', 'value', 'data-contact-state', 'data-conversation-id', 'data-target-selection-name', 'data-address', 'data-field-id', 'field-label', 'href']) expect(names).toContain(n);
  });
});

describe('urlCandidates', () => {
  it('takes the adapters a full match-pattern check takes, kept per origin or not', () => {
    const adapters = [...BUILT_IN_ADAPTERS, { ...(BUILT_IN_ADAPTERS[0] as Adapter), id: 'desk', matches: ['https://crm.example.test/desk*'], urlPattern: '^/desk/calls/(\\d+)' }];
    const urls = fc.tuple(
      fc.constantFrom('https://acme.lightning.force.com', 'https://acme.my.salesforce.com', 'http://acme.lightning.force.com', 'https://crm.example.test', 'https://crm.example.test:8443', 'https://apps.mypurecloud.ie', 'https://x.crm4.dynamics.com'),
      fc.constantFrom('/lightning/r/VoiceCall/0LQ5g00000A1b2cAAA/view', '/desk/calls/42', '/calls/42', '/main.aspx?etn=phonecall&id=1', '/'),
    );
    // Twice each: the second asks the kept answer of the origin.
    fc.assert(fc.property(urls, ([origin, path]) => {
      const href = origin + path;
      const want = adapters.filter((a) => matchesAny(a.matches, href) && new RegExp(a.urlPattern).test(path)).map((a) => a.id);
      for (let i = 0; i < 2; i++) expect(urlCandidates(adapters, href).candidates.map((c) => c.adapter.id)).toEqual(want);
    }), { numRuns: 300 });
  });
});

describe('urlParts', () => {
  it('gives the path new URL gives, and an origin key naming the same origin, for any URL-like string', () => {
    const piece = fc.constantFrom('a', 'Z', '0', '/', '.', '..', '%2e', '%2F', '%', '?', '#', '&', '=', "'", '"', ' ', '\\', '\t', '[', '|', '^', '`', '{', '~', '@', ':', 'é', '-');
    const href = fc.tuple(
      fc.constantFrom('https://', 'http://', 'HTTPS://', 'ftp://', 'https:', ''),
      fc.constantFrom('acme.lightning.force.com', 'Acme.example.test', 'a.b:443', 'a.b:8443', 'a.b:', 'u:p@a.b', '127.1', '[::1]', 'a.b.', '1.2.3.4.5', 'a.b:99999', 'a.0x1f', 'xn--zz.test'),
      fc.tuple(fc.constantFrom('/', '/lightning/r/', ''), fc.array(piece, { maxLength: 12 })).map(([start, xs]) => start + xs.join('')),
    ).map(([scheme, host, rest]) => scheme + host + rest);
    fc.assert(fc.property(href, (h) => {
      let u: URL | null = null;
      try {
        u = new URL(h);
      } catch { /* not a URL: urlParts must say so */ }
      const parts = urlParts(h);
      if (!u) {
        expect(parts).toBeNull();
        return;
      }
      expect(parts?.[1]).toBe(u.pathname + u.search + u.hash);
      expect(new URL(`${parts?.[0]}/`).origin).toBe(u.origin);
    }), { numRuns: 3000 });
  });

  it('splits a serialized URL as a string', () => {
    expect(urlParts('https://acme.lightning.force.com/lightning/r/VoiceCall/0LQ5g00000A1b2cAAA/view?ws=%2Fx#f')).toEqual(['https://acme.lightning.force.com', '/lightning/r/VoiceCall/0LQ5g00000A1b2cAAA/view?ws=%2Fx#f']);
  });
});

describe('isPanelMount agrees with the protocol schema', () => {
  it('on arbitrary input', () => {
    const candidate = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom('panel.mount', 'panel.hello', 'x'), interactionId: fc.oneof(fc.string({ maxLength: 140 }), fc.integer()) }, { requiredKeys: [] }),
      fc.record({ type: fc.constant('panel.mount'), interactionId: fc.string(), extra: fc.anything() }),
    );
    fc.assert(fc.property(candidate, (raw) => {
      expect(isPanelMount(raw)).toBe(PanelMount.safeParse(raw).success);
    }), { numRuns: 2000 });
  });

  it('on the usual shapes', () => {
    expect(isPanelMount({ type: 'panel.mount', interactionId: '0LQ5g00000A1b2cAAA' })).toBe(true);
    expect(isPanelMount({ type: 'panel.mount', interactionId: '..' })).toBe(false);
    expect(isPanelMount({ type: 'panel.mount', interactionId: 'a b' })).toBe(false);
    expect(isPanelMount(JSON.parse('{"type":"panel.mount","interactionId":"x","__proto__":{}}'))).toBe(PanelMount.safeParse(JSON.parse('{"type":"panel.mount","interactionId":"x","__proto__":{}}')).success);
  });
});

describe('selector health list', () => {
  const entry = (n: number): SelectorHealthEntry => ({ adapterId: 'genesys-cloud', host: 'apps.mypurecloud.com', reason: 'no-ani', at: n });

  it('keeps the newest first, at most SELECTOR_HEALTH_MAX, and drops malformed stored entries', () => {
    let list: unknown = [{ bogus: true }, 'x'];
    for (let i = 1; i <= 60; i++) list = withEntry(list, entry(i));
    const got = list as SelectorHealthEntry[];
    expect(got).toHaveLength(SELECTOR_HEALTH_MAX);
    expect(got[0]?.at).toBe(60);
    expect(got.at(-1)?.at).toBe(11);
    expect(withEntry('not a list', entry(1))).toEqual([entry(1)]);
  });
});
