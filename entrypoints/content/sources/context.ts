/**
 * What every vendor event source is given: its own module, so the sources and the registry that starts
 * them do not import each other.
 */
import type { Adapter, DetectedCall } from '../../../lib/adapters/types';

export interface EventSourceContext {
  win: Window;
  signal: AbortSignal;
  /** The adapter that declared the source (its id goes into the reported call). */
  adapter: Adapter;
  /** The call the source sees now; null when it has none (any more). */
  onCall: (call: DetectedCall | null) => void;
}

export type EventSourceStart = (ctx: EventSourceContext) => void;
