/**
 * Timers tied to an AbortSignal. WXT's ctx.setTimeout adds an abort listener per call and never removes
 * it, so a content script that lives for a whole shift would pile up listeners; these remove theirs when
 * the timer fires or is cancelled.
 */

/** Run `fn` after `ms` unless `signal` aborts first; returns a cancel function. */
export function later(fn: () => void, ms: number, signal: AbortSignal): () => void {
  if (signal.aborted) return () => {};
  const cancel = (): void => {
    clearTimeout(id);
    signal.removeEventListener('abort', cancel);
  };
  const id = setTimeout(() => {
    signal.removeEventListener('abort', cancel);
    fn();
  }, ms);
  signal.addEventListener('abort', cancel, { once: true });
  return cancel;
}

/** A queue whose items `fn` gets at the end of the current task (one microtask per batch), unless `signal` aborted. */
export function afterTask<T>(fn: (item: T) => void, signal: AbortSignal): (item: T) => void {
  let items: T[] = [];
  const flush = (): void => {
    const batch = items;
    items = [];
    if (!signal.aborted) for (const item of batch) fn(item);
  };
  return (item) => {
    items.push(item);
    if (items.length === 1) queueMicrotask(flush);
  };
}

/**
 * Run `fn` once, at the next animation frame or after `fallbackMs`, whichever comes first (rAF never fires
 * in a background tab, the timer keeps work going there). Cancelled when `signal` aborts.
 */
export function nextFrame(win: Window | null, fn: () => void, fallbackMs: number, signal: AbortSignal): () => void {
  if (signal.aborted) return () => {};
  let frame = 0;
  let done = false;
  const cancel = (): void => {
    done = true;
    if (frame && win) win.cancelAnimationFrame(frame);
    cancelTimer();
    signal.removeEventListener('abort', cancel);
  };
  const run = (): void => {
    if (done) return;
    cancel();
    fn();
  };
  const cancelTimer = later(run, fallbackMs, signal);
  if (win) frame = win.requestAnimationFrame(run);
  signal.addEventListener('abort', cancel, { once: true });
  return cancel;
}

/**
 * Run `fn` once, in a task just after the next frame is drawn (or after `fallbackMs` without frames):
 * style and layout are clean then, so reading them costs a lookup instead of forcing the page's pending
 * recalculation (on a busy console, most of the cost of a read made mid-task). Cancelled when `signal` aborts.
 */
export function afterFrame(win: Window | null, fn: () => void, signal: AbortSignal, fallbackMs = 100): void {
  nextFrame(win, () => void later(fn, 0, signal), fallbackMs, signal);
}

/**
 * A throttled runner: the first request runs `fn` at the end of the current task (a microtask, so all of
 * that task's DOM changes are in and nothing waits for a frame); requests within a frame of the last run
 * are batched to one run at the next animation frame (or `fallbackMs`), unless `urgent` (a new URL: a call
 * whose route changed must not wait for a frame because churn asked for a run just before), which also moves
 * a run waiting for a frame to the end of the current task. Cancelled when `signal` aborts.
 */
export function frameThrottle(win: Window | null, fn: () => void, signal: AbortSignal, frameMs = 16, fallbackMs = 100): (urgent?: boolean) => void {
  let cancel: (() => void) | null = null;
  /** The pending run waits for a frame. */
  let waiting = false;
  let last = -Infinity;
  const run = (): void => {
    cancel = null;
    waiting = false;
    if (signal.aborted) return;
    last = performance.now();
    fn();
  };
  const soon = (): void => {
    let live = true;
    cancel = () => { live = false; };
    queueMicrotask(() => { if (live) run(); });
  };
  return (urgent = false) => {
    if (signal.aborted) return;
    if (cancel) {
      if (!urgent || !waiting) return;
      cancel();
      waiting = false;
    } else if (!urgent && performance.now() - last < frameMs) {
      waiting = true;
      cancel = nextFrame(win, run, fallbackMs, signal);
      return;
    }
    soon();
  };
}
