/**
 * Whether the panel suggests the Genesys sign-in for a call the page itself showed. The worker decides
 * when it handles call.detected: the channel is configured by policy but has no signed-in agent, so the
 * DOM found the call after the screen showed it; signed in, the channel would have been first. It is a
 * hint only: a page can at most make the line appear next to a call it already made the panel show.
 */
import { genesysCloud, genesysEmbedded } from '../adapters/genesys';

/** The panel's sign-in hint: the region whose agent UI the agent signs in to. */
export interface GenesysSignInHint { region: string }

const GENESYS_ADAPTERS: readonly string[] = [genesysCloud.id, genesysEmbedded.id];

/** Whether a call from `adapterId` could carry the hint at all under this policy (no storage read needed). */
export function mayHintGenesysSignIn(adapterId: string, policy: { region: string; clientId: string }): boolean {
  return GENESYS_ADAPTERS.includes(adapterId) && !!policy.region && !!policy.clientId;
}

/**
 * The hint for a call reported by `adapterId`, given policy `genesys` and the channel status the worker
 * stored; null when the adapter is not Genesys, the policy leaves the channel off, or the channel is not
 * waiting for a sign-in (connected, still starting, or failing for another reason signing in would not fix).
 */
export function genesysSignInHint(adapterId: string, policy: { region: string; clientId: string }, status: unknown): GenesysSignInHint | null {
  if (!mayHintGenesysSignIn(adapterId, policy)) return null;
  const state = typeof status === 'object' && status !== null ? (status as { state?: unknown }).state : undefined;
  return state === 'signed-out' ? { region: policy.region } : null;
}
