/** Managed-policy semantics in the worker: wait for the first answer, live changes, fallback, refresh. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadManagedPolicy, loadSettings, MANAGED_REFRESH_MS, refreshManagedPolicy, watchSettingsSources } from '../../../../entrypoints/background/settings-store.ts';
import { defaultPolicy } from '../../../../lib/policy/schema.ts';

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.useRealTimers());

describe('settings-store', () => {
  it('with no cache yet, waits for storage.managed.get() instead of assuming "no policy"', async () => {
    let answer!: (v: Record<string, unknown>) => void;
    vi.spyOn(browser.storage.managed, 'get').mockImplementation(() => new Promise((r) => (answer = r)) as never);
    const pending = loadSettings();
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    answer({ apiTimeoutMs: 1500 });
    const r = await pending;
    expect(r.settings.apiTimeoutMs).toBe(1500);
    expect(r.locked).toEqual(['apiTimeoutMs']);
  });

  it('concurrent first loads share one storage.managed.get()', async () => {
    const get = vi.spyOn(browser.storage.managed, 'get');
    await Promise.all([loadManagedPolicy(), loadManagedPolicy(), loadSettings()]);
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('a policy change applies after refreshManagedPolicy (the onChanged handler); removed keys fall back', async () => {
    await browser.storage.local.set({ options: { apiBaseUrl: 'https://options.example.com' } });
    await fakeBrowser.storage.managed.set({ apiBaseUrl: 'https://policy.example.com', panel: { side: 'left' } });
    expect((await loadSettings()).settings.apiBaseUrl).toBe('https://policy.example.com');
    await fakeBrowser.storage.managed.set({ apiBaseUrl: 'https://policy2.example.com' });
    // Cached until the change event is handled:
    expect((await loadSettings()).settings.apiBaseUrl).toBe('https://policy.example.com');
    await refreshManagedPolicy();
    expect((await loadSettings()).settings.apiBaseUrl).toBe('https://policy2.example.com');
    await fakeBrowser.storage.managed.clear();
    await refreshManagedPolicy();
    const r = await loadSettings();
    expect(r.settings.apiBaseUrl).toBe('https://options.example.com');
    expect(r.settings.panel).toEqual(defaultPolicy().panel);
    expect(r.locked).toEqual([]);
  });

  it('without change events (Firefox), a cache older than a minute is re-read on the next load', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await fakeBrowser.storage.managed.set({ retentionDays: 7 });
    expect((await loadSettings()).settings.retentionDays).toBe(7);
    await fakeBrowser.storage.managed.set({ retentionDays: 9 });
    const get = vi.spyOn(browser.storage.managed, 'get');
    vi.setSystemTime(Date.now() + MANAGED_REFRESH_MS - 1000);
    expect((await loadSettings()).settings.retentionDays).toBe(7);
    expect(get).not.toHaveBeenCalled();
    vi.setSystemTime(Date.now() + 2000);
    // Stale-while-revalidate: this load still answers from the cache and starts a re-read.
    expect((await loadSettings()).settings.retentionDays).toBe(7);
    expect(get).toHaveBeenCalledTimes(1);
    await vi.waitFor(async () => expect((await loadSettings()).settings.retentionDays).toBe(9));
  });

  it('a rejected storage.managed.get() (Firefox without policy) counts as "no policy"', async () => {
    vi.spyOn(browser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    await browser.storage.local.set({ options: { defaultRegion: 'GB' } });
    const r = await loadSettings();
    expect(r.settings.defaultRegion).toBe('GB');
    expect(r.errors).toEqual([]);
  });

  it('policy errors are reported and never break loading', async () => {
    await fakeBrowser.storage.managed.set({ identification: { maxAttempts: 99 }, apiAuth: { type: 'bearer' } });
    const r = await loadSettings();
    expect(r.settings.identification.maxAttempts).toBe(3);
    expect(r.errors).toEqual(['policy.apiAuth.token: is required', 'policy.identification.maxAttempts: must be a whole number between 1 and 10']);
  });

  describe('mirrored sources (a running worker)', () => {
    let stop: () => void = () => undefined;
    beforeEach(() => (stop = watchSettingsSources()));
    afterEach(() => stop());
    const reads = () => ({ local: vi.spyOn(browser.storage.local, 'get'), session: vi.spyOn(browser.storage.session, 'get'), managed: vi.spyOn(browser.storage.managed, 'get') });

    it('once the policy is cached, a load reads no storage at all', async () => {
      await browser.storage.local.set({ options: { defaultRegion: 'GB' } });
      await loadManagedPolicy(); // the worker's start does this; its cache write would drop a mirror taken meanwhile
      expect((await loadSettings()).settings.defaultRegion).toBe('GB');
      const spy = reads();
      expect((await loadSettings()).settings.defaultRegion).toBe('GB');
      expect(spy.local).not.toHaveBeenCalled();
      expect(spy.session).not.toHaveBeenCalled();
      expect(spy.managed).not.toHaveBeenCalled();
    });

    it('the agent\'s options, the tried adapter and the policy each apply at the next load after their change', async () => {
      await loadManagedPolicy();
      await loadSettings();
      await browser.storage.local.set({ options: { defaultRegion: 'FR' } });
      expect((await loadSettings()).settings.defaultRegion).toBe('FR');
      await browser.storage.local.set({ fieldTrial: { id: 'x' } });
      const spy = reads();
      await loadSettings();
      expect(spy.local).toHaveBeenCalled();
      await fakeBrowser.storage.managed.set({ defaultRegion: 'DE' });
      await refreshManagedPolicy();
      expect((await loadSettings()).settings.defaultRegion).toBe('DE');
    });

    it('a change that lands while the sources are read is not mirrored over: the next load reads again', async () => {
      await loadManagedPolicy();
      await loadSettings();
      await browser.storage.local.set({ options: { defaultRegion: 'FR' } }); // drops the mirror
      const get = browser.storage.local.get.bind(browser.storage.local);
      let once = true;
      vi.spyOn(browser.storage.local, 'get').mockImplementation(async (keys?: unknown) => {
        const value = await get(keys as never);
        // The options page writes between this read and the worker's use of it.
        if (once) await browser.storage.local.set({ options: { defaultRegion: 'ES' } });
        once = false;
        return value;
      });
      expect((await loadSettings()).settings.defaultRegion).toBe('FR');
      expect((await loadSettings()).settings.defaultRegion).toBe('ES');
    });

    it('a stale policy copy is still re-read in the background (no change event from Firefox)', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      await fakeBrowser.storage.managed.set({ retentionDays: 7 });
      expect((await loadSettings()).settings.retentionDays).toBe(7);
      await fakeBrowser.storage.managed.set({ retentionDays: 9 });
      vi.setSystemTime(Date.now() + MANAGED_REFRESH_MS + 1000);
      expect((await loadSettings()).settings.retentionDays).toBe(7);
      await vi.waitFor(async () => expect((await loadSettings()).settings.retentionDays).toBe(9));
    });

    it('once stopped, every load reads storage again', async () => {
      await loadManagedPolicy();
      await loadSettings();
      stop();
      const spy = reads();
      await loadSettings();
      expect(spy.local).toHaveBeenCalled();
    });
  });
});
