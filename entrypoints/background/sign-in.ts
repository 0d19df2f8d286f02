/**
 * The agent's "Sign in" button (OAuth): run the interactive web-auth flow, then resume every interaction
 * that waited for it (the prior-status check, a step that failed for want of a token, the results outbox).
 * A failure is stored on the interaction, so the panel explains it even after a reload.
 */
import { allInteractions, getInteraction, updateInteraction } from './store';
import type { Interaction } from '../../lib/interaction';
import { loadSettings } from './settings-store';
import { signInInteractively } from './auth';
import { applyEvent, runPendingStep } from './runner';
import { syncResults } from './results';

/** Interactive sign-in asked for by the panel of `ix`; resolves when it is done (or failed). */
export async function signInFromPanel(ix: Interaction): Promise<{ ok: boolean }> {
  const { settings } = await loadSettings();
  if (settings.apiAuth.type !== 'oauth2-pkce') return { ok: false };
  const failure = await signInInteractively(settings.apiAuth, settings.apiTimeoutMs);
  if (failure) {
    await updateInteraction(ix.id, (cur) => (cur ? { ...cur, signIn: failure } : undefined));
    return { ok: false };
  }
  await resumeAfterSignIn();
  return { ok: true };
}

/** True when the interaction is held up by a missing sign-in. */
function waitsForSignIn(ix: Interaction): boolean {
  return !!ix.signIn || (ix.flow.step.name === 'error' && !!ix.flow.step.error.signIn);
}

/** Resume every interaction of this browser session that waited for a sign-in, and the outbox. */
async function resumeAfterSignIn(): Promise<void> {
  const waiting = (await allInteractions()).filter(waitsForSignIn).map((ix) => ix.id);
  for (const id of waiting) {
    const ix = await getInteraction(id);
    if (!ix) continue;
    if (ix.flow.step.name === 'error') await applyEvent(id, { type: 'retry' });
    else await updateInteraction(id, (cur) => (cur ? { ...cur, signIn: undefined } : undefined));
    void runPendingStep(id);
  }
  void syncResults();
}
