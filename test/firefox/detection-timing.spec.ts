/**
 * Firefox twin of the Chromium detection-timing e2e: a record page rendered in the task after its route, and a
 * number rendered a task after another change in the view, are each reported in the task that rendered them,
 * before the next task and the next animation frame. Told by the order of events, not by durations.
 *
 * Firefox's remote protocol reaches no content-script sandbox, so the send times are recorded by code the
 * options page runs in the tab with `tabs.executeScript`, which Firefox runs in the sandbox our content script
 * runs in (one per extension and frame). That needs host permission for the tab: the options page asks for
 * this one origin (optional `https://*` permission, granted by the auto-grant pref on a real click; no custom
 * hosts are set, so the grant changes nothing else). Timer precision is not reduced, so the marks and the
 * send times are comparable below a millisecond.
 */
import type { Page } from 'puppeteer-core';
import { test, AUTO_GRANT_PREFS } from './fixtures.ts';
import { recordCallSends } from '../e2e/content-world.ts';
import { armMarks, expectInMarkTask, fromOf, lateNumberCalls, markAt, markRecordPages, renderNumberNextTask, routedCalls, type TimingTab } from '../timing-marks.ts';
import { poll } from './firefox.ts';

test.use({ prefs: { ...AUTO_GRANT_PREFS, 'privacy.reduceTimerPrecision': false } });

const ORIGIN = 'https://acme.lightning.force.com';
type Tabs = { browser: {
  permissions: { request(p: { origins: string[] }): Promise<boolean> };
  tabs: { query(q: { url: string }): Promise<{ id: number }[]>; executeScript(id: number, d: { code: string }): Promise<unknown[]> };
} };

/** An evaluator in our content script's sandbox of the (one) console tab, run from the options page. */
async function contentSandbox(options: Page): Promise<(code: string) => Promise<unknown>> {
  await options.evaluate((origin) => {
    const grant = document.createElement('button');
    grant.id = 'cv-test-grant';
    grant.textContent = 'grant';
    grant.onclick = () => { void (globalThis as unknown as Tabs).browser.permissions.request({ origins: [`${origin}/*`] }); };
    document.body.prepend(grant);
  }, ORIGIN);
  await options.click('#cv-test-grant');
  const tabId = await poll('console tab with host permission', () => options.evaluate(async (origin) =>
    (await (globalThis as unknown as Tabs).browser.tabs.query({ url: `${origin}/*` }))[0]?.id, ORIGIN));
  return async (code) => (await options.evaluate((id, c) => (globalThis as unknown as Tabs).browser.tabs.executeScript(id, { code: c }), tabId, code))[0];
}

/** call.detected send times by interaction id, recorded in the content script's sandbox. */
async function sendTimes(options: Page): Promise<(id: string) => Promise<number | undefined>> {
  const evaluate = await contentSandbox(options);
  await evaluate(recordCallSends('browser'));
  return async (id) => ((await evaluate('globalThis.__sent')) as Record<string, number>)[id];
}

/** A console tab on the home page as a TimingTab: marks armed, send times recorded. */
async function consoleTab(firefox: { browser: { newPage(): Promise<Page> } }, options: Page): Promise<{ page: Page; tab: TimingTab }> {
  const page = await firefox.browser.newPage();
  await page.goto(`${ORIGIN}/lightning/page/home`);
  const sent = await sendTimes(options);
  await page.evaluate(armMarks);
  return { page, tab: {
    navigate: (path) => page.evaluate((p) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(p), path),
    inMarkTask: (id, n) => expectInMarkTask(() => sent(id), () => page.evaluate(markAt, n), n),
  } };
}

test('a record page rendered in the task after its route: reported in that task, before the next frame (Firefox)', async ({ firefox, options, useApi: _ }) => {
  const { page, tab } = await consoleTab(firefox, options);
  await page.evaluate(markRecordPages);
  await routedCalls(tab);
});

test('a number rendered in the view a task after another change in it: reported in that task, before the next frame (Firefox)', async ({ firefox, options, useApi: _ }) => {
  const { page, tab } = await consoleTab(firefox, options);
  await lateNumberCalls(tab, async (id) => {
    await poll('empty From field', () => page.evaluate((s) => (document.querySelector(s) ? true : undefined), fromOf(id)[1]));
    await new Promise((r) => setTimeout(r, 100));
    await page.evaluate(renderNumberNextTask, fromOf(id));
  });
});
