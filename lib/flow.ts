/**
 * The verification flow as one pure state machine: (state, event) → state. No I/O here; the background
 * performs the step a state asks for (e.g. `identifying` → call /v1/identify) and feeds the result back.
 */
import type { Candidate } from './contract';
import type { Ani } from './phone';
import type { ApiFailure } from './api-failure';

/** The three outcomes an agent ever sees. */
export type Outcome = 'verified' | 'identified' | 'not_identified';

export type FlowState =
  | { step: 'identifying'; method: 'ani'; value: string }
  | { step: 'identified'; customer: Candidate; via: 'ani' }
  | { step: 'choose'; candidates: Candidate[] }
  | { step: 'search'; reason: 'withheld' | 'invalid_number' | 'no_number' | 'no_match' }
  | { step: 'error'; error: ApiFailure; retry: FlowState };

export type FlowEvent =
  | { type: 'identify.result'; candidates: Candidate[] }
  | { type: 'identify.failed'; error: ApiFailure }
  | { type: 'retry' };

/** The first state for a new call, from the caller number the page showed (null: none found). */
export function startFlow(ani: Ani | null): FlowState {
  if (!ani) return { step: 'search', reason: 'no_number' };
  if (ani.kind === 'withheld') return { step: 'search', reason: 'withheld' };
  if (ani.kind === 'invalid') return { step: 'search', reason: 'invalid_number' };
  return { step: 'identifying', method: 'ani', value: ani.e164 };
}

/** Apply an event; events that do not fit the current step leave it unchanged. */
export function nextFlow(state: FlowState, event: FlowEvent): FlowState {
  switch (event.type) {
    case 'identify.result': {
      if (state.step !== 'identifying') return state;
      const [first, ...rest] = event.candidates;
      if (!first) return { step: 'search', reason: 'no_match' };
      if (rest.length === 0) return { step: 'identified', customer: first, via: 'ani' };
      return { step: 'choose', candidates: event.candidates };
    }
    case 'identify.failed':
      return state.step === 'identifying' ? { step: 'error', error: event.error, retry: state } : state;
    case 'retry':
      return state.step === 'error' ? state.retry : state;
  }
}

/** The outcome shown at the top of the panel for a state. */
export function outcomeOf(state: FlowState): Outcome {
  return state.step === 'identified' ? 'identified' : 'not_identified';
}

/** Whether the state is waiting for the background to call the API. */
export function needsApiCall(state: FlowState): state is Extract<FlowState, { step: 'identifying' }> {
  return state.step === 'identifying';
}
