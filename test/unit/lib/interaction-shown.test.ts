/** Which writes change what the panel shows: the panel renders only those (sameShown). */
import { describe, expect, it } from 'vitest';
import { sameShown, type Interaction } from '../../../lib/interaction.ts';
import { DEFAULT_FLOW_CONFIG, nextFlow, startFlow } from '../../../lib/flow/index.ts';

const NUMBER = { kind: 'number', e164: '+14155550100', international: '+1 415 555 0100', valid: true, region: 'US' } as const;
const alice = { customerId: 'C-1', displayName: 'Alice', kind: 'person' } as const;
const base: Interaction = {
  id: 'ix-1', tabId: 1, frameId: 0, adapterId: 'salesforce-voicecall', crmOrigin: 'https://acme.lightning.force.com',
  startedAt: 1, updatedAt: 1, rev: 1, ani: { ...NUMBER }, flow: startFlow({ ...NUMBER }, DEFAULT_FLOW_CONFIG),
};

describe('sameShown', () => {
  it('a write of the worker\'s bookkeeping only (claim, revision, write time, shown time, security events) shows the same', () => {
    const next = { ...base, rev: 2, updatedAt: 2, pendingSince: 2, shownAt: 2, securityEvents: [{ kind: 'covered', at: 2 }] } as Interaction;
    expect(sameShown(base, next)).toBe(true);
    const { pendingSince: _p, ...released } = next;
    expect(sameShown(next, { ...released, rev: 3 })).toBe(true);
  });

  it('the order of keys does not matter at the top level', () => {
    const { flow, ...rest } = base;
    expect(sameShown(base, { ...rest, flow, rev: 2 })).toBe(true);
  });

  it('anything the panel shows makes it a new state', () => {
    const changes: Partial<Interaction>[] = [
      { lookAhead: alice },
      { flow: nextFlow(base.flow, { type: 'prior.result', status: null, callAgeSeconds: 0 }) },
      { ani: { kind: 'withheld', raw: 'anonymous' } },
      { signIn: { kind: 'unauthorised', detail: 'sign in', requestId: 'r' } },
      { endedAt: 5 },
      { incoming: { interactionId: 'ix-2', ani: null, at: 5, report: { message: {}, frameId: 0, url: '' } } },
      { genesysSignIn: { at: 5 } as unknown as Interaction['genesysSignIn'] },
      { id: 'ix-2' },
    ];
    for (const change of changes) expect(sameShown(base, { ...base, ...change, rev: 2 }), JSON.stringify(change)).toBe(false);
  });

  it('a field the panel shows that is dropped is a change', () => {
    const named = { ...base, lookAhead: alice };
    const { lookAhead: _a, ...dropped } = named;
    expect(sameShown(named, { ...dropped, rev: 2 })).toBe(false);
  });
});
