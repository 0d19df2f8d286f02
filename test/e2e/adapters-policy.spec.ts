/**
 * Admin-declared adapters from a REAL managed policy (`customAdapters`, `disabledAdapters`), rendered with
 * the admin CLI (`node scripts/policy.ts render --target chrome-linux --no-force-install`) and installed in
 * /etc/chromium/policies/managed/ where Debian Chromium reads machine policy. A second, invalid adapter is
 * added to the rendered file (as an admin who bypassed `policy.ts validate` would): it is skipped and
 * reported while the valid one works.
 *
 * The file affects every Chromium on this machine, so it is removed after each test and in afterAll,
 * whatever happens (its own name, separate from policy.spec.ts's). Needs write access to /etc/chromium.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { test as base, expect, panelFrame, SF_ORIGIN } from './fixtures.ts';
import { launchWithExtension } from './chromium.ts';
import { EXTENSION_ID } from '../../lib/manifest-data.ts';

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'caller-verify-adapters-test.json');
const CLI = resolve(import.meta.dirname, '../../scripts/policy.ts');
const tmp = mkdtempSync(join(tmpdir(), 'cv-adapters-e2e-'));

const ACME = {
  id: 'acme-call-console', label: 'Acme call console', matches: ['https://*.lightning.force.com/*'],
  callView: 'c-acme-call-banner[data-state="active"]', ani: { selector: '.caller-number' },
  interactionId: { selector: 'c-acme-call-banner', attribute: 'data-call-ref' },
  recordUrl: '{origin}/lightning/r/Account/{customerId}/view',
};
const INVALID = { id: 'every-site', label: 'Matches everything', matches: ['<all_urls>'], callView: 'div', ani: { selector: 'a' } };

/** Render `policy` with the admin CLI, add `extra` adapters unchecked, install it as machine policy. */
function installPolicy(policy: Record<string, unknown>, extra: object[] = []): void {
  const input = join(tmp, 'policy.json');
  writeFileSync(input, JSON.stringify(policy));
  const r = spawnSync(process.execPath, [CLI, 'render', input, '--target', 'chrome-linux', '--no-force-install'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`render failed: ${r.stderr}`);
  const file = JSON.parse(r.stdout);
  const ours = file['3rdparty'].extensions[EXTENSION_ID];
  if (extra.length > 0) ours.customAdapters = [...(ours.customAdapters ?? []), ...extra];
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(POLICY_FILE, JSON.stringify(file));
}
const removePolicy = (): void => rmSync(POLICY_FILE, { force: true });

const test = base.extend<{ launch: () => Promise<{ context: BrowserContext; extensionId: string }> }>({
  // The policy must be in place before the browser starts: tests install it, then launch.
  launch: async ({ crm }, use) => {
    const opened: BrowserContext[] = [];
    await use(async () => {
      const { context, extensionId } = await launchWithExtension({ extraArgs: crm.chromiumArgs });
      opened.push(context);
      return { context, extensionId };
    });
    for (const c of opened) await c.close();
  },
});

test.describe.configure({ mode: 'serial' });
test.beforeAll(() => {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
  } catch {
    test.skip(true, `no write access to ${POLICY_DIR} (run as root to test real managed policy)`);
  }
  removePolicy();
});
test.afterEach(removePolicy);
test.afterAll(() => {
  removePolicy();
  rmSync(tmp, { recursive: true, force: true });
});

test('policy customAdapters: a custom Lightning app page opens the panel; an invalid adapter is skipped and reported', async ({ api, launch }) => {
  installPolicy({ apiBaseUrl: api.url, customAdapters: [ACME], disabledAdapters: ['zendesk-talk'] }, [INVALID]);
  const { context, extensionId } = await launch();
  const page = await context.newPage();
  const ref = `ACME-${Date.now()}`;
  await page.goto(`${SF_ORIGIN}/lightning/n/Acme_Call_Console?call=${ref}&ani=${encodeURIComponent('+1 (415) 555-0100')}`);
  await expect.poll(() => page.frames().some((f) => f.url().includes(`ix=${ref}`)), { timeout: 15_000 }).toBe(true);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  // The invalid adapter is reported with its path; the valid one is not.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const problems = options.getByRole('region', { name: "Problems in your organisation's policy" });
  await expect(problems).toContainText('policy.customAdapters[1]', { timeout: 15_000 });
  await expect(problems).toContainText('"every-site" skipped');
  await expect(problems).not.toContainText('acme-call-console');
});

test('policy disabledAdapters switches a built-in adapter off', async ({ api, launch }) => {
  installPolicy({ apiBaseUrl: api.url, disabledAdapters: ['salesforce-voicecall'] });
  const { context } = await launch();
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/r/VoiceCall/0LQ${String(Date.now()).slice(-12)}AAA/view?ani=${encodeURIComponent('+1 (415) 555-0100')}`);
  await expect(page.locator('one-record-home-flexipage2')).toBeVisible();
  await page.waitForTimeout(2500);
  expect(page.frames().filter((f) => f.url().includes('/panel.html'))).toHaveLength(0);
});
