/** Fakes for the outbox tests: a seeded random source, a counting PUT endpoint, the background's alarm loop. */
import type { ApiResult } from '../../../../lib/api/client.ts';
import type { ResultRecord } from '../../../../lib/results/record.ts';
import { flushOutbox, nextWakeUp, type FlushOptions } from '../../../../lib/results/outbox.ts';
import { listResults } from '../../../../lib/results/store.ts';
import type { ResultsDb } from '../../../../lib/results/schema.ts';
import type { clock } from './helpers.ts';

/** Deterministic uniform [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fake PUT endpoint: counts calls and successes per interaction and how many run at once. */
export function fakeApi(answer: (r: ResultRecord) => ApiResult<unknown> | Promise<ApiResult<unknown>>) {
  const calls = new Map<string, number>();
  const successes = new Map<string, number>();
  const bodies: ResultRecord[] = [];
  const stats = { inFlight: 0, maxInFlight: 0 };
  const put = async (r: ResultRecord): Promise<ApiResult<unknown>> => {
    calls.set(r.interactionId, (calls.get(r.interactionId) ?? 0) + 1);
    bodies.push(r);
    stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
    try {
      await Promise.resolve();
      const res = await answer(r);
      if (res.ok) successes.set(r.interactionId, (successes.get(r.interactionId) ?? 0) + 1);
      return res;
    } finally {
      stats.inFlight--;
    }
  };
  return { put, calls, successes, bodies, stats };
}

export type Clock = ReturnType<typeof clock>;

/** What the background does on each alarm: flush, then sleep until nextWakeUp (alarms fire at most every 30 s). */
export async function alarmLoop(opts: FlushOptions, c: Clock, until: number, maxRounds = 10_000): Promise<number> {
  let rounds = 0;
  for (; rounds < maxRounds; rounds++) {
    const wake = await nextWakeUp(opts.db);
    if (wake === undefined) break;
    const next = Math.max(wake, c.now() + 30_000);
    if (next > until) break;
    c.set(next);
    await flushOutbox(opts);
  }
  return rounds;
}

/** The sync state of every stored result, newest first. */
export const states = async (db: ResultsDb) => (await listResults(db)).map((r) => r.sync.state);
