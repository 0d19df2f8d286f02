/** The write-behind rate limiter against a scripted database: counts stay exact while a flush is in flight. */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../../server/domain/ratelimit.ts';
import type { Db, Param } from '../../../../server/db/sql.ts';

/** A database whose counter reads answer `stored` and whose writes wait until `release()`. */
function scriptedDb(stored: number) {
  let release = (): void => undefined;
  const writes: Param[][] = [];
  const db = {
    dialect: 'sqlite',
    open: true,
    get: async () => ({ count: stored }),
    all: (_sql: string, params: readonly Param[] = []) => {
      writes.push([...params]);
      return new Promise((resolve) => (release = () => resolve([{ bucket: params[0], window_start: params[1], count: stored + Number(params[2]) + 5 }])));
    },
    run: async () => 0,
    exec: async () => undefined,
    transaction: async () => undefined,
    close: async () => undefined,
  } as unknown as Db;
  return { db, writes, release: () => release() };
}

describe('RateLimiter (write-behind)', () => {
  it('counts stored + in-flight + new hits while a flush waits, then takes the written total', async () => {
    const { db, writes, release } = scriptedDb(10);
    const limiter = new RateLimiter(db, 1_000_000);
    const now = 1_740_000_000_000;
    expect((await limiter.hit('token:a', now)).count).toBe(11);
    expect((await limiter.hit('token:a', now)).count).toBe(12);
    const flushing = limiter.flush(); // the write of 2 hits hangs (e.g. waiting on another replica's row lock)
    expect(writes).toEqual([['token:a', Math.floor(now / 60_000) * 60_000, 2]]);
    expect((await limiter.hit('token:a', now)).count).toBe(13); // not blocked, nothing lost
    release(); // the database now holds 10 + 2 + 5 (another replica's hits)
    await flushing;
    expect((await limiter.hit('token:a', now)).count).toBe(19); // 17 written + 2 pending here
  });

  it('a flush while another is writing settles only after that write (close must not outrun the timer\'s flush)', async () => {
    const { db, writes, release } = scriptedDb(0);
    const limiter = new RateLimiter(db, 1_000_000);
    const now = 1_740_000_000_000;
    await limiter.hit('token:a', now);
    const first = limiter.flush(); // e.g. the timer's flush, its write still waiting
    let closed = false;
    const second = limiter.flush().then(() => void (closed = true)); // e.g. onClose
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    expect(writes).toHaveLength(1);
    release();
    await Promise.all([first, second]);
    expect(closed).toBe(true);
  });

  it('counts a bucket it knows without a promise, and refuses past the limit at once', async () => {
    const { db } = scriptedDb(0);
    const limiter = new RateLimiter(db, 1_000_000);
    const now = 1_740_000_000_000;
    await limiter.enforce('idlook:a', 2, now, 'client'); // the first hit reads the stored count
    expect(limiter.enforce('idlook:a', 2, now, 'client')).toBeUndefined(); // 2 of 2, counted here
    expect(() => limiter.enforce('idlook:a', 2, now, 'client')).toThrow(/Too many requests/);
    expect(() => limiter.enforce('idlook:a', 3, now, 'client', { peek: true })).toThrow(/Too many requests/); // 3 counted
    expect((await limiter.hit('idlook:a', now, 60_000, 0)).count).toBe(3);
  });
});
