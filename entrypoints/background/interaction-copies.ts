/**
 * What this worker knows storage holds of its interactions, to spare reads: each is a round trip to the
 * browser process, 1-18 ms on a busy machine, and a new call waited for two (every interaction, then its own
 * before its answer was applied). Only the worker writes and removes interactions, and only through store.ts,
 * so what it last wrote of one is what storage holds. Once it has read all of them with no write or removal
 * under way, and kept every write and removal since, it knows all of them ("complete").
 *
 * Storage stays the truth: a restarted worker starts knowing nothing and reads. A failed write, or a write
 * that overlapped a removal (which one landed last is unknown), drops the copy and completeness.
 */
import type { Interaction } from '../../lib/interaction';

const copies = new Map<string, Interaction>();
/** Bounds the copies while not complete (the rest is read from storage); complete, storage's own bound applies. */
const MAX_PARTIAL = 64;
let complete = false;
let removals = 0;
let writing = 0;
/** Bumped when a write starts or a removal happens: a read of every interaction that overlapped one is not kept. */
let changes = 0;

const clone = (ix: Interaction): Interaction => structuredClone(ix); // callers may change what they are given

function put(ix: Interaction): void {
  copies.delete(ix.id);
  copies.set(ix.id, clone(ix));
  if (!complete && copies.size > MAX_PARTIAL) copies.delete(copies.keys().next().value as string);
}

function unsure(id: string): void {
  copies.delete(id);
  complete = false;
}

/** The interaction as storage holds it, if known: a copy, `null` when known to be absent, undefined when not known. */
export function knownInteraction(id: string): Interaction | null | undefined {
  const copy = copies.get(id);
  if (copy) return clone(copy);
  return complete ? null : undefined;
}

/** Every stored interaction, if all are known. */
export function knownInteractions(): Interaction[] | undefined {
  return complete ? [...copies.values()].map(clone) : undefined;
}

/** A write of `ix` is sent: call the answer with whether storage took it. Until then readers get the old copy, as storage holds it. */
export function writeSent(ix: Interaction): (ok: boolean) => void {
  const removalsBefore = removals;
  writing++;
  changes++;
  return (ok) => {
    writing--;
    if (ok && removalsBefore === removals) put(ix);
    else unsure(ix.id);
  };
}

/** These interactions are being removed. */
export function removing(ids: readonly string[]): void {
  removals++;
  changes++;
  for (const id of ids) copies.delete(id);
}

/** A read of every interaction is sent: call the answer with what it found (kept only if nothing changed meanwhile). */
export function fullReadSent(): (all: Interaction[]) => void {
  const before = changes;
  const quiet = writing === 0;
  return (all) => {
    if (!quiet || writing > 0 || changes !== before) return;
    copies.clear();
    for (const ix of all) copies.set(ix.id, clone(ix));
    complete = true;
  };
}

/** Know nothing, as a restarted worker (tests that write storage the way an earlier worker left it). */
export function forgetInteractions(): void {
  copies.clear();
  complete = false;
}
