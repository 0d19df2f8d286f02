/**
 * Side panel page (policy panel.surface "side-panel"): the verification panel in the browser's own UI, beside
 * every tab of its window (Chrome side panel, Firefox sidebar). It follows the active tab's call. Its HTML is
 * entrypoints/sidepanel.html (WXT's side panel entry point); its code lives with the panel it reuses.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { SidePanelApp } from '@/entrypoints/panel/components/SidePanelApp';

document.documentElement.lang = browser.i18n.getUILanguage();
render(<SidePanelApp />, document.getElementById('app') as HTMLElement);
