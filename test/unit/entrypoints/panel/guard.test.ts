// The panel's guard without IntersectionObserver v2 (as in Firefox, and in Node): the host's probe reports
// alone decide. Clicks and keys that act on the call are refused until the host says the panel is seen; the
// keyboard lost right after a keystroke is asked about, and a theft the host confirms is counted and recorded.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPanelGuard } from '../../../../entrypoints/panel/components/guard.ts';

/** A window and document as far as the guard uses them. */
function fakeWindow() {
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible', body: {} });
  return Object.assign(new EventTarget(), { document }) as unknown as Window;
}
const event = (type: string, key?: string): Event => Object.assign(new Event(type, { cancelable: true }), key ? { key } : {});
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('panel guard', () => {
  let win: Window;
  let host: MessageChannel;
  let asked: unknown[];
  type Record = (kind: string, interactionId: string) => void;
  let record = vi.fn<Record>();
  beforeEach(() => {
    record = vi.fn<Record>();
    win = fakeWindow();
    host = new MessageChannel();
    asked = [];
    host.port1.onmessage = (e) => asked.push(e.data);
  });
  afterEach(() => { host.port1.close(); host.port2.close(); });

  it('refuses clicks and keys until the host proves the panel is seen, then takes them', async () => {
    const guard = startPanelGuard(win, record);
    guard.setInteraction('ix-1');
    guard.attach(host.port2);
    const reached = vi.fn();
    win.addEventListener('click', reached);
    win.addEventListener('keydown', reached);
    const click = event('click');
    win.dispatchEvent(click);
    expect([click.defaultPrevented, reached.mock.calls.length, guard.state().refused]).toEqual([true, 0, true]);
    win.dispatchEvent(event('keydown', 'Tab')); // moving through the panel is never refused
    expect(reached).toHaveBeenCalledTimes(1);
    await flush();
    expect(asked).toContainEqual({ cv: 'probe' });
    expect(record.mock.calls).toEqual([['covered', 'ix-1']]);
    host.port1.postMessage({ cv: 'seen', visible: true });
    await flush();
    expect(guard.state()).toEqual({ seen: true, refused: false, thefts: 0 });
    const later = event('keydown', '1');
    win.dispatchEvent(later);
    expect([later.defaultPrevented, reached.mock.calls.length]).toEqual([false, 2]);
    host.port1.postMessage({ cv: 'seen', visible: false }); // a cover arrives
    await flush();
    win.dispatchEvent(event('click'));
    expect(reached).toHaveBeenCalledTimes(2);
  });

  it('asks the host when the keyboard goes right after a keystroke; a theft it confirms is shown and recorded', async () => {
    const guard = startPanelGuard(win, record);
    guard.setInteraction('ix-2');
    guard.attach(host.port2);
    win.dispatchEvent(new Event('blur')); // no keystroke before: nothing to ask
    host.port1.postMessage({ cv: 'seen', visible: true });
    await flush();
    win.dispatchEvent(event('keydown', '1'));
    win.dispatchEvent(new Event('blur'));
    await flush();
    expect(asked.filter((m) => (m as { cv: string }).cv === 'blurred')).toHaveLength(1);
    host.port1.postMessage({ cv: 'focus', stolen: false }); // the agent clicked the page
    host.port1.postMessage({ cv: 'focus', stolen: true });
    await flush();
    expect(guard.state().thefts).toBe(1);
    expect(record.mock.calls).toEqual([['focus-theft', 'ix-2']]);
    guard.setInteraction('ix-3'); // the next call starts clean
    expect(guard.state().thefts).toBe(0);
  });
});
