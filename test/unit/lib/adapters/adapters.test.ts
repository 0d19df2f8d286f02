/** Built-in adapters as data: well-formed, within the manifest's hosts, matching their real URLs only. */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ADAPTERS, builtInMatches } from '../../../../lib/adapters/index.ts';
import { effectiveAdapters } from '../../../../lib/adapters/effective.ts';
import type { ValueSource } from '../../../../lib/adapters/types.ts';
import { CRM_MATCHES } from '../../../../lib/manifest-data.ts';
import { captureRegexProblem, matchPatternProblem, regexGroups, selectorProblem } from '../../../../lib/policy/checks.ts';
import type { CustomAdapter } from '../../../../lib/policy/custom-adapter.ts';
import { urlCandidates } from '../../../../lib/detect/read.ts';

const sources = (a: (typeof BUILT_IN_ADAPTERS)[number]): ValueSource[] =>
  [...a.ani, a.interactionId, a.customerId, a.attestation, a.version].filter((s): s is ValueSource => !!s);

describe('built-in adapters', () => {
  it('have unique ids of the policy id format', () => {
    const ids = BUILT_IN_ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
  });

  it.each(BUILT_IN_ADAPTERS.map((a) => [a.id, a] as const))('%s: selectors, patterns and host patterns are well-formed', (_id, a) => {
    expect(selectorProblem(a.callView)).toBeNull();
    for (const s of sources(a)) {
      expect(selectorProblem(s.selector), s.selector).toBeNull();
      if (s.pattern) expect(captureRegexProblem(s.pattern), s.pattern).toBeNull();
    }
    expect(regexGroups(a.urlPattern)).toBeLessThanOrEqual(1);
    if (regexGroups(a.urlPattern) === 0) expect(a.interactionId, 'no id in the URL: the page must carry one').toBeDefined();
    for (const m of a.matches) expect(matchPatternProblem(m), m).toBeNull();
  });

  it('CRM_MATCHES (manifest content scripts and web-accessible panel) is exactly the adapters\' hosts', () => {
    expect([...CRM_MATCHES].sort()).toEqual(builtInMatches().sort());
  });
});

const ID = '0LQ5g00000A1b2cAAA';
const URLS: [string, string | null, string | undefined][] = [
  [`https://acme.lightning.force.com/lightning/r/VoiceCall/${ID}/view`, 'salesforce-voicecall', ID],
  [`https://acme--uat.sandbox.lightning.force.com/lightning/r/VoiceCall/${ID}/view`, 'salesforce-voicecall', ID],
  [`https://acme--uat.sandbox.my.salesforce.com/lightning/r/EngagementInteraction/0eI5g00000B7c8dAAA/view`, 'salesforce-engagement', '0eI5g00000B7c8dAAA'],
  ['https://apps.mypurecloud.com/directory/#/interaction/1', 'genesys-cloud', undefined],
  ['https://apps.mypurecloud.com.au/directory/', 'genesys-cloud', undefined],
  ['https://apps.usw2.pure.cloud/directory/#/engage/agent', 'genesys-cloud', undefined],
  ['https://apps.mypurecloud.de/crm/index.html?crm=salesforce', 'genesys-cloud-embedded', undefined],
  ['https://contoso.crm4.dynamics.com/main.aspx?appid=1&pagetype=entityrecord&etn=msdyn_ocliveworkitem&id=3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70', 'dynamics-omnichannel', '3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70'],
  ['https://contoso.crm11.dynamics.com/main.aspx?id=%7B3F1C2A9E-5B7D-4C8E-9A10-2B3C4D5E6F70%7D&etn=msdyn_ocliveworkitem&pagetype=entityrecord', 'dynamics-omnichannel', '3F1C2A9E-5B7D-4C8E-9A10-2B3C4D5E6F70'],
  ['https://contoso.crm4.dynamics.com/main.aspx?appid=1&pagetype=dashboard', null, undefined],
  ['https://contoso.crm4.dynamics.com/main.aspx?etn=incident&pagetype=entityrecord&id=3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70', null, undefined],
  ['https://contoso.crm4.dynamics.com/main.aspx?etn=msdyn_ocliveworkitemx&id=3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70', null, undefined],
  ['https://acme.zendesk.com/agent/tickets/4211', 'zendesk-talk', '4211'],
  ['https://acme.zendesk.com/agent/dashboard', null, undefined],
  ['https://acme.my.connect.aws/ccp-v2/', 'amazon-connect-ccp', undefined],
  ['https://acme.awsapps.com/connect/ccp-v2/softphone', 'amazon-connect-ccp', undefined],
  ['https://acme.lightning.force.com/lightning/page/home', null, undefined],
  ['https://acme.zendesk.com/hc/en-us', null, undefined],
  ['https://apps.mypurecloud.com.evil.io/directory/', null, undefined],
  ['https://crm.dynamics.com.evil.io/main.aspx', null, undefined],
  ['https://evil.example/connect/ccp-v2/', null, undefined],
  ['http://acme.zendesk.com/agent/', null, undefined],
];

