/**
 * Tab lifecycle: when a CRM tab closes, its interactions are recorded (if unfinished) and removed from
 * storage.session, so per-tab state never only grows.
 */
import type { Interaction } from '../../lib/interaction';
import { recordAbandoned } from './results';
import { interactionsStore } from '../../platform/storage';

/** All stored interactions of one tab. */
async function interactionsOfTab(tabId: number): Promise<Interaction[]> {
  return (await interactionsStore.all()).filter((ix) => ix.tabId === tabId);
}

/** tabs.onRemoved: record unfinished calls, then forget the tab's interactions. */
export async function onTabClosed(tabId: number): Promise<void> {
  const list = await interactionsOfTab(tabId);
  for (const ix of list) await recordAbandoned(ix);
  if (list.length > 0) await interactionsStore.remove(list.map((ix) => ix.id));
}

/** A new call in a tab ends the previous unfinished one there. */
export async function abandonOthersInTab(tabId: number, keepId: string): Promise<void> {
  for (const ix of await interactionsOfTab(tabId)) if (ix.id !== keepId) await recordAbandoned(ix);
}
