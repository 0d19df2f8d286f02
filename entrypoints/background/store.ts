/**
 * Interaction state in `storage.session`, one key per interaction. The MV3 worker keeps nothing in memory
 * that matters: every change is written here before anyone acts on it. Writes to one interaction are
 * serialised so two events never interleave a read-modify-write.
 *
 * Only this worker writes and removes interactions, so what it last wrote of one is what storage holds: reads
 * take that copy (a clone, as a storage read gives) instead of a round trip to the browser process. A call's
 * answer was applied with a read before its write, 1-18 ms on a busy machine. A stopped worker starts with
 * no copy and reads storage; a failed write or a removal drops the copy.
 */
import type { Interaction } from '../../lib/interaction';
import { interactionsStore, refusalCounters } from '../../platform/storage';
import { panelPorts } from '../../platform/panel-port';
import { fromPanelPage, fromSidePanelPage } from '../../platform/messaging';
import { nudgeGuards } from './guard-push';

/** Panels (in-page and the side panel) following an interaction: each saved change is pushed to them (index.ts accepts their ports). */
export const panels = panelPorts((id) => interactionsStore.get(id), (s) => fromPanelPage(s) || fromSidePanelPage(s));

const chains = new Map<string, Promise<unknown>>();
let writes = 0;

/** The interactions this worker wrote last, newest last (bounded: an older one is read from storage). */
const written = new Map<string, Interaction>();
const MAX_WRITTEN = 64;
/** Bumped by every removal: a write that overlapped one may have landed before it, so it is not kept. */
let removals = 0;

function keep(ix: Interaction, removalsBefore: number): void {
  written.delete(ix.id);
  if (removalsBefore !== removals) return;
  written.set(ix.id, structuredClone(ix)); // a caller may change the object it was given
  if (written.size > MAX_WRITTEN) written.delete(written.keys().next().value as string);
}

/** Store `saved`, keeping the copy only once storage has it (and dropping it if the write failed). */
async function store(saved: Interaction): Promise<void> {
  const before = removals;
  written.delete(saved.id);
  await interactionsStore.set(saved.id, saved);
  keep(saved, before);
}

/** How many interaction updates this worker has started: a read taken when this was N is current while it still is. */
export const writesStarted = (): number => writes;

/** Read an interaction, or undefined. */
export async function getInteraction(id: string): Promise<Interaction | undefined> {
  const copy = written.get(id);
  return copy ? structuredClone(copy) : interactionsStore.get(id);
}

/** Drop every copy, as a restarted worker starts (tests that write storage as an earlier worker left it). */
export function forgetWrittenInteractions(): void {
  written.clear();
}

/** Remove interactions (only through here: the copies of what this worker wrote go with them). */
export function removeInteractions(ids: readonly string[]): Promise<void> {
  removals++;
  for (const id of ids) written.delete(id);
  return interactionsStore.remove(ids);
}

/** Read-modify-write one interaction, serialised per id; returning undefined from `fn` leaves it as is. */
export function updateInteraction(
  id: string,
  fn: (current: Interaction | undefined) => Interaction | undefined | Promise<Interaction | undefined>,
): Promise<Interaction | undefined> {
  const run = async (): Promise<Interaction | undefined> => {
    const current = await getInteraction(id);
    const next = await fn(current);
    if (!next || next === current) return current;
    const saved = { ...next, rev: (current?.rev ?? 0) + 1, updatedAt: Date.now() };
    await store(saved);
    panels.push(saved);
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
