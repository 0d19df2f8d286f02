/**
 * Policy panel.surface "side-panel" (issue 20): the verification moves out of the CRM page into the browser's
 * side panel. Playwright cannot reach Chromium's side panel, so most tests open the side panel's page in a tab
 * of the same window (the CRM tab stays the active one it follows) and read the worker's real
 * `chrome.sidePanel` settings; one test runs headful Chromium on an Xvfb display and presses the real keys
 * (xdotool) to open the real side panel and verify in it. Each attack of the page-mode specs (panel-trust, panel-hardening)
 * that has something to aim at here is performed again against a page that holds no panel, and asserts what
 * the agent sees in the side panel and what the page can learn.
 */
import type { BrowserContext, Frame, Page, Worker } from '@playwright/test';
import { test, expect, callUrl, SF_ORIGIN } from './fixtures.ts';
import { dumpExtensionStorage } from './worker.ts';
import { launchWithExtension } from './chromium.ts';
import { startXvfb } from './xvfb.ts';

const ADA = '+1 (415) 555-0100';
type Chrome = {
  runtime: { getURL(p: string): string; getManifest(): { commands?: Record<string, { suggested_key?: { default?: string } }> } };
  storage: { session: { get(k: string | null): Promise<Record<string, unknown>> }; local: { set(v: object): Promise<void> } };
  sidePanel: { getOptions(o: object): Promise<{ path?: string; enabled?: boolean }>; getPanelBehavior(): Promise<{ openPanelOnActionClick?: boolean }> };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
  tabs: { query(q: object): Promise<{ id: number; url?: string }[]> };
};

const idOf = (url: string): string => new URL(url).pathname.split('/')[4] as string;

/** Agent options in the worker (no machine policy in these tests); `panel.surface` is the one under test. */
async function setOptions(worker: Worker, options: object): Promise<void> {
  await worker.evaluate((o) => (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.set({ options: o }), options);
}
async function sidePanelMode(worker: Worker, apiUrl: string, extra: object = {}): Promise<void> {
  await setOptions(worker, { apiBaseUrl: apiUrl, panel: { surface: 'side-panel' }, ...extra });
}

/** The side panel's page, opened before the CRM tab so that the CRM tab is the active one it follows. */
async function openSidePanel(context: BrowserContext, extensionId: string): Promise<Page> {
  const side = await context.newPage();
  await side.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  return side;
}

type Setup = { context: BrowserContext; extensionId: string; worker: Worker; api: { url: string } };
/**
 * Side-panel mode, the side panel's page (showing no call yet) and then a CRM tab for the test's call, so that
 * whatever the side panel shows afterwards came from that tab's call.
 */
async function sidePanelAndTab({ context, extensionId, worker, api }: Setup): Promise<{ side: Page; page: Page }> {
  await sidePanelMode(worker, api.url);
  const side = await openSidePanel(context, extensionId);
  await expect(side.locator('[data-side="no-call"]')).toBeVisible();
  return { side, page: await context.newPage() };
}
/** As sidePanelAndTab, with Ada's call in the tab once the side panel names her. */
async function sidePanelOnAdasCall(setup: Setup): Promise<{ side: Page; page: Page; url: string }> {
  const { side, page } = await sidePanelAndTab(setup);
  const url = callUrl(ADA);
  await page.goto(url);
  await expect(side.locator('.status .name')).toHaveText('Ada Lovelace');
  return { side, page, url };
}

/** The stored interaction (with the security events recorded on it). */
async function stored(worker: Worker, id: string): Promise<{ tabId: number; securityEvents?: { kind: string }[] } | undefined> {
  return worker.evaluate(async (key) => (await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(key))[key] as never, `ix:${id}`);
}
async function storedIds(worker: Worker): Promise<string[]> {
  return worker.evaluate(async () => Object.keys(await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(null)).filter((k) => k.startsWith('ix:')).map((k) => k.slice(3)));
}
async function refusals(worker: Worker, reason: string): Promise<number> {
  return worker.evaluate(async (key) => ((await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(key))[key] as number | undefined) ?? 0, `stats:refused:${reason}`);
}
async function badge(worker: Worker, id: string): Promise<string> {
  const tabId = (await stored(worker, id))?.tabId;
  return tabId === undefined ? 'no interaction' : worker.evaluate((t) => (globalThis as unknown as { chrome: Chrome }).chrome.action.getBadgeText({ tabId: t }), tabId);
}

/** Everything of ours the CRM page can reach: its frames' URLs, its DOM (open shadow roots included) and its text. */
async function whatThePageSees(page: Page): Promise<{ frames: string[]; html: string; text: string; cueReadable: boolean; cues: number; ours: string[] }> {
  const frames = page.frames().map((f) => f.url());
  const seen = await page.evaluate(() => {
    const html: string[] = [document.documentElement.outerHTML];
    for (const el of Array.from(document.querySelectorAll('*'))) if (el.shadowRoot) html.push(el.shadowRoot.innerHTML);
    const cues = Array.from(document.querySelectorAll('[data-caller-verify-cue]'));
    // Our elements in the page, by their marking attribute (the guards' mask styles aside: they hold selectors only).
    const ours = Array.from(document.querySelectorAll('*')).flatMap((el) => el.getAttributeNames().filter((a) => a.startsWith('data-caller-verify') && a !== 'data-caller-verify-guards'));
    return { html: html.join('\n'), text: document.body.innerText, cueReadable: cues.some((c) => c.shadowRoot !== null), cues: cues.length, ours };
  });
  return { frames, ...seen };
}

test('the side panel is configured by the policy: off and inert on the toolbar in page mode, on with its command in side-panel mode', async ({ worker, api }) => {
  const config = (): Promise<{ options: { path?: string; enabled?: boolean }; behavior: { openPanelOnActionClick?: boolean } }> => worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: Chrome }).chrome;
    return { options: await c.sidePanel.getOptions({}), behavior: await c.sidePanel.getPanelBehavior() };
  });
  await expect.poll(config).toEqual({ options: { path: 'sidepanel.html', enabled: false }, behavior: { openPanelOnActionClick: false } });
  const command = await worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.getManifest().commands?.['open-side-panel']?.suggested_key?.default);
  expect(command).toBe('Alt+Shift+V');
  await sidePanelMode(worker, api.url);
  await expect.poll(config).toEqual({ options: { path: 'sidepanel.html', enabled: true }, behavior: { openPanelOnActionClick: true } });
});

