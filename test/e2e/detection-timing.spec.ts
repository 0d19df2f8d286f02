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
import { armMarks, expectInMarkTask, fromOf, markAt, markRecordPages, renderNumberNextTask, sfId } from '../timing-marks.ts';

type Fixture = { fixture: { navigate(p: string): void } };

/** call.detected send times by interaction id, recorded in the content script's world. */
async function sendTimes(page: Page): Promise<(id: string) => Promise<number | undefined>> {
  const evaluate = await contentWorld(page);
  await evaluate(RECORD_CALL_SENDS);
  return async (id) => ((await evaluate('globalThis.__sent')) as Record<string, number>)[id];
}

const navigate = (page: Page, path: string) => page.evaluate((p) => (window as unknown as Fixture).fixture.navigate(p), path);
const inMarkTask = (page: Page, sent: (id: string) => Promise<number | undefined>, id: string, n: number) =>
  expectInMarkTask(() => sent(id), () => page.evaluate(markAt, n), n);

test('a record page rendered in the task after its route: the call is reported in that task, before the next frame', async ({ context, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  const sent = await sendTimes(page);
  await page.evaluate(armMarks);
  await page.evaluate(markRecordPages);
  for (let call = 0; call < 5; call++) {
    const id = sfId();
    // delay=0: the fixture renders the record page in the next task, well within a frame of the route's pass.
    await navigate(page, `/lightning/r/VoiceCall/${id}/view?ani=%2B14155550100&delay=0`);
    await inMarkTask(page, sent, id, call);
    await navigate(page, '/lightning/page/home');
  }
});

test('a number rendered in the view a task after another change in it: reported in that task, before the next frame', async ({ context, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  const sent = await sendTimes(page);
  await page.evaluate(armMarks);
  for (let call = 0; call < 5; call++) {
    const id = sfId();
    await navigate(page, `/lightning/r/VoiceCall/${id}/view?ani=&delay=0`); // the From field renders empty
    await expect(page.locator(fromOf(id)[1])).toBeAttached();
    await page.waitForTimeout(100); // the detector waits for the number (its grace period is 1.5 s)
    await page.evaluate(renderNumberNextTask, fromOf(id));
    await inMarkTask(page, sent, id, call);
    await navigate(page, '/lightning/page/home');
  }
});
