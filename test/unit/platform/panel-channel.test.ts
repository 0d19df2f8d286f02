// The panel ↔ host channel: a MessageChannel port handed to the panel frame once, addressed to the panel's
// origin with the pinned token; the panel takes only the first valid handover from its parent, and nothing
// is ever posted to the parent (CRM page) window.
import { describe, expect, it, vi } from 'vitest';
import { acceptHostPort, askHost, handOverPort, isHandover, parseHostMessage, parsePanelMessage, requestCollapse } from '../../../platform/panel-channel.ts';

const TOKEN = 'pinned-token';
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 10));

describe('panel channel', () => {
  it('parses exactly the panel messages and handovers with the pinned token', () => {
    expect(parsePanelMessage({ cv: 'collapse', collapsed: true })).toEqual({ cv: 'collapse', collapsed: true });
    expect(parsePanelMessage({ cv: 'ready' })).toEqual({ cv: 'ready' });
    expect(parsePanelMessage({ cv: 'collapse', collapsed: 'yes' })).toBeNull();
    expect(parsePanelMessage({ cv: 'expand' })).toBeNull();
    expect(parsePanelMessage(null)).toBeNull();
    expect(parsePanelMessage({ cv: 'probe', extra: 1 })).toEqual({ cv: 'probe' });
    expect(parsePanelMessage({ cv: 'blurred' })).toEqual({ cv: 'blurred' });
    expect(parseHostMessage({ cv: 'seen', visible: false })).toEqual({ cv: 'seen', visible: false });
    expect(parseHostMessage({ cv: 'focus', stolen: true, by: 'x' })).toEqual({ cv: 'focus', stolen: true });
    expect(parseHostMessage({ cv: 'seen', visible: 1 })).toBeNull();
    expect(parseHostMessage({ cv: 'collapse', collapsed: true })).toBeNull();
    const layout = { side: 'left', startCollapsed: true };
    expect(parseHostMessage({ cv: 'show', interactionId: '0LQ1', layout, extra: 1 })).toEqual({ cv: 'show', interactionId: '0LQ1', layout });
    expect(parseHostMessage({ cv: 'show', interactionId: '', layout })).toBeNull();
    expect(parseHostMessage({ cv: 'show', interactionId: 'x'.repeat(129), layout })).toBeNull();
    expect(parseHostMessage({ cv: 'show', interactionId: '0LQ1', layout: { side: 'top', startCollapsed: true } })).toBeNull();
    expect(parseHostMessage({ cv: 'show', interactionId: 7, layout })).toBeNull();
    expect(isHandover({ cv: 'port', token: TOKEN }, TOKEN)).toBe(true);
    expect(isHandover({ cv: 'port', token: 'guessed' }, TOKEN)).toBe(false);
  });

  it('the host posts the handover to the panel origin only, and routes what comes back until aborted', async () => {
    const postMessage = vi.fn();
    const abort = new AbortController();
    const seen = vi.fn();
    const end = handOverPort({ postMessage } as unknown as Window, 'chrome-extension://abc', TOKEN, seen, abort.signal);
    const [data, origin, transfer] = postMessage.mock.calls[0] as [unknown, string, MessagePort[]];
    expect(data).toEqual({ cv: 'port', token: TOKEN });
    expect(origin).toBe('chrome-extension://abc');
    const panelEnd = transfer[0] as MessagePort;
    panelEnd.postMessage({ cv: 'ready' });
    panelEnd.postMessage({ cv: 'collapse', collapsed: true, extra: 1 });
    panelEnd.postMessage({ cv: 'other' });
    askHost(panelEnd, { cv: 'probe' });
    const toPanel = vi.fn();
    panelEnd.onmessage = (e) => toPanel(e.data);
    end.post({ cv: 'seen', visible: true });
    await flush();
    expect(seen.mock.calls).toEqual([[{ cv: 'ready' }], [{ cv: 'collapse', collapsed: true }], [{ cv: 'probe' }]]);
    expect(toPanel.mock.calls).toEqual([[{ cv: 'seen', visible: true }]]);
    abort.abort();
    panelEnd.postMessage({ cv: 'collapse', collapsed: false });
    await flush();
    expect(seen).toHaveBeenCalledTimes(3);
    panelEnd.close();
  });

  it('the panel takes the first handover from its parent with the token, says ready, and ignores the rest', async () => {
    const parent = {};
    const win = Object.assign(new EventTarget(), { parent }) as unknown as Window;
    const onPort = vi.fn();
    acceptHostPort(win, TOKEN, onPort);
    const send = (data: unknown, source: unknown, port: MessagePort): boolean =>
      win.dispatchEvent(Object.assign(new Event('message'), { data, source, ports: [port] }));
    const forged = new MessageChannel();
    send({ cv: 'port', token: TOKEN }, {}, forged.port2); // from some other window
    send({ cv: 'port', token: 'guessed' }, parent, forged.port2); // the page, without the token
    const real = new MessageChannel();
    const fromPanel = vi.fn();
    real.port1.onmessage = (e) => fromPanel(e.data);
    send({ cv: 'port', token: TOKEN }, parent, real.port2);
    send({ cv: 'port', token: TOKEN }, parent, forged.port2); // a second handover comes too late
    expect(onPort.mock.calls).toEqual([[real.port2]]);
    requestCollapse(onPort.mock.calls[0]?.[0] as MessagePort, true);
    await flush();
    expect(fromPanel.mock.calls).toEqual([[{ cv: 'ready' }], [{ cv: 'collapse', collapsed: true }]]);
    for (const p of [forged.port1, forged.port2, real.port1, real.port2]) p.close();
  });

  it('the panel does nothing unframed or without a pinned token; collapse waits for the port', () => {
    const top = new EventTarget() as EventTarget & { parent?: unknown };
    top.parent = top;
    const onPort = vi.fn();
    acceptHostPort(top as unknown as Window, TOKEN, onPort);
    acceptHostPort(Object.assign(new EventTarget(), { parent: {} }) as unknown as Window, null, onPort);
    expect(onPort).not.toHaveBeenCalled();
    expect(() => requestCollapse(null, true)).not.toThrow();
  });
});