test('ANI match → Verified in the side panel in 5 agent actions (4 in page mode); the page shows only the cue and learns nothing', async ({ context, extensionId, worker, api }) => {
  let actions = 1; // the one gesture that brings the agent to the side panel: Alt+Shift+V or the toolbar button
  const { side, page, url } = await sidePanelOnAdasCall({ context, extensionId, worker, api });
  const dob = side.getByLabel('Date of birth');
  await expect(dob).toBeFocused();
  const press = async (key: string): Promise<void> => { actions++; await side.keyboard.press(key); };
  await side.keyboard.type('10/12/1985');
  await press('Tab');
  await side.keyboard.type('94107');
  await press('Tab');
  await side.keyboard.type('1815');
  await press('Enter');
  await expect(side.locator('[data-outcome]')).toHaveText('Verified');
  expect(await badge(worker, idOf(url))).toBe('✓');
  await expect(side.getByRole('button', { name: 'Open customer record' })).toBeFocused();
  const record = context.waitForEvent('page');
  await press('Enter');
  await expect.poll(async () => (await record).url()).toContain('/lightning/r/Account/C-1001/view');
  expect(actions).toBe(5);
  // The page got a cue (in a closed shadow root) and nothing else: no panel frame, no name, no answers, no outcome.
  const seen = await whatThePageSees(page);
  expect(seen.cues).toBe(1);
  expect(seen.cueReadable).toBe(false);
  expect(seen.frames.filter((f) => f.startsWith('chrome-extension://'))).toEqual([]);
  // The CRM shows its own contact (the customer's name); what only Caller Verify knows must not be there.
  expect(seen.ours).toEqual(['data-caller-verify-cue']);
  for (const secret of ['C-1001', '1985', '94107', '1815', 'Verified', 'Identified']) {
    expect(seen.html, secret).not.toContain(secret);
    expect(seen.text, secret).not.toContain(secret);
  }
});

