/**
 * The worker's side of the CRM guards (issue 24): what a tab's top frame may hold (the rules of the adapters
 * whose hosts the page is on) and the level the tab's current interaction reached, computed here from the
 * stored interaction only; the blocks and overrides the content script reports, tallied on the interaction
 * (and so in its result record). After each write the top frame is nudged to ask again (guard-push.ts).
 */
import type { Message, Reply } from '../../lib/protocol';
import { fromThisExtension, type Sender } from '../../platform/messaging';
import { matchesAny } from '../../lib/match-pattern';
import { rulesForAdapters, type GuardState } from '../../lib/guards/decide';
import { levelOf } from '../../lib/guards/level';
import { findSecrets } from '../../lib/results/record';
import type { GuardTally } from '../../lib/guards/tally';
import { addGuardEvent } from '../../lib/guards/tally';
import type { Interaction } from '../../lib/interaction';
import { loadSettings } from './settings-store';
import { adaptersFor } from './calls';
import { allInteractions, countRefusal, getInteraction, updateInteraction } from './store';
import { offerStepUpForGuard } from './stepup';

/** An interaction with the guard events of its call. */
export type GuardedInteraction = Interaction & { guards?: GuardTally };

/** The tab's current interaction: its newest one (a call waiting behind it is not stored yet). */
async function currentOfTab(tabId: number): Promise<GuardedInteraction | undefined> {
  const mine = (await allInteractions()).filter((ix) => ix.tabId === tabId);
  return mine.sort((a, b) => b.startedAt - a.startedAt)[0];
}

/** Only our content script in a tab's top frame (where the guards run) asks or reports. */
const topFrameOfTab = (sender: Sender): sender is Sender & { tab: { id: number }; url: string } =>
  fromThisExtension(sender) && sender.tab?.id !== undefined && sender.frameId === 0 && typeof sender.url === 'string';

/** guards.state: the page's guards and the level; the rules are empty when guards are off or no adapter's hosts match. */
export async function onGuardsState(_msg: Message<'guards.state'>, sender: Sender): Promise<Reply<'guards.state'> | undefined> {
  if (!topFrameOfTab(sender)) return void (await countRefusal('bad-sender'));
  const { settings } = await loadSettings();
  const ids = adaptersFor(settings).adapters.filter((a) => matchesAny(a.matches, sender.url)).map((a) => a.id);
  const ix = await currentOfTab(sender.tab.id);
  const state: GuardState = {
    interactionId: ix?.id ?? null,
    level: levelOf(ix),
    rules: settings.guards.enabled ? rulesForAdapters(settings.guards.rules, ids) : [],
    allowOverride: settings.guards.allowOverride,
    overridden: [...new Set((ix?.guards?.overrides ?? []).map((o) => o.label))],
  };
  return { ok: true, state };
}

/**
 * guards.event: a block or an override on the sender tab's own interaction. An override needs the policy's
 * allowOverride and a reason that looks like no account number or date (the result record refuses those).
 */
export async function onGuardsEvent(msg: Message<'guards.event'>, sender: Sender): Promise<Reply<'guards.event'> | undefined> {
  const ix = await getInteraction(msg.interactionId);
  if (!ix || !topFrameOfTab(sender) || ix.tabId !== sender.tab.id) return void (await countRefusal('bad-sender'));
  if (msg.kind === 'override') {
    const { settings } = await loadSettings();
    if (!settings.guards.allowOverride || !msg.reason || findSecrets({ reason: msg.reason }).length > 0) return { ok: false };
  }
  await updateInteraction(msg.interactionId, (cur) => {
    if (!cur) return cur;
    const g = cur as GuardedInteraction;
    return { ...g, guards: addGuardEvent(g.guards, msg, Date.now()) } as GuardedInteraction;
  });
  if (msg.kind === 'blocked') await offerStepUpForGuard(msg.interactionId, msg.label);
  return { ok: true };
}
