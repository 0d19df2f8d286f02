/**
 * Panel trust: a hostile CRM page (a compromised component or an injected script: here `page.evaluate`,
 * which runs in the page's own world) attacks the in-page panel. Each test performs one attack and asserts
 * what a real agent would see: the real call stays in the real, visible panel, and the page learns nothing.
 */
import type { Frame, Page, Worker } from '@playwright/test';
import Database from 'better-sqlite3';
import { test, expect, panelFrame, callUrl, SF_ORIGIN } from './fixtures.ts';
import { axeViolations } from './a11y.ts';

const ADA = '+1 (415) 555-0100';

/** The interaction ids stored in the worker's storage.session. */
async function storedIds(worker: Worker): Promise<string[]> {
  return worker.evaluate(async () => {
    const session = (globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.session;
    return Object.keys(await session.get(null)).filter((k) => k.startsWith('ix:')).map((k) => k.slice(3));
  });
}

/** Open a Voice Call for Ada; the real panel shows her. */
async function adaCall(page: Page, extensionId: string): Promise<{ id: string; panel: Frame }> {
  const url = callUrl(ADA);
  await page.goto(url);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  return { id: new URL(url).pathname.split('/')[4] as string, panel };
}

test('clickjacking with a copy: panel.html framed by the page shows nothing of the call', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  const { id } = await adaCall(page, extensionId);
  // The page frames its own copy of the panel, nearly transparent, over a decoy.
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.id = 'copy';
    f.src = src;
    f.setAttribute('style', 'position:fixed;top:0;left:0;width:360px;height:600px;opacity:0.01;z-index:2147483647');
    document.body.append(f);
  }, `chrome-extension://${extensionId}/panel.html#ix=${id}`);
  const copy = (await (await page.locator('#copy').elementHandle())?.contentFrame()) as Frame;
  // Long enough for a loaded copy to say hello and render the interaction (well under 1 s when it can).
  await page.waitForTimeout(2_000);
  expect(await copy.locator('.status .name').count()).toBe(0);
  expect(await copy.locator('[data-outcome]').count()).toBe(0);
});

test('hiding the host in an opacity-0 wrapper is undone', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await adaCall(page, extensionId);
  await page.evaluate(() => {
    const host = Array.from(document.documentElement.children).find((el) => el.tagName === 'DIV') as HTMLElement;
    (window as unknown as { stolenHost: HTMLElement }).stolenHost = host;
    const wrapper = document.createElement('div');
    wrapper.setAttribute('style', 'opacity: 0');
    document.body.append(wrapper);
    wrapper.append(host);
  });
  // The host is shown again: connected, and no ancestor hides it.
  await expect.poll(() => page.evaluate(() => {
    const host = (window as unknown as { stolenHost: HTMLElement }).stolenHost;
    if (!host.isConnected) return 'removed';
    for (let el: Element | null = host; el; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (Number(s.opacity) < 1 || s.visibility !== 'visible') return `hidden by ${el.tagName}`;
    }
    return 'visible';
  }), { timeout: 3_000 }).toBe('visible');
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
});

test('taking over: collapsing the panel hands the page no token and no window handle', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  const { id, panel } = await adaCall(page, extensionId);
  await page.evaluate(() => {
    const w = window as unknown as { stolen: { data: unknown; source: MessageEventSource | null }[] };
    w.stolen = [];
    window.addEventListener('message', (e) => { if (e.source !== window) w.stolen.push({ data: e.data, source: e.source }); });
  });
  await panel.locator('body').press('Escape');
  // The collapse still works (the host narrows to its strip)...
  await expect.poll(() => page.evaluate(() => Array.from(document.documentElement.children).find((el) => el.tagName === 'DIV')?.getBoundingClientRect().width)).toBe(48);
  // ...and with whatever reached the page, it points the panel at another call.
  const stolen = await page.evaluate((ext) => {
    const w = window as unknown as { stolen: { data: { token?: string } | null; source: Window | null }[] };
    for (const s of w.stolen) {
      const token = s.data?.token;
      if (s.source && token) s.source.location.replace(`chrome-extension://${ext}/panel.html#ix=0LQ000000000000AAA&t=${token}&o=${encodeURIComponent(location.origin)}`);
    }
    return w.stolen.length;
  }, extensionId);
  await page.waitForTimeout(1_000);
  // The collapsed panel still shows Ada's call (the strip has no name: the outcome and the frame's call).
  await expect(panel.locator('[data-outcome]')).toHaveText('Identified only');
  expect(panel.url()).toContain(`ix=${id}`);
  expect(stolen).toBe(0);
});

