/**
 * Managed policy in Firefox, with a REAL /etc/firefox/policies/policies.json (rendered by the admin CLI,
 * `--target firefox-policies --no-force-install`): Firefox serves its "3rdparty" Extensions section to the
 * add-on as storage.managed, and the options page shows those keys as locked. Firefox reads the file at
 * start-up only, so it is installed before each launch; it affects every Firefox on the machine, so it is
 * removed after each test and at the end, whatever happens. Needs root; skipped otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { test, expect, panelFrame, expectText, answerAsAda, apiInteraction, AUTO_GRANT_PREFS, type ExtensionGlobal } from './fixtures.ts';
import { launchFirefox, openExtensionPage, poll } from './firefox.ts';
import { policyDirWritable } from '../policy-dir.ts';

const POLICY_DIR = '/etc/firefox/policies';
const POLICY_FILE = join(POLICY_DIR, 'policies.json');
const CLI = resolve(import.meta.dirname, '../../scripts/policy.ts');
const tmp = mkdtempSync(join(tmpdir(), 'cv-ff-policy-'));
let ours = false;

const remove = (): void => {
  if (ours) rmSync(POLICY_FILE, { force: true });
};

test.describe.configure({ mode: 'serial' });
test.beforeAll(() => {
  // Dated reason (2026-12-06): machine policy needs root; CI runs as root, so there it always runs.
  test.skip(!policyDirWritable(POLICY_DIR), `skipped since 2026-12-06 without write access to ${POLICY_DIR} (run as root to test real managed policy; CI runs as root)`);
  // Dated reason (2026-12-06): never overwrite a policies.json the machine's owner installed.
  test.skip(existsSync(POLICY_FILE), `skipped since 2026-12-06 where ${POLICY_FILE} exists already (not replacing the machine's own policy)`);
  ours = true;
});
test.afterEach(remove);
test.afterAll(() => {
  remove();
  rmSync(tmp, { recursive: true, force: true });
});

/** Render `policy` with the admin CLI for Firefox and install it as the machine's policies.json. */
function installPolicy(policy: Record<string, unknown>): void {
  const input = join(tmp, 'policy.json');
  writeFileSync(input, JSON.stringify(policy));
  const r = spawnSync(process.execPath, [CLI, 'render', input, '--target', 'firefox-policies', '--no-force-install'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`render failed: ${r.stderr}`);
  writeFileSync(POLICY_FILE, r.stdout);
}

/** data-source and disabled state of a setting's row on the options page. */
const rowState = (page: Page, path: string): Promise<{ source: string | null; disabled: boolean | null; text: string }> =>
  page.evaluate((p) => {
    const row = document.querySelector(`.field[data-path="${p}"]`);
    const input = row?.querySelector('input, select, textarea') as HTMLInputElement | null | undefined;
    return { source: row?.getAttribute('data-source') ?? null, disabled: input ? input.disabled : null, text: row?.textContent ?? '' };
  }, path);

test('policies.json "3rdparty" keys are locked on the options page; the others stay editable', async ({ api, hostProxy }) => {
  installPolicy({ apiBaseUrl: api.url, identification: { maxAttempts: 2 }, allowOptOut: false });
  const ff = await launchFirefox({ pacUrl: hostProxy.pacUrl });
  try {
    const options = await openExtensionPage(ff.browser, `${ff.origin}/options.html`);
    const managed = await options.evaluate(() => (globalThis as unknown as { browser: { storage: { managed: { get(): Promise<object> } } } }).browser.storage.managed.get());
    expect(managed).toEqual({ apiBaseUrl: api.url, identification: { maxAttempts: 2 }, allowOptOut: false });
    for (const path of ['apiBaseUrl', 'identification.maxAttempts', 'allowOptOut']) {
      const state = await poll(`${path} locked`, async () => {
        const s = await rowState(options, path);
        return s.source === 'policy' ? s : undefined;
      }, 15_000);
      expect(state.disabled).toBe(true);
      expect(state.text).toContain('Set by your organisation');
    }
    const retention = await rowState(options, 'retentionDays');
    expect(retention.source).not.toBe('policy');
    expect(retention.disabled).toBe(false);
    // Agent options never override a locked key.
    await options.evaluate(() => (globalThis as unknown as ExtensionGlobal).browser.storage.local.set({ options: { apiBaseUrl: 'http://127.0.0.1:9' } }));
    const reopened = await openExtensionPage(ff.browser, `${ff.origin}/options.html`);
    await poll('apiBaseUrl still from policy', async () => ((await rowState(reopened, 'apiBaseUrl')).source === 'policy' ? true : undefined), 15_000);
    expect(await reopened.evaluate(() => (document.querySelector('.field[data-path="apiBaseUrl"] input') as HTMLInputElement).value)).toBe(api.url);
  } finally {
    await ff.close();
  }
});

const EXAMPLE_CRM = {
  id: 'example-crm', label: 'Example CRM', matches: ['https://crm.example.test/*'],
  callView: '.call-banner[data-state="connected"]', ani: { selector: '.caller-number' },
  interactionId: { selector: '.call-banner', attribute: 'data-call-ref' },
};

test('custom CRM from policy: the agent grants host access on the options page, a call there is verified and synced', async ({ api, hostProxy }) => {
  installPolicy({ apiBaseUrl: api.url, customAdapters: [EXAMPLE_CRM] });
  // The permission prompt is browser UI: this pref answers it "allow"; the click on Grant access is real.
  const ff = await launchFirefox({ pacUrl: hostProxy.pacUrl, prefs: AUTO_GRANT_PREFS });
  try {
    const options = await openExtensionPage(ff.browser, `${ff.origin}/options.html`);
    const rowText = (): Promise<string> => options.evaluate(() => document.querySelector('tr[data-host="https://crm.example.test/*"]')?.textContent ?? '');
    await poll('custom host listed without access', async () => ((await rowText()).includes('No access yet') ? true : undefined), 15_000);
    await options.click('section.host-access button');
    await poll('custom host granted', async () => ((await rowText()).includes('Granted') ? true : undefined));

    const ref = `EX-${Date.now()}`;
    const page = await ff.browser.newPage();
    await page.goto(`https://crm.example.test/calls/${ref}?call=${ref}&ani=${encodeURIComponent('+1 (415) 555-0100')}`);
    const panel = await panelFrame(page, ff.origin, 15_000);
    await expectText(panel, '.status .name', 'Ada Lovelace');
    await answerAsAda(page, panel);
    await expect.poll(() => apiInteraction(api.url, ref), { timeout: 15_000 }).toMatchObject({ status: 'verified', customerId: 'C-1001' });
  } finally {
    await ff.close();
  }
});
