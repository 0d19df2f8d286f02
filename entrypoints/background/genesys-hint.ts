/**
 * The panel's Genesys sign-in hint, decided here when a content script's call.detected was handled: the
 * interaction carries it (so the panel gets it over its port like any other state), and a later report
 * of the same call clears it once the channel is connected.
 */
import { genesysSignInHint } from '../../lib/genesys/sign-in-hint';
import { GENESYS_STATUS_KEY } from '../../lib/genesys/keys';
import type { Policy } from '../../lib/policy/schema';
import { authStore } from '../../platform/storage';
import { updateInteraction } from './store';

/** Set or clear the hint on the interaction a call.detected started or kept. */
export async function noteGenesysSignIn(interactionId: string, settings: Policy): Promise<void> {
  const status = await authStore.get(GENESYS_STATUS_KEY).catch(() => undefined);
  await updateInteraction(interactionId, (cur) => {
    if (!cur) return cur;
    const hint = genesysSignInHint(cur.adapterId, settings.genesys, status);
    if (hint?.region === cur.genesysSignIn?.region) return cur;
    const next = { ...cur };
    if (hint) next.genesysSignIn = hint;
    else delete next.genesysSignIn;
    return next;
  });
}