test('a foreign-tenant sub-frame cannot report a call', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  const { id } = await adaCall(page, extensionId);
  const cid = crypto.randomUUID();
  // An attacker's Amazon Connect instance (a built-in host pattern), 8×8 inside the Salesforce page.
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.src = src;
    f.setAttribute('style', 'width:8px;height:8px;border:0');
    document.body.append(f);
  }, `https://attacker.my.connect.aws/ccp-v2/?ring=${encodeURIComponent('+1 415-555-0199')}&cid=${cid}`);
  await expect.poll(() => page.frames().some((f) => f.url().startsWith('https://attacker.my.connect.aws/'))).toBe(true);
  await page.waitForTimeout(2_500);
  expect(page.frames().some((f) => f.url().includes(`ix=${cid}`))).toBe(false);
  expect(await storedIds(worker)).not.toContain(cid);
  expect(await storedIds(worker)).toContain(id);
});

test('a flood of spoofed calls keeps at most a few interactions per tab', async ({ context, extensionId, worker, useApi: _ }) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home?delay=0`);
  const run = Math.random().toString(36).slice(2, 8);
  for (let call = 1; call <= 40; call++) {
    const id = `0LQ${run}${String(call).padStart(6, '0')}AAA`;
    await page.evaluate((p) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(p), `/lightning/r/VoiceCall/${id}/view?delay=0&ani=${encodeURIComponent('+1 617-555-0188')}`);
    await expect.poll(() => page.frames().some((f) => f.url().includes(`ix=${id}`)), { intervals: [20, 50, 100] }).toBe(true);
  }
  const ids = (await storedIds(worker)).filter((x) => x.startsWith(`0LQ${run}`));
  expect(ids.length).toBeLessThanOrEqual(10);
  // The newest call is the one kept in front of the agent.
  expect(ids).toContain(`0LQ${run}000040AAA`);
  await panelFrame(page, extensionId);
});

/** Verify `customerId` on `interactionId` through the API as the IVR does (a result record alone cannot make "verified"). */
async function ivrVerify(apiUrl: string, interactionId: string, customerId: string, answers: { questionId: string; answer: string }[]): Promise<void> {
  const post = async (path: string, body: object): Promise<Record<string, unknown>> => {
    const res = await fetch(`${apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, path).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const { challengeId } = await post('/v1/challenge', { interactionId, customerId });
  expect(await post('/v1/verify', { interactionId, challengeId, answers, verifiedBy: 'ivr' })).toMatchObject({ outcome: 'verified' });
}
const ADA_ANSWERS = [{ questionId: 'dob', answer: '10121985' }, { questionId: 'pin_last4', answer: '1815' }];
const GRACE_ANSWERS = [{ questionId: 'dob', answer: '09121976' }, { questionId: 'postcode', answer: 'EC1A 1BB' }];
const idOf = (url: string): string => new URL(url).pathname.split('/')[4] as string;

/** Set agent options in the worker (these tests run without a machine policy). */
async function setOptions(worker: Worker, options: object): Promise<void> {
  await worker.evaluate((o) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: o }), options);
}

test("prior status: a page-shown id of someone else's verified call, on a number no customer has, is not Verified", async ({ context, extensionId, api, useApi: _ }) => {
  const url = callUrl('+1 415-555-0199'); // nobody's number
  await ivrVerify(api.url, idOf(url), 'C-1002', GRACE_ANSWERS); // Grace Hopper, verified on that interaction id
  const page = await context.newPage();
  await page.goto(url);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('[data-outcome]')).toHaveText('Not identified');
  await expect(panel.locator('.status .name')).toHaveCount(0);
  await expect(panel.locator('[data-prior="other_number"]')).toBeVisible();
});

test('prior status: a verification recorded before the call, outside the window, → Identified and asked', async ({ context, extensionId, worker, api }) => {
  await setOptions(worker, { apiBaseUrl: api.url, verification: { priorStatusWindowMinutes: 0 } });
  const url = callUrl(ADA);
  await ivrVerify(api.url, idOf(url), 'C-1001', ADA_ANSWERS);
  await new Promise((r) => setTimeout(r, 1_100)); // the verification is now a second older than the call
  const page = await context.newPage();
  await page.goto(url);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  await expect(panel.locator('[data-outcome]')).toHaveText('Identified only');
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  await expect(panel.locator('[data-prior="stale"]')).toBeVisible();
});

