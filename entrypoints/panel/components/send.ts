/** Send a panel message to the background (the panel page is an extension page: runtime messaging). */
import { browser } from 'wxt/browser';
import type { PanelMessage } from '@/lib/protocol';

/** Fire a message; the result arrives through storage.session, which the panel watches. */
export function send(message: PanelMessage): Promise<unknown> {
  return browser.runtime.sendMessage(message).catch(() => undefined);
}
