/** closedRootOpener in Firefox: `openOrClosedShadowRoot` is a getter on Element.prototype there, not a method. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closedRootOpener, openShadowRoot } from '../../../../lib/dom/root-opener.ts';

/** Stands in for a closed shadow root (identity is all the opener's callers compare). */
const closedRoot = { closed: true } as unknown as ShadowRoot;

/**
 * An Element whose prototype has Firefox's content-script getter: like a WebIDL attribute it throws a
 * TypeError when read on anything that is not an element (the prototype itself included).
 */
class FirefoxElement {
  readonly shadowRoot: ShadowRoot | null = null;
  hidden: ShadowRoot | null = null;
}
Object.defineProperty(FirefoxElement.prototype, 'openOrClosedShadowRoot', {
  configurable: true,
  enumerable: true,
  get(this: unknown) {
    if (!(this instanceof FirefoxElement)) throw new TypeError("'get openOrClosedShadowRoot' called on an object that does not implement interface Element.");
    return this.hidden;
  },
});

afterEach(() => vi.unstubAllGlobals());

describe('closedRootOpener in Firefox', () => {
  it('detects the getter without reading it on the prototype, and opens closed roots with it', () => {
    vi.stubGlobal('chrome', undefined);
    vi.stubGlobal('Element', FirefoxElement);
    const open = closedRootOpener();
    expect(open).not.toBe(openShadowRoot);
    const host = new FirefoxElement();
    host.hidden = closedRoot;
    expect(open(host as unknown as Element)).toBe(closedRoot);
    expect(open(new FirefoxElement() as unknown as Element)).toBeNull();
  });

  it('falls back to open roots only when neither chrome.dom nor the getter exists', () => {
    vi.stubGlobal('chrome', undefined);
    vi.stubGlobal('Element', class {});
    expect(closedRootOpener()).toBe(openShadowRoot);
  });
});
