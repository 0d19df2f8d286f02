/**
 * Interaction state in `storage.session`, one key per interaction. The MV3 worker keeps nothing in memory
 * that matters: every change is written here before anyone acts on it. Writes to one interaction are
 * serialised so two events never interleave a read-modify-write.
 * Reads are answered from what this worker knows storage holds when it can (interaction-copies.ts).
 */
import type { Interaction } from '../../lib/interaction';
import { interactionsStore, refusalCounters } from '../../platform/storage';
import { panelPorts } from '../../platform/panel-port';
import { fromPanelPage, fromSidePanelPage } from '../../platform/messaging';
import { nudgeGuards } from './guard-push';
import { forgetInteractions, fullReadSent, knownInteraction, knownInteractions, removing, writeSent } from './interaction-copies';

/** Panels (in-page and the side panel) following an interaction: each saved change is pushed to them (index.ts accepts their ports). */
export const panels = panelPorts((id) => getInteraction(id), (s) => fromPanelPage(s) || fromSidePanelPage(s));

const chains = new Map<string, Promise<unknown>>();
let writes = 0;

/** Store `saved`; what is known of it follows storage's answer (interaction-copies.ts). */
async function store(saved: Interaction): Promise<void> {
  const answered = writeSent(saved);
  try {
    await interactionsStore.set(saved.id, saved);
  } catch (err) {
    answered(false);
    throw err;
  }
  answered(true);
}

/** How many interaction updates this worker has started: a read taken when this was N is current while it still is. */
export const writesStarted = (): number => writes;

/** Read an interaction, or undefined. */
export async function getInteraction(id: string): Promise<Interaction | undefined> {
  const known = knownInteraction(id);
  return known === undefined ? interactionsStore.get(id) : (known ?? undefined);
}

/** Every stored interaction of this browser session. */
export async function allInteractions(): Promise<Interaction[]> {
  const known = knownInteractions();
  if (known) return known;
  const answered = fullReadSent();
  const all = await interactionsStore.all();
  answered(all);
  return all;
}

/** Remove interactions (only through here, so that what this worker knows of them goes with them). */
export async function removeInteractions(ids: readonly string[]): Promise<void> {
  removing(ids);
  try {
    await interactionsStore.remove(ids);
  } catch (err) {
    forgetInteractions(); // whether they are gone is not known
    throw err;
  }
}

/** How a write reaches the panels: after storage took it (the rule), or as it goes out (`showFirst`). */
export interface WriteOptions {
  /**
   * The change only adds what the panel shows while the call's first answer is awaited (the customer named
   * ahead of the prior check): it decides nothing, and the next write of the flow replaces it. It is pushed as
   * its write is sent, not after storage's answer (a round trip to the browser process, 2-16 ms while a call
   * comes in). Should that write fail, the next one carries the same revision or a newer one and is shown.
   */
  showFirst?: boolean;
}

/** Read-modify-write one interaction, serialised per id; returning undefined from `fn` leaves it as is. */
export function updateInteraction(
  id: string,
  fn: (current: Interaction | undefined) => Interaction | undefined | Promise<Interaction | undefined>,
  opts: WriteOptions = {},
): Promise<Interaction | undefined> {
  const run = async (): Promise<Interaction | undefined> => {
    const current = await getInteraction(id);
    const next = await fn(current);
    if (!next || next === current) return current;
    const saved = { ...next, rev: (current?.rev ?? 0) + 1, updatedAt: Date.now() };
    if (opts.showFirst) panels.push(saved);
    await store(saved);
    if (!opts.showFirst) panels.push(saved);
    nudgeGuards(saved, current);
    return saved;
  };
  return chain(id, () => previous(id).then(run, run));
}

/** Runs `start` as the next link of the id's chain of writes (it waits for the link before it, if any). */
function chain(id: string, start: () => Promise<Interaction | undefined>): Promise<Interaction | undefined> {
  writes++;
  const result = start();
  const tail = result.catch(() => undefined);
  chains.set(id, tail);
  void tail.then(() => { if (chains.get(id) === tail) chains.delete(id); });
  return result;
}

const previous = (id: string): Promise<unknown> => chains.get(id) ?? Promise.resolve();

/** No write of this interaction is under way in this worker. */
export const notBeingWritten = (id: string): boolean => !chains.has(id);

/**
 * Write an interaction the caller knows is not stored (a read no write has overtaken, and none under way:
 * see call-start.ts): the write is sent to storage at once, without a read first.
 */
export function createInteraction(ix: Interaction): Promise<Interaction | undefined> {
  if (!notBeingWritten(ix.id)) return updateInteraction(ix.id, (cur) => cur ?? ix);
  const saved = { ...ix, rev: 1, updatedAt: Date.now() };
  return chain(ix.id, async () => {
    await store(saved);
    panels.push(saved);
    nudgeGuards(saved, undefined);
    return saved;
  });
}

/** Count a refused message by reason (for diagnostics on the options page). */
export function countRefusal(reason: string): Promise<void> {
  return refusalCounters.increment(reason);
}
