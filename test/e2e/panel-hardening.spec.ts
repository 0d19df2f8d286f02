/**
 * Panel hardening: a hostile CRM page (here `page.evaluate`, which runs in the page's own world) attacks the
 * real panel where panel-trust.spec.ts leaves off: a copy of the panel loaded through a leaked URL, an
 * element laid over the panel, the keyboard pulled away while the agent types. Each test performs the
 * attack and asserts what the agent sees and what the worker keeps.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page, Worker } from '@playwright/test';
import { test, expect, panelFrame, callUrl } from './fixtures.ts';
import { startApi } from './api-process.ts';
import { dumpExtensionStorage } from './worker.ts';

const ADA = '+1 (415) 555-0100';
type Chrome = {
  runtime: { getURL(p: string): string };
  storage: { session: { get(k: string | null): Promise<Record<string, unknown>> }; local: { set(v: object): Promise<void> } };
};

/** The stored interaction as the worker keeps it (with the security events its panel reported). */
async function stored(worker: Worker, id: string): Promise<{ securityEvents?: { kind: string }[]; flow: { step: { name: string } } } | undefined> {
  return worker.evaluate(async (key) => (await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(key))[key] as never, `ix:${id}`);
}

/** Security event kinds recorded for the interaction. */
const eventsOf = async (worker: Worker, id: string): Promise<string[]> => ((await stored(worker, id))?.securityEvents ?? []).map((e) => e.kind);

/** Open a Voice Call for Ada; returns the interaction id and the real panel. */
async function call(page: Page, extensionId: string): Promise<{ id: string; panel: Frame }> {
  const url = callUrl(ADA);
  await page.goto(url);
  return { id: new URL(url).pathname.split('/')[4] as string, panel: await panelFrame(page, extensionId) };
}

test('a copy of panel.html loaded through a leaked URL is refused by the worker', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  const { id, panel } = await call(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  // Suppose the page learnt the session's dynamic URL: it frames a copy in this very tab, with the call's
  // id and a token of its own (the real one is in our frame's URL, which the page cannot read).
  const dynamicUrl = await worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.getURL('/panel.html'));
  await page.evaluate(({ src, ix }) => {
    for (const [i, t] of [crypto.randomUUID(), ''].entries()) {
      const f = document.createElement('iframe');
      f.id = `copy${i}`;
      f.src = `${src}#ix=${encodeURIComponent(ix)}${t ? `&t=${t}` : ''}&o=${encodeURIComponent(location.origin)}`;
      f.setAttribute('style', `position:fixed;top:0;left:${i * 380}px;width:360px;height:600px;opacity:0.01;z-index:2147483647`);
      document.body.append(f);
    }
  }, { src: dynamicUrl, ix: id });
  const copies = await Promise.all([0, 1].map(async (i) => (await (await page.locator(`#copy${i}`).elementHandle())?.contentFrame()) as Frame));
  // The copies did load our page (so the refusal below is the worker's, not the browser's)...
  for (const copy of copies) await expect(copy.locator('main, p')).not.toHaveCount(0);
  await page.waitForTimeout(1_500);
  // ...and learnt nothing of the call: no name, no outcome, and the worker counted their refused hellos.
  for (const copy of copies) {
    expect(await copy.locator('.status .name').count()).toBe(0);
    expect(await copy.locator('[data-outcome]').count()).toBe(0);
  }
  const refused = await worker.evaluate(async () => (await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get('stats:refused:unregistered-panel'))['stats:refused:unregistered-panel']);
  expect(refused).toBeGreaterThanOrEqual(2);
  // The real panel is still heard.
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
});

