/**
 * A reported call becomes an interaction: held when the tab's current caller is mid-verification
 * (incoming.ts), else written with the claim on its first API call. A brand-new call is written without a
 * read first and its requests leave right behind that write (the name is what the agent waits for). What
 * follows the first answer in the tab (its earlier calls recorded as abandoned, the badge again) runs after it.
 */
import type { Message, Reply } from '../../lib/protocol';
import type { Sender } from '../../platform/messaging';
import { normaliseAni, type CountryCode } from '../../lib/phone';
import { startFlow, apiCallFor } from '../../lib/flow';
import type { Interaction } from '../../lib/interaction';
import type { Policy } from '../../lib/policy/schema';
import { createInteraction, getInteraction, notBeingWritten, updateInteraction, writesStarted } from './store';
import { clientOptionsFrom } from './api-options';
import { showOutcomeBadge } from './badge';
import { flowConfigFrom, panelLayoutFrom } from './flow-config';
import { abandonOthersInTab } from './tabs';
import { holdIfVerifying } from './incoming';
import { newClaim, runPendingStep, type Claimed } from './runner';

/** Every stored interaction, read as the call's message arrived, with the count of writes started then. */
export interface Snapshot {
  read: Promise<Interaction[]>;
  writes: number;
}

/** What follows a new call's first answer in a tab, one tab's at a time: the earlier calls abandoned, the badge again. */
const tabWork = new Map<number, Promise<void>>();
function afterCallStarted(tabId: number, id: string): Promise<void> {
  const run = async (): Promise<void> => {
    const now = await getInteraction(id);
    if (!now) return; // gone meanwhile (evicted, its tab closed): it ends nothing
    await abandonOthersInTab(tabId, now);
    // Again, as stored now: the first badge may have landed after the answer's.
    await showOutcomeBadge(now);
  };
  const next = (tabWork.get(tabId) ?? Promise.resolve()).then(run, run).catch(() => undefined);
  tabWork.set(tabId, next);
  void next.then(() => { if (tabWork.get(tabId) === next) tabWork.delete(tabId); });
  return next;
}

/**
 * The call is new to storage for certain: absent from a read that no write of this worker has overtaken
 * (only this worker writes interactions; a restarted one reads afresh). Synchronous, so that the caller
 * starts its write before another report of the same call can ask.
 */
function brandNew(id: string, writes: number, all: Interaction[] | undefined): boolean {
  return all !== undefined && writesStarted() === writes && notBeingWritten(id) && !all.some((ix) => ix.id === id);
}

/** Start (or keep) the interaction for a reported call; `confirmed`: the agent chose to switch to it. */
export async function onCallDetected(
  msg: Message<'call.detected'>, sender: Sender, settings: Policy, opts: { confirmed?: true } = {}, snapshot?: Snapshot,
): Promise<Reply<'call.detected'>> {
  const ani = msg.rawAni === null ? null : normaliseAni(msg.rawAni, settings.defaultRegion as CountryCode);
  const tabId = sender.tab?.id as number;
  // Mid-verification, a new call waits for the agent (incoming.ts): the panel stays with the current call.
  const held = opts.confirmed ? undefined : await holdIfVerifying(msg, sender, ani, snapshot?.read);
  if (held) return { ok: true, interactionId: held.id, panel: panelLayoutFrom(settings) };
  const now = Date.now();
  const flow = startFlow(ani, flowConfigFrom(settings), {
    ...(msg.customerId ? { customerId: msg.customerId } : {}),
    ...(msg.aniTrust ? { aniTrust: msg.aniTrust } : {}),
  });
  const fresh = (startedAt: number): Interaction => {
    const ix = { id: msg.interactionId, tabId, frameId: sender.frameId ?? 0, adapterId: msg.adapterId, crmOrigin: new URL(sender.url as string).origin, startedAt, updatedAt: now, ani, flow };
    // Written with the claim on its first API call: one write, and the look-up needs no other (runner.ts).
    return apiCallFor(flow) ? { ...ix, pendingSince: newClaim() } : ix;
  };
  const all = snapshot ? await snapshot.read : undefined;
  const early = brandNew(msg.interactionId, snapshot?.writes ?? -1, all);
  // A brand-new call is written at once, no read first; anything else is a read-modify-write.
  let started: Interaction | undefined = early ? fresh(now) : undefined;
  const write = started ? createInteraction(started) : updateInteraction(msg.interactionId, (cur) => {
    const sameCall = cur && (cur.ani?.kind === 'number' ? ani?.kind !== 'number' || ani.e164 === cur.ani.e164 : ani === null);
    if (cur && sameCall) return cur.tabId === tabId ? cur : { ...cur, tabId, frameId: sender.frameId ?? 0 };
    started = fresh(cur?.startedAt ?? now);
    return started;
  });
  const first = {
    opts: clientOptionsFrom(settings),
    // Earlier calls of the tab are recorded as abandoned once the first answer is shown: their read of every
    // stored interaction would otherwise hold up the look-up (a stopped worker redoes the recording at the
    // tab's next call or when it closes).
    afterFirst: () => void afterCallStarted(tabId, msg.interactionId),
  };
  // Its prior check and look-up leave right behind that write, not after it lands: their answers apply only
  // once stored under its claim (applyEvent).
  if (early && started?.pendingSince !== undefined) void runPendingStep(msg.interactionId, started as Claimed, first);
  const saved = await write;
  if (!saved) return { ok: false, error: 'not stored' };
  void showOutcomeBadge(saved); // one browser call, no storage read: the badge shows the new call at once
  if (!early) void runPendingStep(saved.id, started && saved.pendingSince === started.pendingSince ? (saved as Claimed) : undefined, first);
  return { ok: true, interactionId: saved.id, panel: panelLayoutFrom(settings) };
}
