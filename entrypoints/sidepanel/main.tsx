/**
 * Side panel page (policy panel.surface "side-panel"): the verification panel in the browser's own UI, beside
 * every tab of its window (Chrome side panel, Firefox sidebar). It follows the active tab's call.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { SidePanelApp } from '@/entrypoints/sidepanel/components/SidePanelApp';

document.documentElement.lang = browser.i18n.getUILanguage();
render(<SidePanelApp />, document.getElementById('app') as HTMLElement);