test('an element over the panel: answers hidden, clicks and keys refused, the event recorded; gone, all works again', async ({ context, extensionId, worker }) => {
  test.setTimeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'cv-cover-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ verification: { allowAgentJudged: true } }));
  const api = await startApi(['--config', config]);
  try {
    await worker.evaluate((apiBaseUrl) => (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.set({
      options: { apiBaseUrl, verification: { mode: 'agent-judged' } },
    }), api.url);
    const page = await context.newPage();
    const { id, panel } = await call(page, extensionId);
    const expected = panel.locator('.expected').first();
    await expect(expected).toHaveText('1985-12-10');
    const covered = panel.locator('[data-guard="covered"]');
    await expect(covered).toHaveCount(0);
    // A transparent element of the page's above the host (our host's own style untouched).
    const cover = async (style: string): Promise<void> => page.evaluate((s) => {
      document.getElementById('cover')?.remove();
      const d = document.createElement('div');
      d.id = 'cover';
      d.setAttribute('style', `position:fixed;top:0;right:0;width:420px;height:100vh;z-index:2147483647;${s}`);
      document.documentElement.append(d);
    }, style);
    await cover('background:transparent;pointer-events:auto');
    await expect(expected).not.toHaveText('1985-12-10');
    await expect(covered).toBeVisible();
    await expect.poll(() => eventsOf(worker, id)).toContain('covered');
    // The decoy the clicks pass through (pointer-events: none): real mouse clicks and keys reach the panel
    // frame, and must not mark or submit anything.
    await cover('background:#fff;pointer-events:none');
    await expect(expected).not.toHaveText('1985-12-10');
    const click = async (name: RegExp, nth = 0): Promise<void> => {
      const box = await panel.getByRole('button', { name }).nth(nth).boundingBox();
      if (!box) throw new Error(`no ${name}`);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    };
    for (let i = 0; i < 3; i++) await click(/Correct/, i);
    await page.keyboard.press('y');
    await click(/Submit/);
    await page.waitForTimeout(1_000);
    await expect(panel.getByRole('button', { name: /Correct/ }).first()).toHaveAttribute('aria-pressed', 'false');
    expect((await stored(worker, id))?.flow.step.name).toBe('verify');
    await expect(panel.locator('[data-outcome]')).not.toHaveText('Verified');
    // The page takes its element away: the same clicks now verify (the refusals above were the cover's doing).
    await page.evaluate(() => document.getElementById('cover')?.remove());
    await expect(expected).toHaveText('1985-12-10');
    await expect(covered).toHaveCount(0);
    for (let i = 0; i < 3; i++) await click(/Correct/, i);
    await click(/Submit/);
    await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
    // The attack travels with the call's result record (accepted by the API) and is listed in Reports.
    await expect.poll(async () => {
      const rows = ((await dumpExtensionStorage(context, extensionId)).idb['caller-verify/results'] ?? []) as { record: { securityEvents?: { kind: string }[] }; sync: { state: string } }[];
      return rows.map((r) => `${r.sync.state}:${(r.record.securityEvents ?? []).map((e) => e.kind).join('+')}`).join(',');
    }, { timeout: 20_000 }).toMatch(/^synced:covered(\+covered)*$/);
    const reports = await context.newPage();
    await reports.goto(`chrome-extension://${extensionId}/reports.html`);
    const section = reports.getByTestId('security-report');
    await expect(section.getByTestId('security-by-kind').locator('tbody tr')).toHaveText([/^Panel covered or hidden\s*\d+\s*1\s*\S/]);
    await expect(section.getByTestId('security-by-agent').locator('tbody tr')).toHaveText([/^\(no agent id\)\s*\d+\s*1/]);
  } finally {
    await api.stop();
  }
});

test('the page pulling the keyboard away while the agent types is shown and recorded', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  const { id, panel } = await call(page, extensionId);
  const dob = panel.getByLabel('Date of birth');
  await expect(dob).toBeFocused();
  // A hidden input of the page's takes the keyboard once the panel has held it for 300 ms.
  await page.evaluate(() => {
    const trap = document.createElement('input');
    trap.id = 'trap';
    trap.setAttribute('style', 'position:fixed;left:-200px;top:0;opacity:0');
    document.body.append(trap);
    let since = 0;
    setInterval(() => {
      const away = document.activeElement !== trap;
      since = away ? since || Date.now() : 0;
      if (away && Date.now() - since > 300) trap.focus();
    }, 20);
  });
  await page.keyboard.type('10/12/1985', { delay: 80 });
  // The rest went to the page, and the panel says so instead of leaving a half-typed answer unexplained.
  const typed = await dob.inputValue();
  expect(typed.length).toBeLessThan('10/12/1985'.length);
  expect(await page.locator('#trap').inputValue()).not.toBe('');
  await expect(panel.locator('[data-guard="focus-theft"]')).toContainText('took the keyboard away');
  await expect.poll(() => eventsOf(worker, id)).toContain('focus-theft');
});

test('the agent clicking the page after typing is no focus theft', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  const { id, panel } = await call(page, extensionId);
  await expect(panel.getByLabel('Date of birth')).toBeFocused();
  await page.evaluate(() => {
    const note = document.createElement('textarea');
    note.id = 'note';
    note.setAttribute('style', 'position:fixed;left:10px;top:10px;width:200px;height:60px;z-index:10');
    document.body.append(note);
  });
  await page.keyboard.type('10/12', { delay: 30 });
  await page.locator('#note').click();
  await page.keyboard.type('call notes');
  await page.waitForTimeout(500);
  await expect(panel.locator('[data-guard="focus-theft"]')).toHaveCount(0);
  expect(await eventsOf(worker, id)).not.toContain('focus-theft');
});