test('a page shows its own copies (panel.html through a leaked URL, sidepanel.html) and a fake Verified: nothing of the call, no Verified anywhere real', async ({ context, extensionId, worker, api }) => {
  const { side, page, url } = await sidePanelOnAdasCall({ context, extensionId, worker, api });
  const dynamicUrl = await worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.getURL('/panel.html'));
  const before = await refusals(worker, 'unregistered-panel');
  await page.evaluate(({ panel, sidepanel, ix }) => {
    const frame = (id: string, src: string, left: number): void => {
      const f = document.createElement('iframe');
      f.id = id;
      f.src = src;
      f.setAttribute('style', `position:fixed;top:0;left:${left}px;width:360px;height:600px;z-index:2147483647`);
      document.body.append(f);
    };
    frame('copy', `${panel}#ix=${encodeURIComponent(ix)}&t=${crypto.randomUUID()}&o=${encodeURIComponent(location.origin)}`, 0);
    frame('side', sidepanel, 380);
    // And a panel of its own drawing that says what the page would like the agent to believe.
    const fake = document.createElement('div');
    fake.id = 'fake';
    fake.textContent = 'Verified: Ada Lovelace';
    fake.setAttribute('style', 'position:fixed;top:0;right:0;width:360px;height:100vh;background:#ebf7e6;z-index:2147483647');
    document.documentElement.append(fake);
  }, { panel: dynamicUrl, sidepanel: `chrome-extension://${extensionId}/sidepanel.html`, ix: idOf(url) });
  const frameOf = async (id: string): Promise<Frame> => (await (await page.locator(`#${id}`).elementHandle())?.contentFrame()) as Frame;
  const copy = await frameOf('copy');
  await expect(copy.locator('main, p')).not.toHaveCount(0); // our page did load there...
  await page.waitForTimeout(1_500);
  expect(await copy.locator('.status .name').count()).toBe(0); // ...and was told nothing
  expect(await copy.locator('[data-outcome]').count()).toBe(0);
  expect(await refusals(worker, 'unregistered-panel')).toBeGreaterThan(before);
  // The side panel page is not web-accessible: the browser refuses to load it in the page at all.
  const sideCopy = await frameOf('side');
  expect(sideCopy.url()).not.toContain('sidepanel.html');
  expect(await sideCopy.locator('[data-outcome], [data-side]').count()).toBe(0);
  // What counts is unchanged: the side panel and the toolbar badge say Identified only.
  await expect(side.locator('[data-outcome]')).toHaveText('Identified only');
  expect(await badge(worker, idOf(url))).toBe('ID');
});

test('the page cannot message the worker as the side panel: no extension API in the page, and our own page in the tab is refused', async ({ context, extensionId, worker, api }) => {
  const { side, page, url } = await sidePanelOnAdasCall({ context, extensionId, worker, api });
  const id = idOf(url);
  // The page's own world has no runtime to send with (no externally_connectable).
  const fromPage = await page.evaluate(async ({ ext, ix }) => {
    const rt = (globalThis as unknown as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => Promise<unknown> } } }).chrome?.runtime;
    if (!rt?.sendMessage) return 'no runtime';
    try { return await rt.sendMessage(ext, { type: 'panel.verify', interactionId: ix, answers: [] }); } catch (e) { return `threw: ${String(e)}`; }
  }, { ext: extensionId, ix: id });
  expect(fromPage === 'no runtime' || String(fromPage).startsWith('threw')).toBe(true);
  // Worse than any page can do: script in a copy of our panel page inside the CRM tab (an extension document).
  const dynamicUrl = await worker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.getURL('/panel.html'));
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.id = 'copy';
    f.src = src;
    document.body.append(f);
  }, `${dynamicUrl}#t=${crypto.randomUUID()}`);
  const copy = (await (await page.locator('#copy').elementHandle())?.contentFrame()) as Frame;
  await expect(copy.locator('main, p')).not.toHaveCount(0);
  const windowId = await side.evaluate(async () => (await (globalThis as unknown as { chrome: { windows: { getCurrent(): Promise<{ id: number }> } } }).chrome.windows.getCurrent()).id);
  const unregistered = await refusals(worker, 'unregistered-panel');
  const replies = await copy.evaluate(async ({ ix, win }) => {
    const rt = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime;
    return [await rt.sendMessage({ type: 'side.current', windowId: win }), await rt.sendMessage({ type: 'panel.verify', interactionId: ix, answers: [{ questionId: 'dob', answer: '10121985' }] })];
  }, { ix: id, win: windowId });
  expect(replies.map((r) => r ?? null)).toEqual([null, null]); // refused: answered with nothing
  // (the copy's own hello may be counted meanwhile too: it waits up to 1 s for a registration that never comes)
  expect(await refusals(worker, 'unregistered-panel')).toBeGreaterThanOrEqual(unregistered + 2);
  // The side panel itself is heard only on the active tab's current call, as the worker stored it: not on an
  // earlier call of the tab, and not once the policy puts the panel back in the page.
  const older = callUrl(ADA);
  await page.goto(older);
  await expect.poll(() => storedIds(worker)).toContain(idOf(older));
  await page.goto(callUrl('+1 617-555-0188'));
  await expect(side.locator('.status .name')).toHaveText('Margaret Hamilton');
  const current = idOf(page.url());
  const badSender = await refusals(worker, 'bad-sender');
  const sideSend = (ix: string): Promise<unknown> => side.evaluate(async (i) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'panel.hello', interactionId: i }), ix);
  expect(await sideSend(current)).toMatchObject({ ok: true, interaction: { id: current } });
  expect(await sideSend(idOf(older))).toBeNull(); // refused
  expect(await refusals(worker, 'bad-sender')).toBe(badSender + 1);
  await setOptions(worker, { apiBaseUrl: api.url });
  await expect(side.locator('[data-side="off"]')).toBeVisible();
  expect(await sideSend(current)).toBeNull();
  expect(await refusals(worker, 'bad-sender')).toBe(badSender + 2);
});

