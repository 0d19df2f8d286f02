/**
 * Background service worker. Listeners are registered synchronously at top level so a worker woken by
 * an event never misses it; all state lives in storage (entrypoints/background/store.ts).
 */
import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { handleMessage } from '@/entrypoints/background/handlers';
import { loadManagedPolicy, refreshManagedPolicy, watchSettingsSources } from '@/entrypoints/background/settings-store';
import { onTabClosed } from '@/entrypoints/background/tabs';
import { resyncCustomScripts } from '@/entrypoints/background/custom-scripts';
import { OUTBOX_ALARM, PURGE_ALARM, purgeResults, syncResults } from '@/entrypoints/background/results';
import { STORAGE, watchAreas, watchEntry } from '@/platform/storage';
import { listen } from '@/platform/messaging';
import { panels } from '@/entrypoints/background/store';
import { startGenesysChannel } from '@/entrypoints/background/genesys-channel';
import { refuseUnregisteredPanels, watchPanelTabs } from '@/entrypoints/background/panel-registry';
import { portOwns, portRegistered, watchSidePanel } from '@/entrypoints/background/side-panel';

export default defineBackground(() => {
  // Settings' stored sources are mirrored while change events keep the mirror current (settings-store.ts).
  watchSettingsSources();
  // Panel pages are heard only when their tab's content script registered them (panel-registry.ts).
  listen(refuseUnregisteredPanels(handleMessage), { reply: true });
  // The panels' state ports (platform/panel-port.ts): in-page panels by registration, the side panel by the active tab.
  browser.runtime.onConnect.addListener((port) => panels.accept(port, portRegistered, portOwns));
  watchPanelTabs();
  // Policy panel.surface "side-panel": the browser's side panel, its command and toolbar button (side-panel.ts).
  watchSidePanel();
  // Custom CRM hosts follow the policy, the agent's options and the granted hosts (custom-scripts.ts).
  watchAreas(['managed'], () => void refreshManagedPolicy().then(resyncCustomScripts));
  watchEntry(STORAGE.options, () => void resyncCustomScripts());
  watchEntry(STORAGE.fieldTrial, () => void resyncCustomScripts());
  browser.permissions.onAdded.addListener(() => void resyncCustomScripts());
  browser.permissions.onRemoved.addListener(() => void resyncCustomScripts());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) void syncResults();
    if (alarm.name === PURGE_ALARM) void purgeResults();
  });
  browser.runtime.onStartup.addListener(() => {
    void syncResults();
    void resyncCustomScripts();
  });
  browser.tabs.onRemoved.addListener((tabId) => void onTabClosed(tabId));
  browser.runtime.onInstalled.addListener(() => {
    void resyncCustomScripts();
    void browser.alarms.create(PURGE_ALARM, { periodInMinutes: 24 * 60, delayInMinutes: 1 });
  });
  // Genesys calls from the notification channel when the agent is signed in to Genesys (genesys-channel.ts).
  startGenesysChannel();
  // Warm the policy cache: the first storage.managed.get() can take seconds.
  void loadManagedPolicy();
});
