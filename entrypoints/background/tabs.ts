/**
 * Tab lifecycle: when a CRM tab closes, its interactions are recorded (if unfinished and shown to the
 * agent) and removed from storage.session; while it is open a new call evicts all but the newest few, so
 * per-tab state stays bounded even when a page reports a flood of calls.
 */
import type { Interaction } from '../../lib/interaction';
import { recordAbandoned } from './results';
import { allInteractions, removeInteractions } from './store';

/** The most interactions one tab keeps: the current call and a few earlier ones still in wrap-up. */
export const MAX_INTERACTIONS_PER_TAB = 5;

/** An interaction with the time its panel first loaded it (the call reached the agent). */
export type ShownInteraction = Interaction & { shownAt?: number };

/** Only a call the agent saw is recorded as abandoned; one the page reported and replaced unseen is noise. */
const reachedAgent = (ix: Interaction): boolean => (ix as ShownInteraction).shownAt !== undefined;

/** All stored interactions of one tab. */
async function interactionsOfTab(tabId: number): Promise<Interaction[]> {
  return (await allInteractions()).filter((ix) => ix.tabId === tabId);
}

/** tabs.onRemoved: record unfinished calls, then forget the tab's interactions. */
export async function onTabClosed(tabId: number): Promise<void> {
  const list = await interactionsOfTab(tabId);
  for (const ix of list) if (reachedAgent(ix)) await recordAbandoned(ix);
  if (list.length > 0) await removeInteractions(list.map((ix) => ix.id));
}

/** A new call in a tab ends the previous unfinished ones there, and evicts all but the newest few. */
export async function abandonOthersInTab(tabId: number, keep: Interaction): Promise<void> {
  // Only calls older than this one: it runs after the call's first answer, when a newer call may exist.
  const others = (await interactionsOfTab(tabId)).filter((ix) => ix.id !== keep.id && ix.startedAt <= keep.startedAt);
  for (const ix of others) if (reachedAgent(ix)) await recordAbandoned(ix);
  const evicted = others.sort((a, b) => b.startedAt - a.startedAt).slice(MAX_INTERACTIONS_PER_TAB - 1);
  if (evicted.length > 0) await removeInteractions(evicted.map((ix) => ix.id));
}
