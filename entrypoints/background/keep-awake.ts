/**
 * Firefox suspends an event page after `extensions.background.idle.timeout` (30 s) without extension events
 * or API calls, even with an open WebSocket, which closes with it (Chrome counts a socket's traffic as
 * activity). A channel that must hear the next call keeps the page awake with a cheap API call: in Firefox
 * every call the parent process answers resets the idle timer.
 */
import { browser } from 'wxt/browser';

/** Well inside Firefox's 30 s, and cheap: one small message to the parent process. */
export const KEEP_AWAKE_MS = 5_000;

/** Keep the background page awake until the returned function is called; nothing to do outside Firefox. */
export function keepAwake(isFirefox: boolean = import.meta.env.FIREFOX): () => void {
  if (!isFirefox) return () => undefined;
  const timer = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), KEEP_AWAKE_MS);
  return () => clearInterval(timer);
}
