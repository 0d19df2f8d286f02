/** The pass throttle: a frame's requests batched, a new URL's request never waiting for a frame; items told after the task. */
import { describe, expect, it } from 'vitest';
import { afterTask, frameThrottle } from '../../../../lib/detect/timers.ts';

/** A window whose frames come only when the test draws one. */
function frames() {
  const pending = new Map<number, FrameRequestCallback>();
  let next = 1;
  const win = {
    requestAnimationFrame: (cb: FrameRequestCallback) => { pending.set(next, cb); return next++; },
    cancelAnimationFrame: (id: number) => void pending.delete(id),
  } as unknown as Window;
  const draw = (): void => {
    const cbs = [...pending.values()];
    pending.clear();
    for (const cb of cbs) cb(0);
  };
  return { win, draw, waiting: () => pending.size };
}
const endOfTask = () => new Promise<void>((r) => setTimeout(r, 0));

describe('frameThrottle', () => {
  it('runs the first request at the end of the task, and a later one in the same frame at the next frame', async () => {
    const { win, draw, waiting } = frames();
    let runs = 0;
    const schedule = frameThrottle(win, () => runs++, new AbortController().signal, 10_000, 60_000);
    schedule();
    schedule();
    await endOfTask();
    expect(runs).toBe(1);
    schedule();
    await endOfTask();
    expect([runs, waiting()]).toEqual([1, 1]);
    draw();
    expect(runs).toBe(2);
  });

  it('an urgent request runs at the end of the task even right after a run, and takes over a run waiting for a frame', async () => {
    const { win, draw, waiting } = frames();
    let runs = 0;
    const schedule = frameThrottle(win, () => runs++, new AbortController().signal, 10_000, 60_000);
    schedule();
    await endOfTask();
    schedule(); // churn: waits for a frame
    schedule(true); // the route changed
    await endOfTask();
    expect([runs, waiting()]).toEqual([2, 0]);
    schedule(true);
    await endOfTask();
    expect(runs).toBe(3);
    draw();
    expect(runs).toBe(3);
  });

  it('runs nothing once the signal aborted', async () => {
    const { win } = frames();
    const ac = new AbortController();
    let runs = 0;
    const schedule = frameThrottle(win, () => runs++, ac.signal);
    schedule(true);
    ac.abort();
    await endOfTask();
    expect(runs).toBe(0);
  });
});

describe('afterTask', () => {
  it('hands the items over in order at the end of the task, one microtask per batch, and none once aborted', async () => {
    const ac = new AbortController();
    const got: number[] = [];
    const tell = afterTask<number>((n) => got.push(n), ac.signal);
    tell(1);
    tell(2);
    expect(got).toEqual([]);
    await Promise.resolve();
    expect(got).toEqual([1, 2]);
    tell(3);
    await Promise.resolve();
    expect(got).toEqual([1, 2, 3]);
    tell(4);
    ac.abort();
    await endOfTask();
    expect(got).toEqual([1, 2, 3]);
  });
});