test("forged prior status: a page-shown id of someone else's verified call, on a number no customer has, is not Verified in the side panel or on the badge", async ({ context, extensionId, worker, api }) => {
  const url = callUrl('+1 415-555-0199');
  const post = async (path: string, body: object): Promise<Record<string, unknown>> => {
    const res = await fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, path).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const { challengeId } = await post('/v1/challenge', { interactionId: idOf(url), customerId: 'C-1002' });
  await post('/v1/verify', { interactionId: idOf(url), challengeId, answers: [{ questionId: 'dob', answer: '09121976' }, { questionId: 'postcode', answer: 'EC1A 1BB' }], verifiedBy: 'ivr' });
  const { side, page } = await sidePanelAndTab({ context, extensionId, worker, api });
  await page.goto(url);
  await expect(side.locator('[data-prior="other_number"]')).toBeVisible();
  await expect(side.locator('[data-outcome]')).toHaveText('Not identified');
  await expect(side.locator('.status .name')).toHaveCount(0);
  expect(await badge(worker, idOf(url))).toBe('?');
});

test('a foreign-tenant sub-frame cannot report a call, and a flood of spoofed calls leaves the side panel on the newest', async ({ context, extensionId, worker, api }) => {
  test.setTimeout(120_000);
  const { side, page } = await sidePanelOnAdasCall({ context, extensionId, worker, api });
  const cid = crypto.randomUUID();
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.src = src;
    f.setAttribute('style', 'width:8px;height:8px;border:0');
    document.body.append(f);
  }, `https://attacker.my.connect.aws/ccp-v2/?ring=${encodeURIComponent('+1 415-555-0199')}&cid=${cid}`);
  await expect.poll(() => page.frames().some((f) => f.url().startsWith('https://attacker.my.connect.aws/'))).toBe(true);
  await page.waitForTimeout(2_500);
  expect(await storedIds(worker)).not.toContain(cid);
  await expect(side.locator('.status .name')).toHaveText('Ada Lovelace');
  // 40 calls faked by SPA navigation: a few interactions kept, the newest in the side panel, no panel in the page.
  const run = Math.random().toString(36).slice(2, 8);
  for (let call = 1; call <= 40; call++) {
    const id = `0LQ${run}${String(call).padStart(6, '0')}AAA`;
    await page.evaluate((p) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(p), `/lightning/r/VoiceCall/${id}/view?delay=0&ani=${encodeURIComponent('+1 617-555-0188')}`);
    await expect.poll(() => storedIds(worker), { intervals: [20, 50, 100] }).toContain(id);
  }
  const ids = (await storedIds(worker)).filter((x) => x.startsWith(`0LQ${run}`));
  expect(ids.length).toBeLessThanOrEqual(10);
  expect(ids).toContain(`0LQ${run}000040AAA`);
  await expect(side.locator('.status .name')).toHaveText('Margaret Hamilton');
  expect((await whatThePageSees(page)).frames.filter((f) => f.startsWith('chrome-extension://'))).toEqual([]);
});

