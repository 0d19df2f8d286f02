/**
 * Content-script messages other than call.detected (call.ended, content.config, selector.health, whose
 * list is written here), the sender checks they share with it, which sub-frames may report calls at all,
 * and mounting the panel in a tab's top frame when a sub-frame (an embedded softphone) detected the call.
 * Only frame 0 ever mounts a panel host.
 */
import type { Message, Reply } from '../../lib/protocol';
import { fromThisExtension, sendToFrame, type Sender } from '../../platform/messaging';
import type { Adapter } from '../../lib/adapters/types';
import { effectiveAdapters, effectiveAdapterById, type EffectiveAdapters } from '../../lib/adapters/effective';
import { matchesAny } from '../../lib/match-pattern';
import { withEntry, type SelectorHealthEntry } from '../../lib/selector-health';
import { selectorHealthItem } from '../../platform/storage';
import { loadSettings } from './settings-store';
import { countRefusal, getInteraction, updateInteraction } from './store';
import type { Interaction } from '../../lib/interaction';
import type { Policy } from '../../lib/policy/schema';
import { panelLayoutFrom } from './flow-config';
import { dropEndedIncoming } from './incoming';

/** The adapters in effect under these settings. */
export function adaptersFor(settings: Policy): EffectiveAdapters {
  return effectiveAdapters(settings);
}

/** Sender is a content script of ours, in a tab, on a URL this (effective) adapter may run on. */
export function adapterSenderOk(sender: Sender, adapter: Adapter | undefined): boolean {
  return fromThisExtension(sender) && sender.tab?.id !== undefined && !!sender.url && !!adapter && matchesAny(adapter.matches, sender.url);
}

/**
 * Which adapters may report a call from a sub-frame, and under which adapters' top-frame pages. The Genesys
 * Cloud embeddable client is served from one host per region for every organisation, as the CRM
 * integrations frame it. An Amazon Connect CCP is on its tenant's own host, which nothing here can tell from
 * an attacker's instance framed into the CRM (docs/security.md), so it reports calls only as the top frame.
 */
const EMBEDDABLE_UNDER: Readonly<Record<string, readonly string[]>> = {
  'genesys-cloud-embedded': ['salesforce-voicecall', 'salesforce-engagement', 'dynamics-omnichannel', 'zendesk-talk'],
};

/**
 * A call from a sub-frame counts only when its adapter may be embedded in the page the tab's top frame
 * shows, as our top-frame content script reports it (no answer: the top page is not a CRM page of ours).
 */
export async function subFrameMayReport(sender: Sender, adapterId: string, adapters: EffectiveAdapters): Promise<boolean> {
  if ((sender.frameId ?? 0) === 0) return true;
  const tops = EMBEDDABLE_UNDER[adapterId];
  if (!tops || sender.tab?.id === undefined) return false;
  const url = (await sendToFrame(sender.tab.id, 0, { type: 'frame.top' }))?.url;
  if (typeof url !== 'string') return false;
  return adapters.adapters.some((a) => tops.includes(a.id) && matchesAny(a.matches, url));
}

/** Ask the tab's top frame to show the panel for an interaction a sub-frame reported. */
export async function mountInTopFrame(tabId: number, interactionId: string): Promise<void> {
  // The top frame may not run our content script (a softphone embedded in an unsupported page): no answer then.
  await sendToFrame(tabId, 0, { type: 'panel.mount', interactionId });
}

/**
 * An interaction with the time its call view went away. Not `endedAt`: that field means "recorded as
 * abandoned" (entrypoints/background/results.ts), and setting it here would stop a later tab close from
 * recording the unfinished call.
 */
export type EndedInteraction = Interaction & { callEndedAt?: number };

/** call.ended: only from the tab the interaction belongs to. */
export async function onCallEnded(msg: Message<'call.ended'>, sender: Sender): Promise<Reply<'call.ended'> | undefined> {
  const ix = await getInteraction(msg.interactionId);
  if (!ix && fromThisExtension(sender) && (await dropEndedIncoming(sender.tab?.id, msg.interactionId))) return { ok: true };
  if (!ix || !fromThisExtension(sender) || ix.tabId !== sender.tab?.id) return void (await countRefusal('bad-sender'));
  await updateInteraction(msg.interactionId, (cur) => (cur && !(cur as EndedInteraction).callEndedAt ? ({ ...cur, callEndedAt: Date.now() } as EndedInteraction) : cur));
  return { ok: true };
}

/** content.config: the effective adapters and panel layout, for any content script of ours in a tab. */
export async function onContentConfig(sender: Sender): Promise<Reply<'content.config'> | undefined> {
  if (!fromThisExtension(sender) || sender.tab?.id === undefined) return void (await countRefusal('bad-sender'));
  const { settings, errors } = await loadSettings();
  const { adapters, problems } = adaptersFor(settings);
  const reported = [...errors.filter((e) => /\.(customAdapters|disabledAdapters)\b/.test(e)), ...problems];
  return { ok: true, adapters, problems: reported, panel: panelLayoutFrom(settings) };
}

let healthWrites: Promise<unknown> = Promise.resolve();

/** Add one selector-health entry in front of the stored list; writes are serialised so concurrent reports are all kept. */
function recordSelectorHealth(entry: SelectorHealthEntry): Promise<void> {
  const run = async (): Promise<void> => {
    await selectorHealthItem.setValue(withEntry(await selectorHealthItem.getValue(), entry));
  };
  const next = healthWrites.then(run, run);
  healthWrites = next.catch(() => undefined);
  return next;
}

/** selector.health: only from a page the named (effective) adapter may run on. */
export async function onSelectorHealth(msg: Message<'selector.health'>, sender: Sender): Promise<Reply<'selector.health'> | undefined> {
  const { settings } = await loadSettings();
  if (!adapterSenderOk(sender, effectiveAdapterById(adaptersFor(settings), msg.adapterId))) return void (await countRefusal('bad-sender'));
  await recordSelectorHealth({
    adapterId: msg.adapterId, host: new URL(sender.url as string).host, reason: msg.reason,
    ...(msg.pageVersion ? { pageVersion: msg.pageVersion } : {}), at: Date.now(),
  });
  return { ok: true };
}
