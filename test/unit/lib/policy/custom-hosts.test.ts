/** Custom CRM hosts: which admin-declared patterns need an optional permission, and the registration plan. */
import { describe, expect, it } from 'vitest';
import { customHostPatterns, customHostPatternsOf, originPattern, patternCovered, planScript, type ScriptPlan } from '../../../../lib/policy/custom-hosts.ts';
import { syncCustomScripts, type ScriptingApi } from '../../../../entrypoints/background/custom-scripts.ts';

describe('patternCovered (against the manifest CRM_MATCHES)', () => {
  it.each([
    ['https://*.lightning.force.com/*', true],
    ['https://acme.lightning.force.com/*', true],
    ['https://*.sandbox.lightning.force.com/*', true],
    ['https://lightning.force.com/*', true],
    ['https://apps.mypurecloud.com/*', true],
    ['http://acme.lightning.force.com/*', false], // the manifest lists https only
    ['*://acme.lightning.force.com/*', false], // http half not covered
    ['https://*.force.com/*', false],
    ['https://crm.example.test/*', false],
    ['https://evil-lightning.force.com.example/*', false],
    ['not a pattern', false],
  ])('%s → %s', (pattern, covered) => expect(patternCovered(pattern)).toBe(covered));
});

describe('customHostPatterns', () => {
  it('keeps uncovered hosts only, as origin patterns, sorted and without duplicates; skips disabled adapters', () => {
    const adapters = [
      { id: 'b', matches: ['https://crm.example.test/*', 'https://acme.lightning.force.com/*'] },
      { id: 'a', matches: ['https://*.calls.example.test:8443/*', 'https://CRM.example.test/*'] },
      { id: 'off', matches: ['https://disabled.example.test/*'] },
    ];
    expect(customHostPatterns(adapters, ['off'])).toEqual(['https://*.calls.example.test/*', 'https://crm.example.test/*']);
  });
  it('drops custom adapters whose id clashes with a built-in one (effective.ts skips them)', () => {
    const settings = { customAdapters: [{ id: 'zendesk-talk', matches: ['https://x.example.test/*'] }, { id: 'own', matches: ['https://y.example.test/*'] }], disabledAdapters: [] };
    expect(customHostPatternsOf(settings)).toEqual(['https://y.example.test/*']);
  });
  it('originPattern drops the port and lower-cases', () => {
    expect(originPattern('https://CRM.Example.test:8443/*')).toBe('https://crm.example.test/*');
    // A path narrows the pages the adapter runs on; the permission is for the origin.
    expect(originPattern('https://crm.example.test/app/*')).toBe('https://crm.example.test/*');
    expect(originPattern('https://crm.example.test')).toBeNull();
  });
});

describe('planScript', () => {
  it.each<[string[], string[] | null, ScriptPlan]>([
    [[], null, { kind: 'none' }],
    [[], ['https://a.test/*'], { kind: 'unregister' }],
    [['https://b.test/*', 'https://a.test/*'], null, { kind: 'register', matches: ['https://a.test/*', 'https://b.test/*'] }],
    [['https://b.test/*', 'https://a.test/*'], ['https://a.test/*', 'https://b.test/*'], { kind: 'none' }],
    [['https://a.test/*'], ['https://a.test/*', 'https://b.test/*'], { kind: 'update', matches: ['https://a.test/*'] }],
  ])('granted %j, registered %j', (granted, registered, plan) => expect(planScript(granted, registered)).toEqual(plan));
});

/** A fake browser: wanted hosts, granted ones, and the registration it keeps. */
function fakeApi(wanted: string[], granted: string[]): ScriptingApi & { current: string[] | null; applied: ScriptPlan[] } {
  const api = {
    current: null as string[] | null,
    applied: [] as ScriptPlan[],
    wanted: async () => wanted,
    granted: async (o: string) => granted.includes(o),
    registered: async () => api.current,
    apply: async (plan: ScriptPlan) => {
      api.applied.push(plan);
      if (plan.kind === 'unregister') api.current = null;
      if (plan.kind === 'register' || plan.kind === 'update') api.current = plan.matches;
    },
  };
  return api;
}

describe('syncCustomScripts', () => {
  it('registers only granted hosts, is idempotent, follows a grant and a revocation', async () => {
    const wanted = ['https://a.test/*', 'https://b.test/*'];
    const granted: string[] = [];
    const api = fakeApi(wanted, granted);
    expect(await syncCustomScripts(api)).toEqual({ kind: 'none' });
    granted.push('https://b.test/*');
    expect(await syncCustomScripts(api)).toEqual({ kind: 'register', matches: ['https://b.test/*'] });
    expect(await syncCustomScripts(api)).toEqual({ kind: 'none' }); // a restarted worker changes nothing
    granted.push('https://a.test/*');
    expect(await syncCustomScripts(api)).toEqual({ kind: 'update', matches: wanted });
    granted.length = 0;
    expect(await syncCustomScripts(api)).toEqual({ kind: 'unregister' });
    expect(api.current).toBeNull();
  });
  it('unregisters when the policy no longer declares the host', async () => {
    const api = fakeApi([], ['https://a.test/*']);
    api.current = ['https://a.test/*'];
    expect(await syncCustomScripts(api)).toEqual({ kind: 'unregister' });
  });
});
