/**
 * Step-up (#23) end to end: the built extension, the reference API in demo mode (its outbox is the customer's
 * phone, its app routes the customer's app) and the fixture Lightning console. ANI match → SMS code → Verified
 * with the agent's actions counted; an app approval; five wrong codes lock the customer, for the questions
 * too; a code that expires; resend after the cool-down; the API down in the middle; a guard that requires a
 * step-up opening only after one passed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page, Worker } from '@playwright/test';
import { test, expect, panelFrame, callUrl } from './fixtures.ts';
import { startApi, type ApiProcess } from './api-process.ts';
import { dumpExtensionStorage } from './worker.ts';

const ADA_ANI = '+1 (415) 555-0100';
const ADA_PHONE = '+14155550100';
const GRACE_ANI = '+44 20 7946 0018';
const ADA_DEVICE = 'Device ada-phone.demo-device-secret-ada-phone-0001';

const setOptions = (worker: Worker, options: Record<string, unknown>): Promise<void> =>
  worker.evaluate((v) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: v }), options);

/** The newest code the outbox holds for `to`, as the customer reads it on their phone; waits for it to arrive. */
async function codeFor(api: ApiProcess, to: string, notThis?: string): Promise<string> {
  let code = '';
  await expect.poll(async () => {
    const res = await fetch(`${api.url}/dev/outbox?to=${encodeURIComponent(to)}`);
    const body = (await res.json()) as { messages: { body: string }[] };
    code = (/code is ([0-9 ]+)\./.exec(body.messages[0]?.body ?? '')?.[1] ?? '').replace(/ /g, '');
    return code !== '' && code !== notThis;
  }, { message: `a code for ${to} in the outbox` }).toBe(true);
  return code;
}

/** A call from `ani` under `options`; the panel once it shows the step-up's channel choice. */
async function callWithStepUp(page: Page, extensionId: string, ani: string): Promise<Frame> {
  await page.goto(callUrl(ani));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('[data-step-up="choose"]')).toBeVisible();
  await expect(panel.locator('[data-outcome]')).toHaveText('Identified only');
  return panel;
}

const outcome = (panel: Frame) => panel.locator('[data-outcome]');
const codeField = (panel: Frame) => panel.getByLabel('Code the caller reads out');

