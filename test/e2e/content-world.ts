/**
 * Our content script's isolated world in a page's main frame, reached over CDP (Playwright evaluates in the
 * page's own world only), and a probe there that notes when each call.detected is handed to extension messaging.
 * Shared by the detection benches and the detection timing e2e.
 */
import type { Page } from '@playwright/test';

/** An evaluator in the content script's world of `page`'s main frame (JSON results); waits for that world. */
export async function contentWorld(page: Page, timeoutMs = 10_000): Promise<(expression: string) => Promise<unknown>> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { frameId?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context as (typeof contexts)[number]));
  await cdp.send('Runtime.enable'); // reports the existing contexts
  const frameId = (await cdp.send('Page.getFrameTree')).frameTree.frame.id;
  const find = () => contexts.find((c) => c.origin.startsWith('chrome-extension://') && c.auxData?.frameId === frameId);
  for (const end = Date.now() + timeoutMs; !find() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
  const world = find();
  if (!world) throw new Error('content script world not found');
  return async (expression) => (await cdp.send('Runtime.evaluate', { contextId: world.id, expression, returnByValue: true })).result.value;
}

/**
 * Installed in the content script's world: `globalThis.__sent[interactionId]`, when its first call.detected was
 * sent. `ns` is the namespace our code sends through (Firefox: `browser`, distinct from its `chrome`).
 */
export const recordCallSends = (ns: 'chrome' | 'browser'): string => `(() => {
  const rt = ${ns}.runtime, send = rt.sendMessage;
  globalThis.__sent = {};
  rt.sendMessage = function (...a) {
    const m = a[0];
    if (m && m.type === 'call.detected' && !(m.interactionId in globalThis.__sent)) globalThis.__sent[m.interactionId] = performance.timeOrigin + performance.now();
    return send.apply(this, a);
  };
})()`;

/** recordCallSends for Chromium. */
export const RECORD_CALL_SENDS = recordCallSends('chrome');
