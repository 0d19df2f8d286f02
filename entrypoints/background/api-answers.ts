/**
 * The API's answers to a call's first look-ups (the prior check and identify) as the flow events they make,
 * and the look-up sent beside the prior check before the flow asks for it.
 */
import { nextFlow, apiCallFor, customerAhead, identifyRiskFields, type FlowEvent, type FlowState, type PriorStatus } from '../../lib/flow';
import type { Candidate, IdentifyMethod, InteractionStatus } from '../../lib/api/contract';
import { identify, type ApiClientOptions } from '../../lib/api/client';
import type { ApiFailure } from '../../lib/api/failure';
import type { Interaction } from '../../lib/interaction';

/** A failed API call as the flow event it makes. */
export const failed = (error: ApiFailure): FlowEvent => ({ type: 'api.failed', error });

/** The identify answer's risk level, when the server sends one (`risk: {level, reasons}`); never required. */
function riskOf(data: object): { risk?: 'low' | 'medium' | 'high' } {
  const level = (data as { risk?: { level?: unknown } }).risk?.level;
  return level === 'low' || level === 'medium' || level === 'high' ? { risk: level } : {};
}

/** The flow's view of GET /v1/interactions/{id}: the status with its evidence, or null when nothing counts. */
export function priorFrom(s: InteractionStatus | null): PriorStatus | null {
  if (!s || s.status === 'not_identified') return null;
  const customer = s.customerId ? { customerId: s.customerId, displayName: s.displayName ?? s.customerId, kind: 'person' as const } : undefined;
  return {
    status: s.status, verifiedBy: s.verifiedBy, ...(customer ? { customer } : {}), ...(s.verifiedAt ? { verifiedAt: s.verifiedAt } : {}),
    ...(s.verifiedSecondsAgo !== undefined ? { verifiedSecondsAgo: s.verifiedSecondsAgo } : {}), ...(s.aniMatch !== undefined ? { aniMatch: s.aniMatch } : {}),
  };
}

/** The look-up a step asks for, as the flow event its answer makes. */
export async function lookUp(opts: ApiClientOptions, ix: Interaction, method: IdentifyMethod, value: string): Promise<FlowEvent> {
  const res = await identify(opts, { interactionId: ix.id, method, value, ...identifyRiskFields(ix.flow, method) });
  return res.ok ? { type: 'identify.result', candidates: res.data.candidates, ...riskOf(res.data), ...(res.data.risk ? { riskReasons: res.data.risk.reasons } : {}) } : failed(res.error);
}

/**
 * The identify the flow will ask for once the prior check has answered "nothing counts" (the usual case),
 * sent now under the prior check's claim. `answerFor(flow)` gives its result as an event when the flow after
 * the prior check asks for exactly that look-up, else nothing (the request is then simply not used).
 * `ahead`: the one customer its answer names (customerAhead), as soon as it is in.
 */
export function lookUpAfterPrior(opts: ApiClientOptions, ix: Interaction): { answerFor(flow: FlowState): Promise<FlowEvent[]>; ahead: Promise<Candidate | undefined> } {
  const next = apiCallFor(nextFlow(ix.flow, { type: 'prior.result', status: null, callAgeSeconds: 0 }));
  if (next?.kind !== 'identify') return { answerFor: async () => [], ahead: Promise.resolve(undefined) };
  const sent = lookUp(opts, ix, next.method, next.value);
  return {
    async answerFor(flow) {
      const call = apiCallFor(flow);
      if (call?.kind !== 'identify' || call.method !== next.method || call.value !== next.value) return [];
      return [await sent];
    },
    ahead: sent.then((event) => customerAhead(ix.flow, event)),
  };
}
