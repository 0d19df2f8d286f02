/**
 * panel.hello: the panel shows the call, so from now on leaving it unfinished is recorded as abandoned
 * (tabs.ts), and whatever a stopped worker left in flight resumes. A new call's panel says hello while the
 * call's look-up is in flight: the checks below read nothing more unless something may have been left.
 */
import type { Reply } from '../../lib/protocol';
import { apiCallFor } from '../../lib/flow';
import type { Interaction } from '../../lib/interaction';
import { API_TIMEOUT_MIN_MS } from '../../lib/policy/schema';
import { getInteraction, updateInteraction } from './store';
import { loadSettings } from './settings-store';
import { recoverInterruptedVerify, runPendingStep } from './runner';
import { recoverInterruptedCheck } from './stepup';
import type { ShownInteraction } from './tabs';

/** A claim is taken over only once older than the API timeout plus this grace (runner.ts, stepup.ts). */
const CLAIM_GRACE_MS = 2000;

/**
 * Something a stopped worker may have left: a step that needs an API call and holds no claim a running
 * worker could still own (none younger than the shortest timeout a policy allows, plus the grace).
 */
function mayHaveBeenLeft(ix: Interaction, now: number): boolean {
  if (ix.pendingSince !== undefined && now - ix.pendingSince < API_TIMEOUT_MIN_MS + CLAIM_GRACE_MS) return false;
  return apiCallFor(ix.flow) !== null || ix.flow.step.name === 'verifying' || ix.flow.stepUp?.phase.name === 'checking';
}

/** Note that the call reached the agent, resume what was left, and answer with the interaction as stored. */
export async function onPanelHello(ix: Interaction): Promise<Reply<'panel.hello'>> {
  const shown = (ix as ShownInteraction).shownAt
    ? ix
    : await updateInteraction(ix.id, (cur) => (cur ? ({ ...cur, shownAt: Date.now() } as ShownInteraction) : cur));
  if (!mayHaveBeenLeft(ix, Date.now())) return { ok: true, interaction: shown ?? ix };
  await recoverInterruptedVerify(ix);
  await recoverInterruptedCheck(ix, (await loadSettings()).settings.apiTimeoutMs + CLAIM_GRACE_MS);
  void runPendingStep(ix.id); // resumes a step a stopped worker left in flight
  return { ok: true, interaction: (await getInteraction(ix.id)) ?? ix };
}