test('a spoofed second call mid-verification waits in the side panel, is recorded as a security event and listed in Reports', async ({ context, extensionId, worker, api }) => {
  test.setTimeout(60_000);
  const { side, page } = await sidePanelAndTab({ context, extensionId, worker, api });
  const url = callUrl(ADA);
  await page.goto(`${SF_ORIGIN}/lightning/page/home?delay=0`);
  await page.evaluate((p) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(p), new URL(url).pathname + new URL(url).search);
  const id = idOf(url);
  const dob = side.getByLabel('Date of birth');
  await expect(dob).toBeFocused();
  await side.keyboard.type('10/12');
  const engaged = (): Promise<boolean> => worker.evaluate(async (key) => ((await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(key))[key] as { flow: { engaged?: boolean } } | undefined)?.flow.engaged === true, `ix:${id}`);
  await expect.poll(engaged).toBe(true);
  const spoofId = `0LQspoof${Math.random().toString(36).slice(2, 6)}1AAA`;
  await page.evaluate((p) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(p), `/lightning/r/VoiceCall/${spoofId}/view?delay=0&ani=${encodeURIComponent('+1 617-555-0188')}`);
  const keep = side.getByRole('button', { name: 'Keep this call' });
  await expect(keep).toBeFocused();
  await expect(side.getByRole('alertdialog')).toContainText('+1 617 555 0188');
  await side.keyboard.press('Enter');
  await expect(dob).toBeFocused();
  await expect(dob).toHaveValue('10/12');
  expect(await storedIds(worker)).not.toContain(spoofId);
  expect(((await stored(worker, id))?.securityEvents ?? []).map((e) => e.kind)).toContain('call-replaced-attempt');
  // The agent finishes the real caller; the attack travels with the result record and shows in Reports.
  await side.keyboard.type('/1985');
  await side.keyboard.press('Tab');
  await side.keyboard.type('94107');
  await side.keyboard.press('Tab');
  await side.keyboard.type('1815');
  await side.keyboard.press('Enter');
  await expect(side.locator('[data-outcome]')).toHaveText('Verified');
  await expect.poll(async () => {
    const rows = ((await dumpExtensionStorage(context, extensionId)).idb['caller-verify/results'] ?? []) as { record: { interactionId: string; securityEvents?: { kind: string }[] }; sync: { state: string } }[];
    const row = rows.find((r) => r.record.interactionId === id);
    return row ? `${row.sync.state}:${(row.record.securityEvents ?? []).map((e) => e.kind).join('+')}` : 'none';
  }, { timeout: 20_000 }).toBe('synced:call-replaced-attempt');
  const reports = await context.newPage();
  await reports.goto(`chrome-extension://${extensionId}/reports.html`);
  await expect(reports.getByTestId('security-report').getByTestId('security-by-kind').locator('tbody tr')).toHaveText([/^Another call pushed in mid-verification\s*\d+\s*1/]);
});

