/** The worker's interaction store: writes serialised per id, and reads served from what this worker last wrote. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allInteractions, createInteraction, getInteraction, panels, removeInteractions, updateInteraction } from '../../../../entrypoints/background/store.ts';
import { forgetInteractions } from '../../../../entrypoints/background/interaction-copies.ts';
import { interactionKey } from '../../../../platform/storage.ts';
import { startFlow, DEFAULT_FLOW_CONFIG } from '../../../../lib/flow/index.ts';
import { newerInteraction, type Interaction } from '../../../../lib/interaction.ts';

const NUMBER = { kind: 'number', e164: '+14155550100', international: '+1 415 555 0100', valid: true, region: 'US' } as const;
const ix = (id: string): Interaction => ({
  id, tabId: 1, frameId: 0, adapterId: 'salesforce-voicecall', crmOrigin: 'https://acme.lightning.force.com',
  startedAt: 1, updatedAt: 1, ani: { ...NUMBER }, flow: startFlow({ ...NUMBER }, DEFAULT_FLOW_CONFIG),
});
const stored = async (id: string): Promise<Interaction | undefined> => (await browser.storage.session.get(interactionKey(id)))[interactionKey(id)] as Interaction | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  forgetInteractions();
});

describe('interaction store', () => {
  it('a read-modify-write after this worker wrote the interaction reads no storage', async () => {
    await createInteraction(ix('a'));
    const get = vi.spyOn(browser.storage.session, 'get');
    const saved = await updateInteraction('a', (cur) => (cur ? { ...cur, frameId: 2 } : cur));
    expect(get).not.toHaveBeenCalled();
    expect(saved?.rev).toBe(2);
    expect(await stored('a')).toMatchObject({ frameId: 2, rev: 2 });
  });

  it('an interaction this worker did not write (a restarted worker) is read from storage', async () => {
    await browser.storage.session.set({ [interactionKey('b')]: { ...ix('b'), rev: 7 } });
    const get = vi.spyOn(browser.storage.session, 'get');
    expect((await getInteraction('b'))?.rev).toBe(7);
    expect(get).toHaveBeenCalled();
  });

  it('the copy is a clone: a caller that changes what it got changes neither storage nor the next read', async () => {
    const saved = await createInteraction(ix('c'));
    (saved as Interaction).tabId = 99;
    const read = await getInteraction('c');
    expect(read?.tabId).toBe(1);
    (read as Interaction).tabId = 98;
    expect((await getInteraction('c'))?.tabId).toBe(1);
    expect((await stored('c'))?.tabId).toBe(1);
  });

  it('a removal drops the copy: the interaction is gone for the next read and the next update', async () => {
    await createInteraction(ix('d'));
    await removeInteractions(['d']);
    expect(await getInteraction('d')).toBeUndefined();
    expect(await updateInteraction('d', (cur) => cur && { ...cur, frameId: 3 })).toBeUndefined();
    expect(await stored('d')).toBeUndefined();
  });

  it('a write that overlapped a removal is not kept: reads go back to storage', async () => {
    await createInteraction(ix('e'));
    const set = browser.storage.session.set.bind(browser.storage.session);
    let release!: () => void;
    // The write lands in storage, then the removal; the write's answer reaches the worker only after both.
    vi.spyOn(browser.storage.session, 'set').mockImplementationOnce(async (items) => {
      await set(items);
      await new Promise<void>((r) => (release = r));
    });
    const writing = updateInteraction('e', (cur) => cur && { ...cur, frameId: 4 });
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    const removing = removeInteractions(['e']);
    release();
    await Promise.all([writing, removing]);
    expect(await stored('e')).toBeUndefined();
    expect(await getInteraction('e')).toBeUndefined();
  });

  it('a failed write drops the copy: the next read is from storage', async () => {
    await createInteraction(ix('f'));
    vi.spyOn(browser.storage.session, 'set').mockRejectedValueOnce(new Error('quota'));
    await expect(updateInteraction('f', (cur) => cur && { ...cur, frameId: 5 })).rejects.toThrow('quota');
    const get = vi.spyOn(browser.storage.session, 'get');
    expect((await getInteraction('f'))?.frameId).toBe(0);
    expect(get).toHaveBeenCalled();
  });

  it('a panel gets a write after storage took it; one that only shows a name ahead (showFirst) as it goes out', async () => {
    await createInteraction(ix('h'));
    const push = vi.spyOn(panels, 'push');
    const set = browser.storage.session.set.bind(browser.storage.session);
    let release!: () => void;
    const held = (): void => void vi.spyOn(browser.storage.session, 'set').mockImplementationOnce(async (items) => {
      await new Promise<void>((r) => (release = r));
      await set(items);
    });
    held();
    const plain = updateInteraction('h', (cur) => cur && { ...cur, frameId: 7 });
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    expect(push).not.toHaveBeenCalled();
    release();
    await plain;
    expect(push).toHaveBeenCalledTimes(1);
    const alice = { customerId: 'C-1', displayName: 'Alice', kind: 'person' } as const;
    held();
    const ahead = updateInteraction('h', (cur) => cur && { ...cur, lookAhead: alice }, { showFirst: true });
    await vi.waitFor(() => expect(push).toHaveBeenCalledTimes(2));
    expect(push.mock.calls[1]?.[0]).toMatchObject({ lookAhead: alice, rev: 3 });
    expect((await stored('h'))?.lookAhead).toBeUndefined(); // pushed while storage still holds the last write
    release();
    await ahead;
    expect(await stored('h')).toMatchObject({ lookAhead: alice, rev: 3 });
    expect(push).toHaveBeenCalledTimes(2); // once
  });

  it('a showFirst write that fails is replaced on the panel by the next write (same revision or newer)', async () => {
    await createInteraction(ix('i'));
    const push = vi.spyOn(panels, 'push');
    vi.spyOn(browser.storage.session, 'set').mockRejectedValueOnce(new Error('quota'));
    const alice = { customerId: 'C-1', displayName: 'Alice', kind: 'person' } as const;
    await expect(updateInteraction('i', (cur) => cur && { ...cur, lookAhead: alice }, { showFirst: true })).rejects.toThrow('quota');
    await updateInteraction('i', (cur) => cur && { ...cur, frameId: 8 });
    const [shown, next] = push.mock.calls.map((c) => c[0]);
    expect(shown).toMatchObject({ lookAhead: alice, rev: 2 });
    expect(next?.lookAhead).toBeUndefined();
    expect(newerInteraction(shown, next as Interaction)).toBe(next);
  });

  describe('every interaction', () => {
    const storedIds = async (): Promise<string[]> => Object.keys(await browser.storage.session.get(null)).filter((k) => k.startsWith('ix:')).map((k) => k.slice(3)).sort();

    it('once read with nothing written meanwhile, it is known: later reads, and reads of absent ones, ask storage nothing', async () => {
      await browser.storage.session.set({ [interactionKey('left')]: ix('left') }); // an earlier worker's
      expect((await allInteractions()).map((i) => i.id)).toEqual(['left']);
      await createInteraction(ix('g'));
      await removeInteractions(['left']);
      await updateInteraction('g', (cur) => cur && { ...cur, frameId: 6 });
      const get = vi.spyOn(browser.storage.session, 'get');
      const all = await allInteractions();
      expect(all.map((i) => i.id)).toEqual(await storedIds());
      expect(all[0]).toEqual(await stored('g'));
      expect(await getInteraction('nowhere')).toBeUndefined();
      expect(get).toHaveBeenCalledTimes(2); // the two storedIds/stored reads of this test, none of the store's
    });

    it('a read that overlapped a write is not trusted: the next one reads storage again', async () => {
      const set = browser.storage.session.set.bind(browser.storage.session);
      let release!: () => void;
      vi.spyOn(browser.storage.session, 'set').mockImplementationOnce(async (items) => {
        await set(items);
        await new Promise<void>((r) => (release = r));
      });
      const writing = createInteraction(ix('h'));
      await vi.waitFor(() => expect(release).toBeTypeOf('function'));
      await allInteractions();
      release();
      await writing;
      const get = vi.spyOn(browser.storage.session, 'get');
      expect((await allInteractions()).map((i) => i.id)).toEqual(['h']);
      expect(get).toHaveBeenCalled();
    });

    it('a failed write makes it unknown again', async () => {
      await allInteractions();
      await createInteraction(ix('i'));
      vi.spyOn(browser.storage.session, 'set').mockRejectedValueOnce(new Error('quota'));
      await expect(createInteraction(ix('j'))).rejects.toThrow('quota');
      const get = vi.spyOn(browser.storage.session, 'get');
      expect((await allInteractions()).map((i) => i.id)).toEqual(['i']);
      expect(get).toHaveBeenCalled();
    });
  });
});
