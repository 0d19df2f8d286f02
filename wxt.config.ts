import { defineConfig } from 'wxt';
import { EXTENSION_PUBLIC_KEY, GECKO_ID, CRM_MATCHES, API_HOST_PERMISSIONS, CUSTOM_HOST_PERMISSIONS, GENESYS_API_HOST_PERMISSIONS } from './lib/manifest-data';
import { OPEN_SIDE_PANEL_COMMAND } from './lib/panel-params';

// https://wxt.dev/api/config.html
export default defineConfig({
  // A second build beside the one under test (benchmarks compare builds of two checkouts or changes).
  outDir: process.env.CV_OUT_DIR || '.output',
  // Promise-returning browser.* APIs (and onMessage listeners that return a Promise) on older Chrome.
  modules: ['@wxt-dev/webextension-polyfill'],
  // Keep the bundles readable in review; Chrome Web Store allows unminified code.
  vite: () => ({
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    // The Reports page's history worker loads exceljs only for an XLSX export; a dynamic import inside a
    // worker needs a module worker (Chrome 80, Firefox 114: below both minimums).
    worker: { format: 'es' },
  }),
  hooks: {
    // MV2 (Firefox): an event page, stopped when idle like the MV3 worker, not a persistent background page.
    'build:manifestGenerated': (wxt, manifest) => {
      if (manifest.background && 'scripts' in manifest.background) manifest.background.persistent = false;
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Fixed id obhgfolkgmigngjcmhikpnhclpppcnek in Chromium browsers (see README: "Extension id").
    ...(browser === 'firefox' ? {} : { key: EXTENSION_PUBLIC_KEY, minimum_chrome_version: '116' }),
    permissions: ['storage', 'alarms', 'scripting', 'identity'],
    host_permissions: [...API_HOST_PERMISSIONS, ...GENESYS_API_HOST_PERMISSIONS],
    // Custom CRM hosts (README: "Custom CRM hosts"); MV2 (Firefox) has no optional_host_permissions key.
    ...(browser === 'firefox' ? { optional_permissions: [...CUSTOM_HOST_PERMISSIONS] } : { optional_host_permissions: [...CUSTOM_HOST_PERMISSIONS] }),
    // Firefox reads managed policy from policies.json ("3rdparty" section) and warns on this key.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    // The panel iframe, only through the per-session dynamic URL: a page cannot frame its own copy of the
    // panel (clickjacking, docs/security.md) nor probe for the extension (README: "Custom CRM hosts").
    web_accessible_resources: [
      { resources: ['panel.html'], matches: [...CRM_MATCHES], use_dynamic_url: true },
      { resources: ['panel.html'], matches: [...CUSTOM_HOST_PERMISSIONS], use_dynamic_url: true },
    ],
    action: { default_title: '__MSG_extName__' },
    // Policy panel.surface "side-panel": the one gesture that opens (or moves to) the side panel; Firefox's
    // built-in sidebar command needs no listener, Chromium's calls sidePanel.open (entrypoints/background/side-panel.ts).
    commands: {
      [browser === 'firefox' ? '_execute_sidebar_action' : OPEN_SIDE_PANEL_COMMAND]: { suggested_key: { default: 'Alt+Shift+V' }, description: '__MSG_commandOpenSidePanel__' },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Caller numbers and names go to the verification API the organisation configures.
            gecko: { id: GECKO_ID, strict_min_version: '115.0', data_collection_permissions: { required: ['personallyIdentifyingInfo'] } },
          },
        }
      : {}),
  }),
});
