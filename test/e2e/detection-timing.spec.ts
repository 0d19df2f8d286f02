/**
 * When the detector reports a call relative to the page's tasks and frames, told by the order of events rather
 * than by durations: a console that navigates and then renders the record page in a task of its own (Lightning
 * does; the LWC fixture console measured 1-16 ms more per call when that pass waited for the next frame), or
 * renders the caller's number a task after the rest of the view, gets its call reported at the end of the task
 * that rendered it, before the next task and the next animation frame.
 */
import type { Page } from '@playwright/test';
import { test, expect, SF_ORIGIN } from './fixtures.ts';
import { RECORD_CALL_SENDS, contentWorld } from './content-world.ts';

type Fixture = { fixture: { navigate(p: string): void } };
type Probe = { __views: { at: number; task?: number; frame?: number }[] };
const sfId = (): string => `0LQ${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}AAA`;

/** call.detected send times by interaction id, recorded in the content script's world. */
async function sendTimes(page: Page): Promise<(id: string) => Promise<number | undefined>> {
  const evaluate = await contentWorld(page);
  await evaluate(RECORD_CALL_SENDS);
  return async (id) => ((await evaluate('globalThis.__sent')) as Record<string, number>)[id];
}

/** In the page's world: `__mark()` notes now, the next task's start and the next frame's (see the first test). */
async function armMarks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Probe & { __mark(): void };
    w.__views = [];
    w.__mark = () => {
      const view = { at: performance.timeOrigin + performance.now() } as Probe['__views'][number];
      w.__views.push(view);
      const next = new MessageChannel();
      next.port1.onmessage = () => { view.task = performance.timeOrigin + performance.now(); };
      next.port2.postMessage(null);
      requestAnimationFrame(() => { view.frame = performance.timeOrigin + performance.now(); });
    };
  });
}

/** The n-th mark's times, once its task and frame came. */
async function markAt(page: Page, n: number): Promise<Required<Probe['__views'][number]>> {
  const read = () => page.evaluate((i) => (window as unknown as Probe).__views[i], n);
  await expect.poll(async () => { const v = await read(); return v?.task && v.frame; }).toBeDefined();
  return (await read()) as Required<Probe['__views'][number]>;
}

/** The report of `id` came after the mark, in its task (before the next task and the next frame). */
async function expectInMarkTask(sent: (id: string) => Promise<number | undefined>, page: Page, id: string, n: number): Promise<void> {
  await expect.poll(() => sent(id), { message: `call ${n + 1} reported` }).toBeDefined();
  const view = await markAt(page, n);
  const at = (await sent(id)) as number;
  expect(at, `call ${n + 1}: reported after the change that shows it`).toBeGreaterThan(view.at);
  expect(at, `call ${n + 1}: reported in the task that made that change`).toBeLessThan(view.task);
  expect(at, `call ${n + 1}: reported before the next frame`).toBeLessThan(view.frame);
}

const navigate = (page: Page, path: string) => page.evaluate((p) => (window as unknown as Fixture).fixture.navigate(p), path);

test('a record page rendered in the task after its route: the call is reported in that task, before the next frame', async ({ context, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  const sent = await sendTimes(page);
  await armMarks(page);
  // The mark is asked before any callback the content script may register in that task's mutation checkpoint.
  await page.evaluate(() => {
    const replace = Element.prototype.replaceChildren;
    Element.prototype.replaceChildren = function (...nodes) {
      replace.apply(this, nodes);
      if (nodes.some((n) => (n as Element).localName === 'one-record-home-flexipage2')) (window as unknown as { __mark(): void }).__mark();
    };
  });
  for (let call = 0; call < 5; call++) {
    const id = sfId();
    // delay=0: the fixture renders the record page in the next task, well within a frame of the route's pass.
    await navigate(page, `/lightning/r/VoiceCall/${id}/view?ani=%2B14155550100&delay=0`);
    await expectInMarkTask(sent, page, id, call);
    await navigate(page, '/lightning/page/home');
  }
});

test('a number rendered in the view a task after another change in it: reported in that task, before the next frame', async ({ context, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  const sent = await sendTimes(page);
  await armMarks(page);
  for (let call = 0; call < 5; call++) {
    const id = sfId();
    await navigate(page, `/lightning/r/VoiceCall/${id}/view?ani=&delay=0`); // the From field renders empty
    const from = `one-record-home-flexipage2[data-record-id="${id}"] [data-target-selection-name$="FromPhoneNumber"] lightning-formatted-phone`;
    await expect(page.locator(from)).toBeAttached();
    await page.waitForTimeout(100); // the detector waits for the number (its grace period is 1.5 s)
    // Rendered in steps, as a record page's fields are: a change in the view (a pass, still no number), then in
    // the next task, well within a frame of that pass, the number.
    await page.evaluate(([viewOf, phone]) => {
      (document.querySelector(`${viewOf} h1`) as Element).textContent = 'VC-00001234 (loading)';
      const next = new MessageChannel();
      next.port1.onmessage = () => {
        (document.querySelector(phone as string) as Element).setAttribute('value', '+1 (415) 555-0100');
        (window as unknown as { __mark(): void }).__mark();
      };
      next.port2.postMessage(null);
    }, [`one-record-home-flexipage2[data-record-id="${id}"]`, from] as const);
    await expectInMarkTask(sent, page, id, call);
    await navigate(page, '/lightning/page/home');
  }
});