describe('URL gate (host first, then URL pattern)', () => {
  it.each(URLS)('%s → %s', (url, adapterId, id) => {
    const { candidates, badPattern } = urlCandidates(BUILT_IN_ADAPTERS, url);
    expect(badPattern).toEqual([]);
    expect(candidates[0]?.adapter.id ?? null).toBe(adapterId);
    expect(candidates[0]?.match[1]).toBe(id);
  });
});

const custom = (over: Partial<CustomAdapter> = {}): CustomAdapter => ({
  id: 'acme-call-console', label: 'Acme', matches: ['https://*.lightning.force.com/*'], callView: 'c-acme-call-banner',
  ani: { selector: '.caller-number' }, ...over,
});

describe('effective adapters', () => {
  it('custom adapters come first, then the built-in ones', () => {
    const { adapters, problems } = effectiveAdapters({ customAdapters: [custom()], disabledAdapters: [] });
    expect(adapters.map((a) => a.id)).toEqual(['acme-call-console', ...BUILT_IN_ADAPTERS.map((a) => a.id)]);
    expect(problems).toEqual([]);
  });

  it('disabledAdapters switches off built-in and custom adapters', () => {
    const { adapters } = effectiveAdapters({ customAdapters: [custom()], disabledAdapters: ['acme-call-console', 'zendesk-talk'] });
    expect(adapters.map((a) => a.id)).not.toContain('acme-call-console');
    expect(adapters.map((a) => a.id)).not.toContain('zendesk-talk');
    expect(adapters).toHaveLength(BUILT_IN_ADAPTERS.length - 1);
  });

  it('a custom adapter with a built-in id is skipped and reported, the built-in stays', () => {
    const { adapters, problems } = effectiveAdapters({ customAdapters: [custom({ id: 'zendesk-talk' })], disabledAdapters: [] });
    expect(adapters.filter((a) => a.id === 'zendesk-talk')).toEqual([BUILT_IN_ADAPTERS.find((a) => a.id === 'zendesk-talk')]);
    expect(problems).toEqual([expect.stringContaining('"zendesk-talk" is the id of a built-in adapter')]);
  });

  it('a custom adapter on a Lightning app page matches through the same URL gate', () => {
    const { adapters } = effectiveAdapters({ customAdapters: [custom({ interactionId: { urlPattern: '[?&]call=([A-Z0-9-]+)' } })], disabledAdapters: [] });
    const { candidates } = urlCandidates(adapters, 'https://acme.lightning.force.com/lightning/n/Acme_Call_Console?call=ACME-7');
    expect(candidates.map((c) => [c.adapter.id, c.match[1]])).toEqual([['acme-call-console', 'ACME-7']]);
  });
});
