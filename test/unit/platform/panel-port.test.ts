// The worker → panel state port: only our panel in the interaction's own tab is kept and pushed to; the
// panel reconnects at once only while the worker owes it a step, otherwise when asked (ensure).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followInteraction, panelPorts, PANEL_PORT_NAME, type PortLike } from '../../../platform/panel-port.ts';
import type { Interaction } from '../../../lib/interaction.ts';
import type { Sender } from '../../../platform/messaging.ts';

const ix = (id: string, tabId: number, rev: number): Interaction => ({ id, tabId, rev } as unknown as Interaction);

/** A port whose two ends the test drives: `posted` is what this end sent, `deliver`/`drop` act as the other end. */
function fakePort(sender?: Sender, name = PANEL_PORT_NAME) {
  const onMessage: ((m: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const port = {
    name, sender, posted: [] as unknown[], disconnected: false,
    postMessage(m: unknown) { if (this.disconnected) throw new Error('disconnected'); this.posted.push(m); },
    disconnect() { this.disconnected = true; },
    onMessage: { addListener: (fn: (m: unknown) => void) => void onMessage.push(fn) },
    onDisconnect: { addListener: (fn: () => void) => void onDisconnect.push(fn) },
    deliver: (m: unknown) => onMessage.forEach((fn) => fn(m)),
    drop() { port.disconnected = true; onDisconnect.forEach((fn) => fn()); },
  };
  return port;
}
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const panelIn = (tabId: number): Sender => ({ tab: { id: tabId } } as Sender);

describe('panelPorts (worker side)', () => {
  const store = new Map<string, Interaction>([['A', ix('A', 7, 1)]]);
  const read = async (id: string) => store.get(id);

  it('sends the current state on follow, then every pushed change, until the panel disconnects', async () => {
    const ports = panelPorts(read, () => true);
    const port = fakePort(panelIn(7));
    ports.accept(port as PortLike);
    port.deliver({ type: 'panel.follow', interactionId: 'A' });
    await settle();
    ports.push(ix('A', 7, 2));
    ports.push(ix('B', 7, 1)); // another interaction: not this panel's
    port.drop();
    ports.push(ix('A', 7, 3));
    expect(port.posted).toEqual([{ type: 'panel.state', interaction: ix('A', 7, 1) }, { type: 'panel.state', interaction: ix('A', 7, 2) }]);
  });

  it('moves a panel to a newer call of its own tab with that call\'s first write, and follows it from then on', async () => {
    const at = (id: string, tabId: number, rev: number, startedAt: number, more: object = {}): Interaction => ({ ...ix(id, tabId, rev), startedAt, ...more } as Interaction);
    const stored = new Map([['A', at('A', 7, 1, 100)]]);
    const ports = panelPorts(async (id) => stored.get(id), () => true);
    const port = fakePort(panelIn(7));
    ports.accept(port as PortLike);
    port.deliver({ type: 'panel.follow', interactionId: 'A' });
    await settle();
    ports.push(at('Z', 7, 1, 50)); // an older call of the tab
    ports.push(at('E', 7, 2, 300, { endedAt: 301 })); // one recorded as ended
    ports.push(at('O', 8, 1, 400)); // another tab's
    ports.push(at('B', 7, 1, 200));
    ports.push(at('A', 7, 2, 100)); // the earlier call is no longer this panel's
    ports.push(at('B', 7, 2, 200));
    expect(port.posted).toEqual([
      { type: 'panel.state', interaction: at('A', 7, 1, 100) },
      { type: 'panel.state', interaction: at('B', 7, 1, 200), next: true },
      { type: 'panel.state', interaction: at('B', 7, 2, 200) },
    ]);
    port.drop();
    ports.push(at('B', 7, 3, 200));
    ports.push(at('C', 7, 1, 500));
    expect(port.posted).toHaveLength(3);
  });

  it('refuses a port whose panel the worker did not register, before reading anything for it', async () => {
    const reads = vi.fn(read);
    const ports = panelPorts(reads, () => true);
    const copy = fakePort(panelIn(7));
    ports.accept(copy as PortLike, async () => false);
    copy.deliver({ type: 'panel.follow', interactionId: 'A' });
    await settle();
    ports.push(ix('A', 7, 2));
    expect([copy.disconnected, copy.posted, reads.mock.calls]).toEqual([true, [], []]);
  });

  it('refuses a port from another tab, from a page that is not the panel, or with a bad first message', async () => {
    const ports = panelPorts(read, (s) => s.url === 'panel');
    const otherTab = fakePort({ ...panelIn(8), url: 'panel' });
    const notPanel = fakePort({ ...panelIn(7), url: 'options' });
    const twice = fakePort({ ...panelIn(7), url: 'panel' });
    const junk = fakePort({ ...panelIn(7), url: 'panel' });
    for (const p of [otherTab, notPanel, twice, junk]) ports.accept(p as PortLike);
    otherTab.deliver({ type: 'panel.follow', interactionId: 'A' });
    twice.deliver({ type: 'panel.follow', interactionId: 'A' });
    twice.deliver({ type: 'panel.follow', interactionId: 'B' });
    junk.deliver({ type: 'panel.follow', interactionId: 42 });
    await settle();
    ports.push(ix('A', 7, 2));
    expect([otherTab, notPanel, twice, junk].map((p) => p.disconnected)).toEqual([true, true, true, true]);
    expect([otherTab, notPanel, junk].flatMap((p) => p.posted)).toEqual([]);
  });

  it('leaves ports with another name to other listeners', () => {
    const port = fakePort(panelIn(7), 'something-else');
    panelPorts(read, () => true).accept(port as PortLike);
    expect(port.disconnected).toBe(false);
  });
});

describe('followInteraction (panel side)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('follows, ignores states of other interactions, reconnects at once only while the worker is busy', () => {
    const opened: ReturnType<typeof fakePort>[] = [];
    const onState = vi.fn();
    const onConnect = vi.fn();
    let busy = false;
    const follow = followInteraction('A', onState, () => busy, onConnect, () => {
      const p = fakePort();
      opened.push(p);
      return p as PortLike;
    });
    expect(opened[0]?.posted).toEqual([{ type: 'panel.follow', interactionId: 'A' }]);
    opened[0]?.deliver({ type: 'panel.state', interaction: ix('A', 7, 1) });
    opened[0]?.deliver({ type: 'panel.state', interaction: ix('B', 7, 1) });
    expect(onState.mock.calls).toEqual([[ix('A', 7, 1)]]);

    opened[0]?.drop(); // worker stopped while idle: no reconnection until asked
    expect(opened).toHaveLength(1);
    vi.setSystemTime(Date.now() + 60_000);
    follow.ensure();
    expect(opened).toHaveLength(2);
    follow.ensure(); // already connected
    expect(opened).toHaveLength(2);

    opened[1]?.deliver({ type: 'panel.state', interaction: ix('A', 7, 2) });
    vi.setSystemTime(Date.now() + 60_000);
    busy = true;
    opened[1]?.drop(); // stopped mid-step: reconnect now
    expect(opened).toHaveLength(3);
    expect(onConnect).toHaveBeenCalledTimes(3);
    follow.close();
    expect(opened[2]?.disconnected).toBe(true);
  });

  it('reconnects at once when the port drops just after the agent acted (the stale port took the ensure)', () => {
    const opened: ReturnType<typeof fakePort>[] = [];
    const follow = followInteraction('A', () => {}, () => false, () => {}, () => {
      const p = fakePort();
      opened.push(p);
      return p as PortLike;
    });
    opened[0]?.deliver({ type: 'panel.state', interaction: ix('A', 7, 1) });
    follow.ensure(); // connected still, as far as the panel knows
    expect(opened).toHaveLength(1);
    opened[0]?.drop();
    expect(opened).toHaveLength(2);
    opened[1]?.deliver({ type: 'panel.state', interaction: ix('A', 7, 2) });
    vi.setSystemTime(Date.now() + 60_000);
    opened[1]?.drop(); // long after: stays down until asked
    expect(opened).toHaveLength(2);
  });

  it('hands a newer call the worker moved the port to to onNext, never a plain state of another interaction', () => {
    const onState = vi.fn();
    const onNext = vi.fn();
    let port: ReturnType<typeof fakePort> | undefined;
    followInteraction('A', onState, () => false, () => {}, () => (port = fakePort()) as PortLike, onNext);
    port?.deliver({ type: 'panel.state', interaction: ix('B', 7, 1) });
    port?.deliver({ type: 'panel.state', interaction: ix('A', 7, 1), next: true });
    port?.deliver({ type: 'panel.state', interaction: ix('C', 7, 1), next: true });
    expect(onNext.mock.calls).toEqual([[ix('C', 7, 1)]]);
    expect(onState.mock.calls).toEqual([[ix('A', 7, 1)]]);
  });

  it('does not loop on a port the worker refused', () => {
    let count = 0;
    followInteraction('A', () => {}, () => true, () => {}, () => {
      count++;
      const p = fakePort();
      queueMicrotask(() => { if (count < 5) p.drop(); });
      return p as PortLike;
    });
    return settle().then(() => expect(count).toBe(1));
  });
});
