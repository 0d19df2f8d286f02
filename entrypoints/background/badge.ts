/** Mirrors the outcome the panel shows (a customer named ahead of the prior check included) on the toolbar badge of its tab. */
import { browser } from 'wxt/browser';
import { shownOutcome, type Interaction } from '../../lib/interaction';

const BADGE = {
  verified: { text: '✓', color: '#2e844a' },
  identified: { text: 'ID', color: '#0176d3' },
  not_identified: { text: '?', color: '#706e6b' },
} as const;

/** Set the badge of the interaction's tab; a closed tab is not an error. */
export async function showOutcomeBadge(ix: Interaction): Promise<void> {
  const badge = BADGE[shownOutcome(ix).outcome];
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  try {
    await action.setBadgeText({ tabId: ix.tabId, text: badge.text });
    await action.setBadgeBackgroundColor({ tabId: ix.tabId, color: badge.color });
  } catch {
    // The tab was closed meanwhile; nothing to mirror.
  }
}
