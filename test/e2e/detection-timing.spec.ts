/**
 * When the detector reports a call relative to the page's tasks and frames, told by the order of events rather
 * than by durations: a console that navigates and then renders the record page in a task of its own (Lightning
 * does; the LWC fixture console measured 1-16 ms more per call when that pass waited for the next frame), or
 * renders the caller's number a task after the rest of the view, gets its call reported at the end of the task
 * that rendered it, before the next task and the next animation frame. The Firefox suite runs the same two.
 */
import type { Page } from '@playwright/test';
import { test, expect, SF_ORIGIN } from './fixtures.ts';
import { RECORD_CALL_SENDS, contentWorld } from './content-world.ts';
import { armMarks, expectInMarkTask, fromOf, lateNumberCalls, markAt, markRecordPages, renderNumberNextTask, routedCalls, type TimingTab } from '../timing-marks.ts';

type Fixture = { fixture: { navigate(p: string): void } };

/** call.detected send times by interaction id, recorded in the content script's world. */
async function sendTimes(page: Page): Promise<(id: string) => Promise<number | undefined>> {
  const evaluate = await contentWorld(page);
  await evaluate(RECORD_CALL_SENDS);
  return async (id) => ((await evaluate('globalThis.__sent')) as Record<string, number>)[id];
}

/** The page's TimingTab: navigation through the fixture console, send times from the content script's world. */
async function timingTab(page: Page): Promise<TimingTab> {
  const sent = await sendTimes(page);
  await page.evaluate(armMarks);
  return {
    navigate: (path) => page.evaluate((p) => (window as unknown as Fixture).fixture.navigate(p), path),
    inMarkTask: (id, n) => expectInMarkTask(() => sent(id), () => page.evaluate(markAt, n), n),
  };
}

test('a record page rendered in the task after its route: the call is reported in that task, before the next frame', async ({ context, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  const tab = await timingTab(page);
  await page.evaluate(markRecordPages);
  await routedCalls(tab);
});

test('a number rendered in the view a task after another change in it: reported in that task, before the next frame', async ({ context, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  await lateNumberCalls(await timingTab(page), async (id) => {
    await expect(page.locator(fromOf(id)[1])).toBeAttached();
    await page.waitForTimeout(100);
    await page.evaluate(renderNumberNextTask, fromOf(id));
  });
});
