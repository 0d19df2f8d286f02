/**
 * Nudges a tab's top frame to ask for its guard state again (guards.state) when something the guards depend
 * on changed in a saved interaction: its level or its overrides. A new interaction needs no nudge (the
 * content script asks when its panel shows the call). The nudge carries nothing, so even a forged one could
 * not open a guard; the state always comes from the worker's reply.
 */
import { levelOf } from '../../lib/guards/level';
import type { Interaction } from '../../lib/interaction';
import { sendToFrame } from '../../platform/messaging';

const overrideCount = (ix: Interaction): number => (ix as Interaction & { guards?: { overrides?: unknown[] } }).guards?.overrides?.length ?? 0;

/** After `saved` replaced `previous`: nudge its tab's top frame when its guard-relevant part changed. */
export function nudgeGuards(saved: Interaction, previous: Interaction | undefined): void {
  if (!previous || (levelOf(previous) === levelOf(saved) && overrideCount(previous) === overrideCount(saved))) return;
  void sendToFrame(saved.tabId, 0, { type: 'guards.push' });
}
