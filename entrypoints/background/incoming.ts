/**
 * A new call reported in a tab while the agent is verifying the tab's current caller waits for the agent
 * (lib/interaction.ts mustAskBeforeReplacing): the current interaction keeps the panel and carries the new
 * call as `incoming`, which the panel shows with "Keep this call" (the default) and "Switch to the new call".
 * Nothing is looked up for the waiting call, so a page faking calls mid-verification costs no API calls.
 */
import { FROM_CONTENT, parseMessage, type Message, type Reply } from '../../lib/protocol';
import type { Sender } from '../../platform/messaging';
import { mustAskBeforeReplacing, type Interaction } from '../../lib/interaction';
import type { Ani } from '../../lib/phone';
import { allInteractions, updateInteraction } from './store';
import { withSecurityEvent } from './panel-registry';

/** Starts an interaction for a call.detected message (handlers.ts); `confirmed`: the agent chose to switch. */
export type StartCall = (msg: Message<'call.detected'>, sender: Sender, opts: { confirmed: true }) => Promise<Reply<'call.detected'>>;

/** The call the tab's panel follows: the newest interaction of the tab not yet recorded as ended. */
async function currentOfTab(tabId: number, all?: Interaction[]): Promise<Interaction | undefined> {
  const open = (all ?? (await allInteractions())).filter((ix) => ix.tabId === tabId && ix.endedAt === undefined);
  return open.sort((a, b) => b.startedAt - a.startedAt)[0];
}

/**
 * Hold a newly reported call when the tab's current call is mid-verification; returns the interaction that
 * keeps the panel (undefined: go ahead and start the new call). A call already known is never held.
 */
export async function holdIfVerifying(msg: Message<'call.detected'>, sender: Sender, ani: Ani | null, read: Promise<Interaction[]> = allInteractions()): Promise<Interaction | undefined> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return undefined;
  // One read of every interaction answers both questions (a new call waits for it before its first write,
  // so the caller may start it early: `read`).
  const all = await read;
  if (all.some((ix) => ix.id === msg.interactionId)) return undefined;
  const current = await currentOfTab(tabId, all);
  if (!current || !mustAskBeforeReplacing(current, msg.interactionId)) return undefined;
  return updateInteraction(current.id, (cur) => {
    if (!cur || !mustAskBeforeReplacing(cur, msg.interactionId)) return undefined;
    const report = { message: msg, frameId: sender.frameId ?? 0, url: sender.url ?? '' };
    // Recorded once per held call (a page may repeat its report): Reports shows who had calls pushed at them.
    const held = cur.incoming?.interactionId === msg.interactionId ? cur : withSecurityEvent(cur, 'call-replaced-attempt', Date.now());
    return { ...held, incoming: { interactionId: msg.interactionId, ani, at: Date.now(), report } };
  });
}

/** Clear the waiting call of an interaction; returns what was waiting. */
async function takeIncoming(id: string): Promise<Interaction['incoming']> {
  let taken: Interaction['incoming'];
  await updateInteraction(id, (cur) => {
    if (!cur?.incoming) return undefined;
    const { incoming, ...rest } = cur;
    taken = incoming;
    return rest;
  });
  return taken;
}

/** panel.keepCall: the agent stays with the caller they are verifying; the waiting call is dropped. */
export async function keepCurrentCall(ix: Interaction): Promise<Reply<'panel.keepCall'>> {
  await takeIncoming(ix.id);
  return { ok: true };
}

/** panel.switchCall: start the waiting call as if just reported (the current one ends as abandoned) and show it. */
export async function switchToIncoming(ix: Interaction, start: StartCall, mount: (tabId: number, id: string) => Promise<void>): Promise<Reply<'panel.switchCall'>> {
  const incoming = await takeIncoming(ix.id);
  const parsed = incoming ? parseMessage(FROM_CONTENT, incoming.report.message) : undefined;
  if (!incoming || !parsed?.ok || parsed.message.type !== 'call.detected') return { ok: false };
  const sender: Sender = { tab: { id: ix.tabId } as Sender['tab'], frameId: incoming.report.frameId, url: incoming.report.url };
  const reply = await start(parsed.message, sender, { confirmed: true });
  if (reply.ok) await mount(ix.tabId, reply.interactionId);
  return { ok: reply.ok };
}

/** call.ended for a call that only waited (never started): the prompt goes away with its call view. */
export async function dropEndedIncoming(tabId: number | undefined, interactionId: string): Promise<boolean> {
  const current = tabId === undefined ? undefined : await currentOfTab(tabId);
  if (current?.incoming?.interactionId !== interactionId) return false;
  await takeIncoming(current.id);
  return true;
}
