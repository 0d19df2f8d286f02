/**
 * Background service worker. Listeners are registered synchronously at top level so a worker woken by
 * an event never misses it; all state lives in storage (lib/background/store.ts).
 */
import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { handleMessage } from '@/lib/background/handlers';
import { loadManagedPolicy, refreshManagedPolicy } from '@/lib/background/settings-store';

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Explicit sendResponse + `return true` works with the polyfill, Chrome and WXT's fake browser alike.
    handleMessage(message, sender).then(sendResponse, () => sendResponse(undefined));
    return true;
  });
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void refreshManagedPolicy();
  });
  // Warm the policy cache: the first storage.managed.get() can take seconds.
  void loadManagedPolicy();
});
