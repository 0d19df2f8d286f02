// The panel ↔ host window channel: the host acts only on its own iframe's window with the pinned token and
// the exact shape; the panel posts only to the pinned CRM origin and only when framed.
import { describe, expect, it, vi } from 'vitest';
import { listenToPanel, parseCollapseRequest, requestCollapse } from '../../../platform/panel-channel.ts';

const TOKEN = 'pinned-token';
const message = (data: unknown, source: unknown): Event => Object.assign(new Event('message'), { data, source });

describe('panel channel', () => {
  it('accepts exactly a collapse request with the pinned token', () => {
    expect(parseCollapseRequest({ cv: 'collapse', token: TOKEN, collapsed: true }, TOKEN)).toEqual({ cv: 'collapse', token: TOKEN, collapsed: true });
    expect(parseCollapseRequest({ cv: 'collapse', token: 'guessed', collapsed: true }, TOKEN)).toBeNull();
    expect(parseCollapseRequest({ cv: 'collapse', token: TOKEN, collapsed: 'yes' }, TOKEN)).toBeNull();
    expect(parseCollapseRequest({ cv: 'expand', token: TOKEN, collapsed: false }, TOKEN)).toBeNull();
    expect(parseCollapseRequest(null, TOKEN)).toBeNull();
  });

  it('the host ignores messages from any window but its iframe, and stops when aborted', () => {
    const view = new EventTarget() as unknown as Window;
    const panelWindow = {};
    const frame = { contentWindow: panelWindow } as unknown as HTMLIFrameElement;
    const onCollapse = vi.fn();
    const abort = new AbortController();
    listenToPanel(view, frame, TOKEN, onCollapse, abort.signal);
    view.dispatchEvent(message({ cv: 'collapse', token: TOKEN, collapsed: true }, {})); // the CRM page itself
    view.dispatchEvent(message({ cv: 'collapse', token: TOKEN, collapsed: true }, panelWindow));
    abort.abort();
    view.dispatchEvent(message({ cv: 'collapse', token: TOKEN, collapsed: false }, panelWindow));
    expect(onCollapse.mock.calls).toEqual([[true]]);
  });

  it('the panel posts to the pinned origin only, and only inside a frame', () => {
    const postMessage = vi.fn();
    const framed = { parent: { postMessage } } as unknown as Window;
    requestCollapse(framed, { token: TOKEN, origin: 'https://acme.lightning.force.com' }, true);
    requestCollapse(framed, { token: TOKEN, origin: null }, true);
    const top = {} as { parent: unknown };
    top.parent = top;
    requestCollapse(top as unknown as Window, { token: TOKEN, origin: 'https://acme.lightning.force.com' }, true);
    expect(postMessage.mock.calls).toEqual([[{ cv: 'collapse', token: TOKEN, collapsed: true }, 'https://acme.lightning.force.com']]);
  });
});