test('a spoofed second call mid-verification does not switch the panel without the agent confirming', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  const { id, panel } = await adaCall(page, extensionId);
  const dob = panel.getByLabel('Date of birth');
  await expect(dob).toBeFocused();
  await page.keyboard.type('10/12');
  // The first answer typed marks the agent as mid-verification in the worker (a wait, up to 2 s: no assertion).
  const engaged = (): Promise<boolean> => worker.evaluate(async (key) => {
    const session = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, { flow: { engaged?: boolean } }>> } } } }).chrome.storage.session;
    return (await session.get(key))[key]?.flow.engaged === true;
  }, `ix:${id}`);
  for (let i = 0; i < 40 && !(await engaged()); i++) await page.waitForTimeout(50);
  const spoof = async (n: number): Promise<string> => {
    const spoofId = `0LQspoof${Math.random().toString(36).slice(2, 6)}${n}AAA`;
    await page.evaluate((p) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(p), `/lightning/r/VoiceCall/${spoofId}/view?delay=0&ani=${encodeURIComponent('+1 617-555-0188')}`);
    return spoofId;
  };
  const first = await spoof(1);
  await page.waitForTimeout(1_500); // long enough for a switched panel to load the spoofed call
  expect(page.frames().some((f) => f.url().includes(`ix=${first}`))).toBe(false);
  const keep = panel.getByRole('button', { name: 'Keep this call' });
  await expect(keep).toBeFocused();
  await expect(panel.getByRole('alertdialog')).toContainText('+1 617 555 0188');
  expect(await axeViolations(panel), 'axe violations with the incoming-call prompt').toEqual([]);
  // Enter keeps the caller on the line; focus and the answer typed so far are back.
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('alertdialog')).toHaveCount(0);
  await expect(dob).toBeFocused();
  await expect(dob).toHaveValue('10/12');
  expect(panel.url()).toContain(`ix=${id}`);
  expect(await storedIds(worker)).not.toContain(first); // the waiting call was never started (no look-ups)
  // Switching takes a deliberate second key.
  const second = await spoof(2);
  await expect(keep).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.frames().some((f) => f.url().includes(`ix=${second}`))).toBe(true);
  const next = await panelFrame(page, extensionId);
  await expect(next.locator('.status .name')).toHaveText('Margaret Hamilton');
});

test('a page that spams calls creates no challenges until the agent engages (policy on-engage), in 5 agent actions', async ({ context, extensionId, worker, api }) => {
  test.setTimeout(90_000);
  await setOptions(worker, { apiBaseUrl: api.url, verification: { challenge: 'on-engage' } });
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home?delay=0`);
  const run = Math.random().toString(36).slice(2, 8);
  const ids: string[] = [];
  for (let call = 1; call <= 15; call++) {
    const id = `0LQ${run}${String(call).padStart(6, '0')}AAA`;
    ids.push(id);
    await page.evaluate((p) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(p), `/lightning/r/VoiceCall/${id}/view?delay=0&ani=${encodeURIComponent(ADA)}`);
    await expect.poll(() => page.frames().some((f) => f.url().includes(`ix=${id}`)), { intervals: [20, 50, 100] }).toBe(true);
  }
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  await page.waitForTimeout(1_500); // a challenge request for the last call would have landed by now
  const db = new Database(api.dbFile, { readonly: true });
  const challenges = (): number => (db.prepare(`SELECT COUNT(*) AS n FROM challenges WHERE interaction_id LIKE ?`).get(`0LQ${run}%`) as { n: number }).n;
  try {
    expect(challenges()).toBe(0);
    await expect(panel.getByRole('button', { name: 'Ask the security questions' })).toBeFocused();
    // The agent engages on the call in front of them: one challenge, for that call only; then the ANI-match path.
    let actions = 0;
    const press = async (key: string): Promise<void> => { actions++; await page.keyboard.press(key); };
    await press('Enter');
    await expect(panel.getByLabel('Date of birth')).toBeFocused();
    await page.keyboard.type('10/12/1985');
    await press('Tab');
    await page.keyboard.type('94107');
    await press('Tab');
    await page.keyboard.type('1815');
    await press('Enter');
    await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
    await expect(panel.getByRole('button', { name: 'Open customer record' })).toBeFocused();
    await press('Enter');
    expect(actions).toBe(5); // 4 with challenge "auto" (flow.spec.ts), + the engaging key
    expect(challenges()).toBe(1);
    expect(db.prepare('SELECT interaction_id FROM challenges WHERE interaction_id LIKE ?').get(`0LQ${run}%`)).toEqual({ interaction_id: ids.at(-1) });
  } finally {
    db.close();
  }
});