test('the real side panel (headful, Xvfb): Alt+Shift+V opens it with the keyboard in its first field, which the page cannot pull away; Verified and the record in 5 agent actions', async ({ crm, api }) => {
  test.setTimeout(90_000);
  const x = await startXvfb();
  // Dated reason (2026-12-06): the side panel is browser UI and the shortcut a browser command: real key
  // events on an X display (xdotool) reach both. In CI (.ci/run installs them) a missing display is a failure.
  if (!x && process.env.CI) throw new Error('Xvfb/xdotool missing in CI: .ci/run should have installed them');
  test.skip(!x, 'skipped since 2026-12-06 where Xvfb/xdotool are missing (apt-get install xvfb xdotool; .ci/run installs them)');
  const xvfb = x as NonNullable<typeof x>;
  const savedDisplay = process.env.DISPLAY;
  process.env.DISPLAY = xvfb.display; // Playwright passes the environment on to Chromium
  const { context, worker } = await launchWithExtension({ extraArgs: crm.chromiumArgs, headless: false });
  try {
    await sidePanelMode(worker, api.url);
    await expect.poll(() => worker.evaluate(async () => (await (globalThis as unknown as { chrome: Chrome }).chrome.sidePanel.getPanelBehavior()).openPanelOnActionClick)).toBe(true);
    const sideContexts = (): Promise<{ documentUrl?: string; documentId?: string }[]> => worker.evaluate(async () =>
      (globalThis as unknown as { chrome: { runtime: { getContexts(f: object): Promise<{ documentUrl?: string; documentId?: string }[]> } } }).chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] }));
    const sidePanels = async (): Promise<string[]> => (await sideContexts()).map((c) => c.documentUrl ?? '');
    // The questions are on screen once the flow waits for answers (the challenge came back).
    const step = (id: string): Promise<string | undefined> => worker.evaluate(async (key) =>
      ((await (globalThis as unknown as { chrome: Chrome }).chrome.storage.session.get(key))[key] as { flow: { step: { name: string } } } | undefined)?.flow.step.name, `ix:${id}`);
    const page = context.pages()[0] ?? (await context.newPage());
    const url = callUrl(ADA);
    await page.goto(url);
    await expect.poll(() => step(idOf(url)), { timeout: 15_000 }).toBe('verify'); // the call is there, questions ready
    await page.locator('body').click(); // the agent was working in the CRM page
    expect(await sidePanels()).toEqual([]);
    // The page tries to keep the keyboard: a hidden input of its own takes focus every 20 ms (the in-page
    // panel can only report this, panel-hardening.spec.ts; the side panel is out of the page's reach).
    await page.evaluate(() => {
      const trap = document.createElement('input');
      trap.id = 'trap';
      trap.setAttribute('style', 'position:fixed;left:-200px;top:0;opacity:0');
      document.body.append(trap);
      setInterval(() => { window.focus(); trap.focus(); }, 20);
    });
    let actions = 0;
    const key = (k: string): void => { actions++; expect(xvfb.xdotool('key', '--clearmodifiers', k)).toBe(true); };
    const type = (text: string): void => { expect(xvfb.xdotool('type', '--delay', '40', text)).toBe(true); };
    // Ada's three answers and the submit: three of the agent's actions (two Tabs, Return).
    const answerAda = (): void => {
      type('10/12/1985');
      key('Tab');
      type('94107');
      key('Tab');
      type('1815');
      key('Return');
    };
    key('alt+shift+v');
    await expect.poll(sidePanels).toEqual([expect.stringMatching(/\/sidepanel\.html$/)]);
    await page.waitForTimeout(2_000); // the side panel's first render (and its focus) before the agent types
    answerAda();
    await expect.poll(() => badge(worker, idOf(url)), { timeout: 15_000 }).toBe('✓');
    const record = context.waitForEvent('page');
    key('Return');
    await expect.poll(async () => (await record).url()).toContain('/lightning/r/Account/C-1001/view');
    expect(actions).toBe(5);
    // None of the keys went to the page, its trap included.
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('input')).map((i) => i.value).join(''))).toBe('');
    // The next call, with the side panel still open and the agent back in the CRM page: the same shortcut
    // moves the keyboard into it, so every call costs the same 5 actions.
    await (await record).close();
    await page.bringToFront();
    const next = callUrl(ADA);
    await page.goto(next);
    await expect.poll(() => step(idOf(next)), { timeout: 15_000 }).toBe('verify');
    await page.locator('body').click();
    const before = (await sideContexts())[0]?.documentId;
    actions = 0;
    key('alt+shift+v');
    // Reopened: a new side panel document, which renders and takes the keyboard before the agent types.
    await expect.poll(async () => (await sideContexts()).map((c) => c.documentId)).toEqual([expect.not.stringMatching(`^${before}$`)]);
    await page.waitForTimeout(2_000);
    answerAda();
    await expect.poll(() => badge(worker, idOf(next)), { timeout: 15_000 }).toBe('✓');
    expect(actions + 1).toBe(5); // + Return on "Open customer record", as above
    expect(await sidePanels()).toHaveLength(1);
  } finally {
    await context.close();
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
    xvfb.stop();
  }
});
