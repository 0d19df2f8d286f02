/**
 * The add-on's state as the Firefox specs read and set it: from the options page, a full extension page
 * (a framed panel gets only content-script APIs in Firefox, and puppeteer cannot evaluate in the event page).
 */
import type { Frame, Page } from 'puppeteer-core';
import { frameHref } from './firefox.ts';

type Area = { get(k: string | null): Promise<Record<string, unknown>>; set(v: object): Promise<void> };
type Storage = { browser: { storage: { session: Area; local: Area } } };

/** One value of the add-on's storage.session (undefined when absent). */
export function sessionValue<T = Record<string, unknown>>(options: Page, key: string): Promise<T | undefined> {
  return options.evaluate(async (k) => (await (globalThis as unknown as Storage).browser.storage.session.get(k))[k], key) as Promise<T | undefined>;
}

/** The interaction ids in storage.session. */
export function storedIds(options: Page): Promise<string[]> {
  return options.evaluate(async () =>
    Object.keys(await (globalThis as unknown as Storage).browser.storage.session.get(null)).filter((k) => k.startsWith('ix:')).map((k) => k.slice(3)));
}

/** One value of the add-on's storage.local (undefined when absent). */
export function localValue<T = unknown>(options: Page, key: string): Promise<T | undefined> {
  return options.evaluate(async (k) => (await (globalThis as unknown as Storage).browser.storage.local.get(k))[k], key) as Promise<T | undefined>;
}

/** Replace the agent options (these specs run without a machine policy). */
export async function setOptions(options: Page, value: object): Promise<void> {
  await options.evaluate((v) => (globalThis as unknown as Storage).browser.storage.local.set({ options: v }), value);
}

/** Whether a frame of `page` shows a panel for interaction `id` (by its real location). */
export async function panelShows(page: Page, origin: string, id: string): Promise<boolean> {
  for (const frame of page.frames()) {
    const href = await frameHref(frame);
    if (href?.startsWith(`${origin}/panel.html`) && new URLSearchParams(new URL(href).hash.slice(1)).get('ix') === id) return true;
  }
  return false;
}

/** The interaction id the panel frame shows. */
export async function panelInteraction(panel: Frame): Promise<string | null> {
  const href = (await frameHref(panel)) ?? '';
  return new URLSearchParams(href.split('#')[1] ?? '').get('ix');
}

/** Navigate the fixture Lightning console (an SPA) to `path` as the page's own script does. */
export async function spaNavigate(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(p), path);
}

/** Verify `customerId` on `interactionId` through the API as the IVR does (a result record alone cannot). */
export async function ivrVerify(apiUrl: string, interactionId: string, customerId: string, answers: { questionId: string; answer: string }[]): Promise<void> {
  const post = async (path: string, body: object): Promise<Record<string, unknown>> => {
    const res = await fetch(`${apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const { challengeId } = await post('/v1/challenge', { interactionId, customerId });
  const verified = await post('/v1/verify', { interactionId, challengeId, answers, verifiedBy: 'ivr' });
  if (verified.outcome !== 'verified') throw new Error(`IVR verify: ${JSON.stringify(verified)}`);
}
