/**
 * Evidence of the Dynamics 365 and Zendesk selectors (each cited in its adapter's evidence module) and the
 * collector the options page and the admin guide show: every selector has evidence with a status, every
 * automation id a selector tests is cited for that selector, EasyRepro citations agree with the XPath they
 * quote, and a selector without evidence is shown as unverified.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dynamicsOmnichannel } from '../../../../lib/adapters/dynamics.ts';
import { zendeskTalk } from '../../../../lib/adapters/zendesk.ts';
import { dynamicsEvidence } from '../../../../lib/adapters/dynamics-evidence.ts';
import { zendeskEvidence } from '../../../../lib/adapters/zendesk-evidence.ts';
import { salesforceEvidence } from '../../../../lib/adapters/salesforce-evidence.ts';
import { builtInEvidence, evidenceOf, EVIDENCE_STATUSES, selectorKeys as selectorsOf, weakest } from '../../../../lib/adapters/evidence.ts';
import { BUILT_IN_ADAPTERS } from '../../../../lib/adapters/index.ts';
import type { Adapter, Evidence } from '../../../../lib/adapters/types.ts';
import { regexGroups } from '../../../../lib/policy/checks.ts';

const CASES: [Adapter, Record<string, readonly Evidence[]>][] = [
  [dynamicsOmnichannel, dynamicsEvidence()['dynamics-omnichannel'] ?? {}],
  [zendeskTalk, zendeskEvidence()['zendesk-talk'] ?? {}],
];

/** The automation-id values a selector tests: `[data-id="x"]`, `[data-id*=".x"]`, `[data-test-id="x"]`. */
const automationIds = (selector: string): string[] =>
  [...selector.matchAll(/\[data-(?:test-)?id[*^$]?="([^"]+)"\]/g)].map((m) => m[1] as string);

describe.each(CASES)('%s evidence', (adapter, byKey) => {
  it('every selector has evidence, each with a status and a source', () => {
    for (const key of Object.keys(selectorsOf(adapter))) {
      expect(byKey[key]?.length ?? 0, `${adapter.id} ${key} has no evidence`).toBeGreaterThan(0);
    }
    for (const e of Object.values(byKey).flat()) {
      expect(EVIDENCE_STATUSES).toContain(e.status);
      expect(e.source.length).toBeGreaterThan(0);
    }
  });

  it('every automation id a selector tests is cited for that selector', () => {
    for (const [key, selector] of Object.entries(selectorsOf(adapter))) {
      const cited = (byKey[key] ?? []).map((e) => e.css ?? '').join(' ');
      for (const id of automationIds(selector)) expect(cited, `${adapter.id} ${key}: ${id}`).toContain(id.replace(/^\./, ''));
    }
  });

  it('the interaction id comes from the URL (cited) or from a cited page source', () => {
    if (regexGroups(adapter.urlPattern) === 1) expect(byKey.urlPattern?.length ?? 0).toBeGreaterThan(0);
    else expect(adapter.interactionId).toBeDefined();
  });
});

describe('EasyRepro citations', () => {
  const cited = Object.values(dynamicsEvidence()).flatMap((byKey) => Object.values(byKey).flat()).filter((e) => e.source.startsWith('microsoft/EasyRepro@') && e.css);

  it.each(cited)('$element: the CSS tests the data-id its XPath names', (e) => {
    expect(e.element).toMatch(/^Entity_/);
    const xpathId = /@data-id,?\s*=?\s*'([^']+)'/.exec(e.note ?? '')?.[1];
    expect(xpathId, e.note).toBeDefined();
    expect(e.css).toContain((xpathId as string).replace('[NAME]', ''));
  });
});

describe('collected evidence', () => {
  const all = builtInEvidence();

  it('lists every built-in adapter with every selector', () => {
    expect(all.map((a) => a.adapterId)).toEqual(BUILT_IN_ADAPTERS.map((a) => a.id));
    for (const a of BUILT_IN_ADAPTERS) {
      const keys = (all.find((x) => x.adapterId === a.id)?.keys ?? []).map((k) => k.key);
      for (const key of Object.keys(selectorsOf(a))) expect(keys).toContain(key);
    }
  });

  it('a selector is as strong as its weakest source; one without evidence is unverified', () => {
    expect(weakest(['vendor-code', 'public-automation', 'vendor-doc'])).toBe('public-automation');
    expect(weakest([])).toBe('unverified');
    const dynamics = all.find((a) => a.adapterId === 'dynamics-omnichannel');
    expect(dynamics?.keys.map((k) => [k.key, k.status])).toEqual([['urlPattern', 'vendor-doc'], ['callView', 'public-automation'], ['ani[0]', 'unverified']]);
    expect(dynamics?.status).toBe('unverified');
    expect(dynamics?.strongest).toBe('vendor-doc');
    const bare = evidenceOf({ ...zendeskTalk, id: 'no-evidence' });
    expect(bare.keys.map((k) => k.status)).toEqual(['unverified', 'unverified']);
    expect(bare.counts).toEqual({ 'vendor-code': 0, 'vendor-doc': 0, 'public-automation': 0, unverified: 2 });
    expect(bare.strongest).toBe('unverified');
  });

  it('lists the vendor event sources the Connect and Genesys modules cite, and keeps their DOM parts unverified', () => {
    const connect = all.find((a) => a.adapterId === 'amazon-connect-ccp');
    const conduit = connect?.keys.find((k) => k.kind === 'event');
    expect(conduit?.selector).toBe('connect-conduit');
    expect(conduit?.status).toBe('vendor-code');
    expect(connect?.keys.find((k) => k.key === 'callView')?.status).toBe('unverified');
    expect(connect?.strongest).toBe('vendor-code');
    const genesys = all.find((a) => a.adapterId === 'genesys-cloud-embedded');
    expect(genesys?.keys.filter((k) => k.kind === 'event').map((k) => k.selector).sort()).toEqual(['gc-salesforce-client-event', 'notification-channel']);
  });

  it('carries the Salesforce evidence as its module states it', () => {
    const voice = all.find((a) => a.adapterId === 'salesforce-voicecall');
    expect(voice?.keys.find((k) => k.key === 'callView')?.evidence).toEqual(salesforceEvidence()['salesforce-voicecall']?.callView);
  });
});

describe('admin guide, section 10', () => {
  const guide = readFileSync(new URL('../../../../docs/admin-guide.md', import.meta.url), 'utf8');
  const section = guide.slice(guide.indexOf('## 10. What each built-in adapter relies on'));

  it.each(builtInEvidence().map((a) => [a.adapterId, a] as const))('%s: the summary and every part with its status', (id, a) => {
    expect(section).toContain(`| ${a.label} (\`${id}\`) | ${a.status} | ${a.strongest} | ${a.counts.unverified} of ${a.keys.length} |`);
    const start = section.indexOf(`#### ${a.label} (\`${id}\`)`);
    expect(start, `no subsection for ${id}`).toBeGreaterThan(0);
    const next = section.indexOf('\n#### ', start + 1);
    const sub = section.slice(start, next < 0 ? undefined : next);
    for (const k of a.keys) expect(sub, `${id} ${k.key}`).toContain(`| \`${k.key}\` | ${k.status} |`);
  });
});
