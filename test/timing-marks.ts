/**
 * The detection-timing e2e's marks, shared by its Chromium and Firefox specs. In the page's own world,
 * `__mark()` notes now, the start of the next task and of the next animation frame; a report counts as made in
 * the marked task when it was sent after the mark and before both. Order of events, not durations: a loaded
 * machine makes the test slower, never wrong.
 */
import { expect } from '@playwright/test';

/** One mark: when it was made, and when the next task and the next frame began (once they have). */
export type Mark = { at: number; task?: number; frame?: number };
type Probe = { __views: Mark[]; __mark(): void };

/** Page function: installs `__mark()` and the list of marks it fills. */
export function armMarks(): void {
  const w = window as unknown as Probe;
  w.__views = [];
  w.__mark = () => {
    const view: Mark = { at: performance.timeOrigin + performance.now() };
    w.__views.push(view);
    const next = new MessageChannel();
    next.port1.onmessage = () => { view.task = performance.timeOrigin + performance.now(); };
    next.port2.postMessage(null);
    requestAnimationFrame(() => { view.frame = performance.timeOrigin + performance.now(); });
  };
}

/** Page function: the n-th mark, or undefined until its task and frame have come. */
export function markAt(n: number): Mark | undefined {
  const view = (window as unknown as Probe).__views[n];
  return view?.task && view.frame ? view : undefined;
}

/**
 * Page function: a mark each time the console puts a record page in, made before any callback the content
 * script may have in that task's mutation checkpoint.
 */
export function markRecordPages(): void {
  const replace = Element.prototype.replaceChildren;
  Element.prototype.replaceChildren = function (...nodes) {
    replace.apply(this, nodes);
    if (nodes.some((n) => (n as Element).localName === 'one-record-home-flexipage2')) (window as unknown as Probe).__mark();
  };
}

/**
 * Page function: renders a record page's fields in steps, as Lightning does. A change in the view (a pass,
 * still no number), then in the next task, well within a frame of that pass, the number; marked.
 */
export function renderNumberNextTask([viewOf, phone]: readonly [string, string]): void {
  (document.querySelector(`${viewOf} h1`) as Element).textContent = 'VC-00001234 (loading)';
  const next = new MessageChannel();
  next.port1.onmessage = () => {
    (document.querySelector(phone) as Element).setAttribute('value', '+1 (415) 555-0100');
    (window as unknown as Probe).__mark();
  };
  next.port2.postMessage(null);
}

/** A fresh Voice Call record id. */
const sfId = (): string => `0LQ${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}AAA`;

/** The From field's phone element of the record page of `id`, and that page's root (the fixture console's). */
export const fromOf = (id: string): readonly [string, string] => {
  const view = `one-record-home-flexipage2[data-record-id="${id}"]`;
  return [view, `${view} [data-target-selection-name$="FromPhoneNumber"] lightning-formatted-phone`] as const;
};

/** The report of call n (`sent`: when it was sent) came after mark n, in its task: before the next task and frame. */
export async function expectInMarkTask(sent: () => Promise<number | undefined>, mark: () => Promise<Mark | undefined>, n: number): Promise<void> {
  await expect.poll(sent, { message: `call ${n + 1} reported` }).toBeDefined();
  await expect.poll(mark, { message: `mark ${n + 1} with its next task and frame` }).toBeDefined();
  const view = (await mark()) as Required<Mark>;
  const at = (await sent()) as number;
  expect(at, `call ${n + 1}: reported after the change that shows it`).toBeGreaterThan(view.at);
  expect(at, `call ${n + 1}: reported in the task that made that change`).toBeLessThan(view.task);
  expect(at, `call ${n + 1}: reported before the next frame`).toBeLessThan(view.frame);
}

/** A console tab as each browser's spec drives it: in-page navigation, and the check of call n's report. */
export interface TimingTab {
  navigate(path: string): Promise<unknown>;
  /** Call n (`id`) was reported after mark n, in its task (expectInMarkTask). */
  inMarkTask(id: string, n: number): Promise<void>;
}

/** Five calls, each a route to a fresh Voice Call whose record page renders in the task after the route. */
export async function routedCalls(tab: TimingTab): Promise<void> {
  for (let n = 0; n < 5; n++) {
    const id = sfId();
    // delay=0: the fixture renders the record page in the next task, well within a frame of the route's pass.
    await tab.navigate(`/lightning/r/VoiceCall/${id}/view?ani=%2B14155550100&delay=0`);
    await tab.inMarkTask(id, n);
    await tab.navigate('/lightning/page/home');
  }
}

/**
 * Five calls whose From field renders empty; `render(id)` then waits for that field and, after a while (the
 * detector waits for the number: its grace period is 1.5 s), runs renderNumberNextTask in the page.
 */
export async function lateNumberCalls(tab: TimingTab, render: (id: string) => Promise<void>): Promise<void> {
  for (let n = 0; n < 5; n++) {
    const id = sfId();
    await tab.navigate(`/lightning/r/VoiceCall/${id}/view?ani=&delay=0`);
    await render(id);
    await tab.inMarkTask(id, n);
    await tab.navigate('/lightning/page/home');
  }
}
