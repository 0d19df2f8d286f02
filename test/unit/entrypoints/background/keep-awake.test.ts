/** Keeping Firefox's event page awake under an open channel: a cheap API call on a period, until released. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KEEP_AWAKE_MS, keepAwake } from '../../../../entrypoints/background/keep-awake.ts';

let calls: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
  calls = vi.fn(async () => ({ os: 'linux', arch: 'x86-64' }));
  vi.spyOn(browser.runtime, 'getPlatformInfo').mockImplementation(calls as never);
});
afterEach(() => vi.useRealTimers());

it('in Firefox: an API call every period, well inside the 30 s idle timeout, none after release', () => {
  expect(KEEP_AWAKE_MS).toBeLessThanOrEqual(10_000);
  const release = keepAwake(true);
  vi.advanceTimersByTime(30_000);
  expect(calls).toHaveBeenCalledTimes(30_000 / KEEP_AWAKE_MS);
  release();
  vi.advanceTimersByTime(60_000);
  expect(calls).toHaveBeenCalledTimes(30_000 / KEEP_AWAKE_MS);
});

it('a refused call does not throw out of the timer', async () => {
  calls.mockImplementation(async () => { throw new Error('context unloaded'); });
  const release = keepAwake(true);
  await vi.advanceTimersByTimeAsync(KEEP_AWAKE_MS);
  expect(calls).toHaveBeenCalledTimes(1);
  release();
});

it('elsewhere (Chromium counts the socket\'s traffic): nothing', () => {
  const release = keepAwake(false);
  vi.advanceTimersByTime(60_000);
  expect(calls).not.toHaveBeenCalled();
  release();
});
