/**
 * Interaction state in `storage.session`, one key per interaction. The MV3 worker keeps nothing in memory
 * that matters: every change is written here before anyone acts on it. Writes to one interaction are
 * serialised so two events never interleave a read-modify-write.
 */
import { browser } from 'wxt/browser';
import type { Interaction } from '../../lib/interaction';

const KEY_PREFIX = 'ix:';
const chains = new Map<string, Promise<unknown>>();

/** Storage key of an interaction. */
export const interactionKey = (id: string): string => `${KEY_PREFIX}${id}`;

/** Read an interaction, or undefined. */
export async function getInteraction(id: string): Promise<Interaction | undefined> {
  const key = interactionKey(id);
  const got = await browser.storage.session.get(key);
  return got[key] as Interaction | undefined;
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
    await browser.storage.session.set({ [interactionKey(id)]: saved });
    return saved;
  };
  const previous = chains.get(id) ?? Promise.resolve();
  const result = previous.then(run, run);
  const tail = result.catch(() => undefined);
  chains.set(id, tail);
  void tail.then(() => { if (chains.get(id) === tail) chains.delete(id); });
  return result;
}

/** Count a refused message by reason (for diagnostics on the options page). */
export async function countRefusal(reason: string): Promise<void> {
  const key = `stats:refused:${reason}`;
  const got = await browser.storage.session.get(key);
  await browser.storage.session.set({ [key]: ((got[key] as number | undefined) ?? 0) + 1 });
}
