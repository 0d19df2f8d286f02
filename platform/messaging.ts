/**
 * Runtime messaging on top of the one message map (lib/protocol.ts `MESSAGES`): `send()` returns the
 * reply type of the message sent, and each receiving context builds one dispatcher from a handler per
 * type it receives. Messages stay plain `{ type, ... }` objects (no envelope) and every refusal answers
 * undefined, exactly as before, so the attack tests can keep sending raw messages.
 *
 * Not `@webext-core/messaging`: it wraps each message in its own envelope (which would change the wire
 * format the e2e attack tests speak), validates nothing at run time (we must parse every message with
 * its schema and check its sender before acting) and has no notion of which context may send what.
 *
 * Only types are imported from the protocol: the content script uses this module and must not carry zod.
 */
import { browser, type Browser } from 'wxt/browser';
import type { AnyMessage, Message, MessageType, Refusal, Reply } from '../lib/protocol';

export type Sender = Browser.runtime.MessageSender;

/** Send a message to the extension's worker: its reply, or undefined when refused or when nothing could answer. */
export async function send<M extends AnyMessage>(message: M): Promise<Reply<M['type']> | undefined> {
  try {
    return (await browser.runtime.sendMessage(message)) as Reply<M['type']> | undefined;
  } catch {
    return undefined;
  }
}

/** Send a message to one frame of a tab (worker → content script); undefined when that frame has no listener. */
export async function sendToFrame<M extends AnyMessage>(tabId: number, frameId: number, message: M): Promise<Reply<M['type']> | undefined> {
  try {
    return (await browser.tabs.sendMessage(tabId, message, { frameId })) as Reply<M['type']> | undefined;
  } catch {
    return undefined;
  }
}

/** The sender is a context of this extension (its content script or one of its pages). */
export function fromThisExtension(sender: Sender): boolean {
  return sender.id === browser.runtime.id;
}

/**
 * The sender is our own panel page. panel.html is also a `use_dynamic_url` resource (custom CRM hosts): there
 * runtime.getURL returns the per-session dynamic URL, while the loaded frame reports the static one.
 */
export function fromPanelPage(sender: Sender): boolean {
  const url = sender.url;
  if (!fromThisExtension(sender) || !url) return false;
  return [browser.runtime.getURL('/panel.html'), `${browser.runtime.getURL('/')}panel.html`].some((prefix) => url.startsWith(prefix));
}

/**
 * The sender is our side panel page as a top-level document. The real side panel has no tab (sender.tab is
 * absent); the tests open the same page in a tab. Not web-accessible, so no web page can load or frame it.
 */
export function fromSidePanelPage(sender: Sender | undefined): boolean {
  if (!sender || !fromThisExtension(sender) || !sender.url || (sender.frameId ?? 0) !== 0) return false;
  return sender.url.split(/[?#]/)[0] === browser.runtime.getURL('/sidepanel.html');
}

/** A handler: the typed message and its sender in, the typed reply (undefined: refused) out. */
export type Handler<K extends MessageType> = (message: Message<K>, sender: Sender) => Promise<Reply<K> | undefined>;
/** One handler for each type a context receives. */
export type Handlers<T extends MessageType> = { [K in T]: Handler<K> };

export type Parsed<T extends MessageType> = { ok: true; message: Message<T> } | { ok: false; refusal: Refusal };

export interface DispatcherOptions<T extends MessageType> {
  /** Parse `raw` against what this sender may send (the schemas, or a plain check where zod is not bundled). */
  parse: (raw: unknown, sender: Sender) => Parsed<T>;
  handlers: Handlers<T>;
  /** Called for every refusal at parse time (handlers count their own sender refusals). */
  refuse: (refusal: Refusal) => Promise<void>;
}

/** One receiving context's dispatcher: parse, refuse or hand the message to its type's handler. */
export function dispatcher<T extends MessageType>(opts: DispatcherOptions<T>): (raw: unknown, sender: Sender) => Promise<Reply<T> | undefined> {
  return async (raw, sender) => {
    const parsed = opts.parse(raw, sender);
    if (!parsed.ok) return void (await opts.refuse(parsed.refusal));
    const message = parsed.message as Message<T> & { type: T };
    // The map guarantees the handler of `message.type` takes exactly this message; TypeScript cannot correlate the union.
    return (opts.handlers[message.type] as Handler<T>)(message, sender);
  };
}

/**
 * Route runtime messages to `dispatch`. With `reply`, the answer is sent back (explicit sendResponse +
 * `return true`, which the polyfill, Chrome and WXT's fake browser all honour); without, the listener
 * answers nothing, as a context that only receives notifications should.
 */
export function listen(dispatch: (raw: unknown, sender: Sender) => Promise<unknown>, opts: { reply: boolean }): () => void {
  const listener = (raw: unknown, sender: Sender, sendResponse: (r: unknown) => void): true | undefined => {
    const done = dispatch(raw, sender);
    if (!opts.reply) return void done.catch(() => undefined);
    done.then(sendResponse, () => sendResponse(undefined));
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
