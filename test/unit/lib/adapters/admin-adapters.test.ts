/** Admin-declared adapters and regions in the policy: match patterns with paths, regions libphonenumber knows. */
import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../../lib/policy/resolve.ts';
import { customAdapterToAdapter, CustomAdapterSchema } from '../../../../lib/policy/custom-adapter.ts';
import { customHostPatterns } from '../../../../lib/policy/custom-hosts.ts';
import { urlCandidates } from '../../../../lib/detect/read.ts';

const desk = {
  id: 'acme-desk', label: 'Acme desk', matches: ['https://crm.example.test/desk*'], callView: '.call',
  ani: { selector: 'c-acme-call-banner .caller-number' }, interactionId: { urlPattern: '^/desk/calls/([0-9]+)' },
};

describe('custom adapters: match patterns with a path', () => {
  it('are accepted, the permission asked for the origin, and only pages under the path match', () => {
    expect(validatePolicy({ customAdapters: [desk] })).toEqual([]);
    const adapter = customAdapterToAdapter(CustomAdapterSchema.parse(desk));
    expect(customHostPatterns([adapter])).toEqual(['https://crm.example.test/*']);
    expect(urlCandidates([adapter], 'https://crm.example.test/desk/calls/42').candidates.map((c) => c.match[1])).toEqual(['42']);
    expect(urlCandidates([adapter], 'https://crm.example.test/calls/42').candidates).toEqual([]);
  });

  it('still refuses what is not a match pattern', () => {
    for (const m of ['crm.example.test/desk*', 'https://crm.example.test', 'https://*/desk*', 'https://crm.example.test/de sk']) {
      expect(validatePolicy({ customAdapters: [{ ...desk, matches: [m] }] }), m).not.toEqual([]);
    }
  });
});

describe('defaultRegion', () => {
  it.each(['US', 'GB', 'DE', 'IN', 'BR'])('%s is a region libphonenumber knows', (region) => {
    expect(validatePolicy({ defaultRegion: region })).toEqual([]);
  });

  it.each(['XX', 'UK', 'ZZ', 'EU'])('%s is refused', (region) => {
    expect(validatePolicy({ defaultRegion: region })).toEqual([`policy.defaultRegion: must be a region with phone numbering data, such as "GB" or "US" ("${region}" is not one)`]);
  });
});
