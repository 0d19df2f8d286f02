/**
 * The options page's side of Field tools: access to the console's host (asked inside the click, as the
 * host-access section does), the console's tab, and the calls into the script injected there
 * (entrypoints/field-tools/). Captures and picks come back here and are only shown or downloaded.
 */
import { browser } from 'wxt/browser';
import type { Adapter } from '@/lib/adapters/types';
import { effectiveAdapters } from '@/lib/adapters/effective';
import { FIELD_TOOLS_GLOBAL, type FieldToolsApi, type PickOutcome } from '@/lib/capture/in-tab';
import type { FrameCapture } from '@/lib/capture/outline';
import { originPattern } from '@/lib/policy/custom-hosts';
import { withTrialAdapter } from '@/lib/policy/trial-adapter';
import { readSettings } from '@/platform/settings';
import { readFieldTrial } from '@/platform/storage';

const SCRIPT = '/field-tools.js';

/** Ask for the console's origin; must be called synchronously inside the click (user gesture). */
export function askAccess(pattern: string): Promise<boolean> {
  const origin = originPattern(pattern) ?? pattern;
  return browser.permissions.request({ origins: [origin] }).catch(() => false);
}

/** The most recently used tab showing the console, or null. */
export async function consoleTab(pattern: string): Promise<{ id: number; windowId: number } | null> {
  const tabs = await browser.tabs.query({ url: pattern });
  const best = tabs.filter((t) => t.id !== undefined).sort((a, b) => ((b as { lastAccessed?: number }).lastAccessed ?? 0) - ((a as { lastAccessed?: number }).lastAccessed ?? 0))[0];
  return best ? { id: best.id as number, windowId: best.windowId ?? 0 } : null;
}

/** The adapters in effect in this browser (policy, options, the tried one), as the worker computes them. */
async function adaptersHere(): Promise<Adapter[]> {
  return effectiveAdapters(withTrialAdapter(await readSettings(), await readFieldTrial()).settings).adapters;
}

/** Every frame's capture of the tab (frames the extension may not read are left out by the browser). */
export async function captureTab(tabId: number): Promise<FrameCapture[]> {
  await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [SCRIPT] });
  const adapters = await adaptersHere();
  const results = await browser.scripting.executeScript({
    target: { tabId, allFrames: true },
    // Serialised into the tab: only its arguments are in scope there.
    func: (name: string, list: Adapter[]) => (globalThis as unknown as Record<string, FieldToolsApi>)[name]?.capture(list) ?? null,
    args: [FIELD_TOOLS_GLOBAL, adapters],
  });
  return results.map((r) => r.result as FrameCapture | null).filter((f): f is FrameCapture => !!f);
}

/** Bring the console tab forward, let the admin pick the number there, then come back to this page. */
export async function pickInTab(tab: { id: number; windowId: number }): Promise<PickOutcome> {
  await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [SCRIPT] });
  const me = await browser.tabs.getCurrent();
  await browser.tabs.update(tab.id, { active: true });
  await browser.windows.update(tab.windowId, { focused: true }).catch(() => undefined);
  try {
    const [r] = await browser.scripting.executeScript({
      target: { tabId: tab.id },
      func: (name: string) => (globalThis as unknown as Record<string, FieldToolsApi>)[name]?.pick() ?? { kind: 'cancelled' },
      args: [FIELD_TOOLS_GLOBAL],
    });
    return (r?.result as PickOutcome | undefined) ?? { kind: 'cancelled' };
  } finally {
    if (me?.id !== undefined) await browser.tabs.update(me.id, { active: true }).catch(() => undefined);
  }
}

/** End a pick in progress in the tab (the options page's Cancel button). */
export async function cancelPick(tabId: number): Promise<void> {
  await browser.scripting.executeScript({
    target: { tabId },
    func: (name: string) => void (globalThis as unknown as Record<string, FieldToolsApi>)[name]?.cancel(),
    args: [FIELD_TOOLS_GLOBAL],
  });
}
