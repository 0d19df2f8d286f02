/** The customer named ahead of the prior check: only what the flow itself would name, never an outcome it would not show. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { startFlow, nextFlow, customerAhead, DEFAULT_FLOW_CONFIG, type FlowEvent, type FlowState, type PriorStatus } from '../../../../lib/flow';
import { shownOutcome, type Interaction } from '../../../../lib/interaction';
import type { Candidate } from '../../../../lib/api/contract';

const ada: Candidate = { customerId: 'C-1001', displayName: 'Ada Lovelace', kind: 'person' };
const alan: Candidate = { customerId: 'C-1003', displayName: 'Alan Turing', kind: 'person' };
const number = { kind: 'number' as const, e164: '+14155550100', international: '+1 415 555 0100', valid: true };
const found = (...candidates: Candidate[]): FlowEvent => ({ type: 'identify.result', candidates });
const atPrior = (): FlowState => startFlow(number, DEFAULT_FLOW_CONFIG);
const ix = (flow: FlowState, lookAhead?: Candidate): Interaction => ({
  id: 'i1', tabId: 1, frameId: 0, adapterId: 'a', crmOrigin: 'https://x.example', startedAt: 0, updatedAt: 0, ani: number, flow,
  ...(lookAhead ? { lookAhead } : {}),
});

describe('customerAhead', () => {
  it('one customer found while the prior check runs → that customer', () => {
    expect(customerAhead(atPrior(), found(ada))).toEqual(ada);
  });
  it('several customers, none, or a failed look-up → nobody (the agent chooses or searches once the flow gets there)', () => {
    expect(customerAhead(atPrior(), found(ada, alan))).toBeUndefined();
    expect(customerAhead(atPrior(), found())).toBeUndefined();
    expect(customerAhead(atPrior(), { type: 'api.failed', error: { kind: 'offline', detail: 'x', requestId: 'r' } })).toBeUndefined();
  });
  it('past the prior check → nobody: the flow names its own customer', () => {
    const identifying = nextFlow(atPrior(), { type: 'prior.result', status: null });
    expect(customerAhead(identifying, found(ada))).toBeUndefined();
  });
  it('no look-up by number after the check (policy: no ANI look-up) → nobody', () => {
    expect(customerAhead(startFlow(number, { ...DEFAULT_FLOW_CONFIG, aniLookup: false }), found(ada))).toBeUndefined();
  });
});

describe('shownOutcome', () => {
  it('at the prior check with a customer named ahead → identified, that customer', () => {
    expect(shownOutcome(ix(atPrior(), ada))).toEqual({ outcome: 'identified', customer: ada });
  });
  it('at the prior check with nobody ahead → not identified, no name', () => {
    expect(shownOutcome(ix(atPrior()))).toEqual({ outcome: 'not_identified' });
  });
  it("a look-ahead left on a later step never overrides the flow's own customer or outcome", () => {
    const later = [{ type: 'prior.result', status: null } as const, found(alan)].reduce(nextFlow, atPrior());
    expect(shownOutcome(ix(later, ada))).toEqual({ outcome: 'identified', customer: alan });
    const searching = [{ type: 'prior.result', status: null } as const, found()].reduce(nextFlow, atPrior());
    expect(shownOutcome(ix(searching, ada))).toEqual({ outcome: 'not_identified' });
  });

  const candidate = fc.record({ customerId: fc.stringMatching(/^C-\d{1,4}$/), displayName: fc.string({ minLength: 1, maxLength: 8 }), kind: fc.constant('person' as const) });
  const prior = fc.option(fc.record({
    status: fc.constantFrom('verified', 'identified', 'not_identified'),
    verifiedBy: fc.constantFrom('ivr', 'agent'),
    customer: candidate,
    verifiedAt: fc.constant(new Date().toISOString()),
    verifiedSecondsAgo: fc.integer({ min: 0, max: 100_000 }),
    aniMatch: fc.boolean(),
  }), { nil: null }) as fc.Arbitrary<PriorStatus | null>;

  it('property: ahead of the check it is never "verified"; once the check answers, the flow names that customer or the check\'s own', () => {
    fc.assert(fc.property(fc.array(candidate, { maxLength: 3 }), prior, (candidates, status) => {
      const start = atPrior();
      const ahead = customerAhead(start, found(...candidates));
      expect(shownOutcome(ix(start, ahead)).outcome).not.toBe('verified');
      // Whatever the check answers, the flow then names the customer named ahead, or the one the check named.
      const real = [{ type: 'prior.result', status, callAgeSeconds: 0 } as const, found(...candidates)].reduce(nextFlow, start);
      if (ahead) expect([ahead, status?.customer]).toContainEqual(real.customer);
      if (!ahead && candidates.length === 1) throw new Error('one customer found, none named ahead');
      expect(shownOutcome(ix(real)).customer).toEqual(real.customer);
    }));
  });
});
