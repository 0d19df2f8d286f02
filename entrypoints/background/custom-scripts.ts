/**
 * Content script for custom CRM hosts (admin-declared adapters on hosts the manifest does not list): one
 * script registered with `scripting.registerContentScripts` for exactly the custom patterns whose host
 * access was granted (optional host permissions, options page). Called on install/start-up, on a policy or
 * options change and when permissions are added or removed; it reads everything it needs each time (the
 * settings, `permissions.contains`, `getRegisteredContentScripts`), so it is idempotent and safe after a
 * worker restart. The script is the manifest's own content script file (same code, same messages).
 */
import { browser } from 'wxt/browser';
import { CRM_MATCHES } from '../../lib/manifest-data';
import { CUSTOM_SCRIPT_ID, customHostPatternsOf, planScript, type ScriptPlan } from '../../lib/policy/custom-hosts';
import { loadSettings } from './settings-store';

/** The browser calls this module needs (injectable for the unit tests). */
export interface ScriptingApi {
  wanted(): Promise<string[]>;
  granted(origin: string): Promise<boolean>;
  registered(): Promise<string[] | null>;
  apply(plan: ScriptPlan): Promise<void>;
}

/**
 * The manifest's content script files (WXT names them; read rather than hard-coded), as paths inside the
 * extension: Firefox's getManifest() gives full moz-extension:// URLs, which registerContentScripts refuses.
 */
function contentScriptJs(): string[] {
  const scripts = browser.runtime.getManifest().content_scripts ?? [];
  const root = browser.runtime.getURL('/');
  return scripts.flatMap((s) => s.js ?? []).map((js) => (js.startsWith(root) ? js.slice(root.length) : js));
}

/** The real browser APIs. */
const browserScripting: ScriptingApi = {
  wanted: async () => customHostPatternsOf((await loadSettings()).settings),
  granted: (origin) => browser.permissions.contains({ origins: [origin] }).catch(() => false),
  registered: async () => {
    const found = await browser.scripting.getRegisteredContentScripts({ ids: [CUSTOM_SCRIPT_ID] });
    return found[0]?.matches ?? null;
  },
  apply: async (plan) => {
    if (plan.kind === 'none') return;
    if (plan.kind === 'unregister') return browser.scripting.unregisterContentScripts({ ids: [CUSTOM_SCRIPT_ID] });
    const script = {
      id: CUSTOM_SCRIPT_ID, matches: plan.matches, excludeMatches: [...CRM_MATCHES], js: contentScriptJs(),
      allFrames: true, runAt: 'document_idle' as const, persistAcrossSessions: true,
    };
    if (plan.kind === 'update') return browser.scripting.updateContentScripts([script]);
    try {
      await browser.scripting.registerContentScripts([script]);
    } catch {
      // Another event's sync registered it first (two events while the worker was asleep): update instead.
      await browser.scripting.updateContentScripts([script]);
    }
  },
};

/** Bring the registered custom-host script in line with the custom adapters and the granted hosts. */
export async function syncCustomScripts(api: ScriptingApi = browserScripting): Promise<ScriptPlan> {
  const wanted = await api.wanted();
  const granted: string[] = [];
  for (const origin of wanted) if (await api.granted(origin)) granted.push(origin);
  const plan = planScript(granted, await api.registered());
  await api.apply(plan);
  return plan;
}

/** syncCustomScripts for event listeners: a failure (e.g. no scripting API) is logged, never thrown. */
export function resyncCustomScripts(): Promise<void> {
  return syncCustomScripts().then(
    () => undefined,
    (error: unknown) => console.warn('Caller Verify: custom CRM host script not updated', error),
  );
}
