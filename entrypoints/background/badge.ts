/** Mirrors an interaction's outcome on the toolbar badge of its tab. */
import { browser } from 'wxt/browser';
import { outcomeOf } from '../../lib/flow';
import type { Interaction } from '../../lib/interaction';

const BADGE = {
  verified: { text: '✓', color: '#2e844a' },
  identified: { text: 'ID', color: '#0176d3' },
  not_identified: { text: '?', color: '#706e6b' },
} as const;

/** Set the badge of the interaction's tab; a closed tab is not an error. */
export async function showOutcomeBadge(ix: Interaction): Promise<void> {
  const badge = BADGE[outcomeOf(ix.flow)];
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  try {
    await action.setBadgeText({ tabId: ix.tabId, text: badge.text });
    await action.setBadgeBackgroundColor({ tabId: ix.tabId, color: badge.color });
  } catch {
    // The tab was closed meanwhile; nothing to mirror.
  }
}