test.describe('step-up against the demo API', () => {
  test.describe.configure({ mode: 'serial' });
  let api: ApiProcess;
  test.beforeAll(async () => { api = await startApi([], { env: { CV_API_DEMO: '1' } }); });
  test.afterAll(async () => { await api.stop(); });

  test('ANI match → SMS code → Verified: one key besides typing the code the caller reads out', async ({ context, extensionId, worker }) => {
    await setOptions(worker, { apiBaseUrl: api.url, verification: { stepUp: 'always', stepUpChannels: ['sms', 'app', 'voice', 'email'] } });
    const page = await context.newPage();
    const panel = await callWithStepUp(page, extensionId, ADA_ANI);
    // Masked destinations only; the preferred channel has the keyboard.
    const sms = panel.getByRole('button', { name: /^Text message to/ });
    await expect(sms).toBeFocused();
    await expect(sms).toHaveText("Text message to +14 ••• 0100");
    await expect(sms).not.toContainText('555');
    let actions = 0;
    actions++;
    await page.keyboard.press('Enter');
    await expect(codeField(panel)).toBeFocused();
    await expect(panel.locator('[data-countdown]')).toHaveText(/Expires in [45]:\d\d/);
    const code = await codeFor(api, ADA_PHONE);
    // The agent never sees a code: only what the caller reads out and the agent types.
    await expect(panel.locator('main')).not.toContainText(code);
    await page.keyboard.type(code); // full length: submitted without Enter
    await expect(outcome(panel)).toHaveText('Verified');
    await expect(panel.getByRole('button', { name: 'Open customer record' })).toBeFocused();
    expect(actions).toBe(1);
    const storage = JSON.stringify(await dumpExtensionStorage(context, extensionId));
    expect(storage).not.toContain(code);
  });

  test('app approval: the customer approves in their app and the panel turns Verified by itself', async ({ context, extensionId, worker }) => {
    await setOptions(worker, { apiBaseUrl: api.url, verification: { stepUp: 'always' } });
    const page = await context.newPage();
    const panel = await callWithStepUp(page, extensionId, ADA_ANI);
    await expect(panel.getByRole('button', { name: /^Approval in the app/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(panel.locator('.step-up-live[data-channel="app"]')).toContainText('Waiting for the customer to approve in the app');
    // The customer's app: its pending request, approved with the device secret (as /dev/customer-app does).
    let requestId = '';
    await expect.poll(async () => {
      const res = await fetch(`${api.url}/app/v1/step-ups`, { headers: { authorization: ADA_DEVICE } });
      requestId = ((await res.json()) as { requests: { id: string }[] }).requests[0]?.id ?? '';
      return requestId;
    }).not.toBe('');
    const decided = await fetch(`${api.url}/app/v1/step-ups/${requestId}/decision`, {
      method: 'POST', headers: { authorization: ADA_DEVICE, 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve' }),
    });
    expect(decided.status).toBe(200);
    await expect(outcome(panel)).toHaveText('Verified', { timeout: 10_000 });
    await expect(panel.locator('.step-up')).toContainText('Approved in the app.');
  });

  test('wrong code ×5 → locked, and the same customer is locked for the questions too', async ({ context, extensionId, worker }) => {
    await setOptions(worker, { apiBaseUrl: api.url, verification: { stepUp: 'always', stepUpChannels: ['sms', 'voice'] } });
    const page = await context.newPage();
    const panel = await callWithStepUp(page, extensionId, GRACE_ANI);
    await page.keyboard.press('Enter');
    const code = await codeFor(api, '+442079460018');
    const wrong = code === '000000' ? '000001' : '000000';
    for (let left = 4; left >= 1; left--) {
      await expect(codeField(panel)).toBeFocused();
      await page.keyboard.type(wrong);
      await expect(panel.locator('.step-up [role="alert"]')).toHaveText(`Wrong code. Attempts left: ${left}.`);
    }
    await page.keyboard.type(wrong);
    await expect(panel.locator('[data-stop="locked"]')).toContainText('Too many wrong codes: the customer is locked, for the questions too.');
    await expect(panel.locator('[data-stop="locked"]')).toContainText('Locked until');
    await expect(outcome(panel)).toHaveText('Identified only');

    // The next call from her, with questions only: locked there too.
    await setOptions(worker, { apiBaseUrl: api.url });
    const again = await context.newPage();
    await again.goto(callUrl(GRACE_ANI));
    const panel2 = await panelFrame(again, extensionId);
    await expect(panel2.locator('[data-stop="locked"]')).toBeVisible();
  });

  test('API down in the middle: explained, nothing lost; once it is back the agent retries and finishes', async ({ context, extensionId, worker }) => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-stepup-down-'));
    const dbFile = join(dir, 'api.sqlite');
    let own = await startApi([], { dbFile, env: { CV_API_DEMO: '1' } });
    const port = Number(new URL(own.url).port);
    try {
      await setOptions(worker, { apiBaseUrl: own.url, apiTimeoutMs: 3000, verification: { stepUp: 'always', stepUpChannels: ['sms'] } });
      const page = await context.newPage();
      const panel = await callWithStepUp(page, extensionId, ADA_ANI);
      await page.keyboard.press('Enter');
      await expect(codeField(panel)).toBeFocused();
      const code = await codeFor(own, ADA_PHONE);
      await own.stop();
      await page.keyboard.type(code);
      const error = panel.locator('.step-up [data-error-kind]');
      await expect(error).toBeVisible({ timeout: 15_000 });
      await expect(error).toContainText("Can't reach the verification service.Nothing was lost.");
      own = await startApi([], { dbFile, port, env: { CV_API_DEMO: '1' } });
      await expect(panel.getByRole('button', { name: 'Try again' })).toBeFocused();
      await page.keyboard.press('Enter');
      // The same step-up is still live: the code is typed again (it was never stored).
      await expect(codeField(panel)).toBeFocused();
      await page.keyboard.type(code);
      await expect(outcome(panel)).toHaveText('Verified');
    } finally {
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a guard with require: step-up opens only after a step-up passed (Verified by questions is not enough)', async ({ context, extensionId, worker }) => {
    await setOptions(worker, { apiBaseUrl: api.url, verification: { stepUp: 'on-guarded-action', stepUpChannels: ['sms'] } });
    const page = await context.newPage();
    await page.goto(callUrl(ADA_ANI));
    const panel = await panelFrame(page, extensionId);
    for (const [label, value] of [['Date of birth', '10/12/1985'], ['Postcode', '94107'], ['Last 4 digits of PIN', '1815']] as const) {
      const field = panel.getByLabel(label, { exact: true });
      if (await field.count()) await field.fill(value);
    }
    await panel.getByRole('button', { name: 'Check answers' }).click();
    await expect(outcome(panel)).toHaveText('Verified');
    const status = page.locator('#contact-action-status');
    const reset = page.getByRole('button', { name: 'Reset MFA device' });
    await reset.click();
    await expect(page.locator('[data-caller-verify-guard]')).toHaveCount(1);
    await expect(status).toHaveText('');
    // The held action asked for a step-up beside the Verified call.
    await expect(panel.locator('.step-up')).toContainText('"Reset MFA device" needs a step-up.');
    await panel.getByRole('button', { name: /^Text message to/ }).click();
    await codeField(panel).pressSequentially(await codeFor(api, ADA_PHONE));
    await expect(panel.locator('.step-up')).toContainText('Step-up passed: the guarded actions are open.');
    await expect(outcome(panel)).toHaveText('Verified');
    await expect.poll(async () => {
      await reset.click();
      return status.textContent();
    }, { timeout: 10_000 }).toBe('Reset MFA device: form opened');
  });

  test('Reports: the step-ups above per channel, from the API (started, passed, failed, time to pass)', async ({ context, extensionId, worker }) => {
    await setOptions(worker, { apiBaseUrl: api.url, reports: { serverSummary: true } });
    const reports = await context.newPage();
    await reports.goto(`chrome-extension://${extensionId}/reports.html`);
    const section = reports.getByTestId('step-ups');
    // This block's step-ups on its API: Ada's SMS and the guard's SMS passed, Grace's SMS locked, the app approval passed.
    await expect(section.locator('tr[data-channel="sms"]')).toHaveText(/^Text message\s*3\s*2\s*1\s*0\s*0\s*0\s*66\.7\s*%\s*(\d+ min )?\d+ s$/);
    await expect(section.locator('tr[data-channel="app"]')).toHaveText(/^App approval\s*1\s*1\s*0\s*0\s*0\s*0\s*100\s*%\s*(\d+ min )?\d+ s$/);
    await expect(section.locator('tr[data-channel="totals"] td').first()).toHaveText('4');
  });
});

test.describe('step-up with short limits (CV_API_STEP_UP_TTL_SECONDS, _RESEND_COOLDOWN_SECONDS)', () => {
  test.describe.configure({ mode: 'serial' });
  let api: ApiProcess;
  test.beforeAll(async () => { api = await startApi([], { env: { CV_API_DEMO: '1', CV_API_STEP_UP_TTL_SECONDS: '12', CV_API_STEP_UP_RESEND_COOLDOWN_SECONDS: '3' } }); });
  test.afterAll(async () => { await api.stop(); });

  test('resend: held for the cool-down, then a new code that works (the old one no longer does)', async ({ context, extensionId, worker }) => {
    await setOptions(worker, { apiBaseUrl: api.url, verification: { stepUp: 'always', stepUpChannels: ['sms'] } });
    const page = await context.newPage();
    const panel = await callWithStepUp(page, extensionId, ADA_ANI);
    await page.keyboard.press('Enter');
    const first = await codeFor(api, ADA_PHONE);
    const resend = panel.locator('[data-step-up-resend]');
    await expect(resend).toBeDisabled();
    await expect(resend).toHaveText(/Resend in 0:0[1-3]/);
    await expect(resend).toBeEnabled({ timeout: 6000 });
    await resend.click();
    await expect(panel.locator('.step-up')).toContainText('A new code was sent; the old one no longer works.');
    const second = await codeFor(api, ADA_PHONE, first);
    await codeField(panel).pressSequentially(first);
    await expect(panel.locator('.step-up [role="alert"]')).toHaveText('Wrong code. Attempts left: 4.');
    await codeField(panel).pressSequentially(second);
    await expect(outcome(panel)).toHaveText('Verified');
  });

  test('a code that expires: the countdown runs out, the field closes, a new code on another send verifies', async ({ context, extensionId, worker }) => {
    test.setTimeout(60_000);
    await setOptions(worker, { apiBaseUrl: api.url, verification: { stepUp: 'always', stepUpChannels: ['sms'] } });
    const page = await context.newPage();
    const panel = await callWithStepUp(page, extensionId, ADA_ANI);
    await page.keyboard.press('Enter');
    const first = await codeFor(api, ADA_PHONE);
    await expect(panel.locator('[data-countdown]')).toHaveText(/Expires in 0:1[0-2]|Expires in 0:0\d/);
    await expect(panel.locator('[data-expired]')).toHaveText('The code expired before it was checked. Send a new one.', { timeout: 20_000 });
    await expect(codeField(panel)).toBeDisabled();
    await panel.getByRole('button', { name: 'Another channel' }).click();
    await panel.getByRole('button', { name: /^Text message to/ }).click();
    await codeField(panel).pressSequentially(await codeFor(api, ADA_PHONE, first));
    await expect(outcome(panel)).toHaveText('Verified');
  });
});

test.describe('step-up: the agent types on as "Wrong code" appears', () => {
  let api: ApiProcess;
  test.beforeAll(async () => { api = await startApi([], { env: { CV_API_DEMO: '1' } }); });
  test.afterAll(async () => { await api.stop(); });

  test('every digit typed from the moment the notice shows is kept, so the right code is checked', async ({ context, extensionId, worker }) => {
    await setOptions(worker, { apiBaseUrl: api.url, verification: { stepUp: 'always', stepUpChannels: ['sms'] } });
    const page = await context.newPage();
    const panel = await callWithStepUp(page, extensionId, ADA_ANI);
    await page.keyboard.press('Enter');
    const code = await codeFor(api, ADA_PHONE);
    // A quick typist: the caller's code, a digit every 40 ms, from the moment "Wrong code" is in the panel's
    // DOM (the panel once emptied the field a frame later, wiping the first digits, so the code never completed).
    await panel.evaluate((digits) => {
      const mo = new MutationObserver(() => {
        const input = document.getElementById('step-up-code') as HTMLInputElement | null;
        if (!input || !document.querySelector('.step-up [role="alert"]')) return;
        mo.disconnect();
        [...digits].forEach((d, i) => setTimeout(() => {
          input.value += d;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }, i * 40));
      });
      mo.observe(document, { childList: true, subtree: true, characterData: true });
    }, code);
    await codeField(panel).pressSequentially(code === '000000' ? '000001' : '000000');
    await expect(outcome(panel)).toHaveText('Verified');
  });
});
