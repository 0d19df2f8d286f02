/**
 * Managed policy end to end, with a REAL Chromium policy file: the test renders its policy with
 * `node scripts/policy.ts render --target chrome-linux --no-force-install` and drops the output into
 * /etc/chromium/policies/managed/, where Debian Chromium reads machine policy.
 *
 * --no-force-install: the file holds only the `3rdparty.extensions.<id>` part. An ExtensionSettings
 * force-install entry would make Chromium try to download the extension from its update URL (and
 * fight the unpacked copy the test loads).
 *
 * The file affects every Chromium on this machine, so it is removed after each test and in afterAll,
 * whatever happens. Needs write access to /etc/chromium (root); skipped otherwise.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, panelFrame, SF_ORIGIN } from './fixtures.ts';
import { policyTest as test, useManagedPolicyFile } from './managed-policy.ts';
import { startFakeApi } from './fake-api.ts';
import { axeViolations } from './a11y.ts';
import { EXTENSION_ID } from '../../lib/manifest-data.ts';

const ADA_CALL = `${SF_ORIGIN}/lightning/r/VoiceCall/0LQ5g00000A1b2cAAA/view`;
const policyFile = useManagedPolicyFile('caller-verify-test.json');

/** Render `policy` for Chrome on Linux with the admin CLI and install it as machine policy. */
function installPolicy(policy: Record<string, unknown>): void {
  const rendered = policyFile.render(policy);
  expect(rendered).not.toHaveProperty('ExtensionSettings');
  policyFile.install(rendered);
}

/** Ask Chromium to re-read policy now (chrome://policy "Reload policies"); it also notices within ~5 s alone. */
async function reloadPolicies(context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  await page.goto('chrome://policy');
  await page.getByRole('button', { name: 'Reload policies' }).click();
  await page.close();
}

/** The options page row for a setting. */
const row = (page: Page, path: string) => page.locator(`.field[data-path="${path}"]`);

test('the policy API is used (over the agent options) and the caller is identified', async ({ api, launch }) => {
  installPolicy({ apiBaseUrl: api.url, panel: { side: 'left' } });
  const { context, extensionId } = await launch();
  const dead = await startFakeApi('http500');
  await dead.close();
  const worker = context.serviceWorkers()[0]!;
  await worker.evaluate((url) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: { apiBaseUrl: url } }), dead.url);
  const page = await context.newPage();
  await page.goto(ADA_CALL);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace', { timeout: 15_000 });
});

test('the options page shows the organisation-locked keys as disabled, the others editable', async ({ api, launch }) => {
  installPolicy({ apiBaseUrl: api.url, identification: { maxAttempts: 2 }, allowOptOut: false });
  const { context, extensionId } = await launch();
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  for (const path of ['apiBaseUrl', 'identification.maxAttempts', 'allowOptOut']) {
    await expect(row(page, path)).toHaveAttribute('data-source', 'policy', { timeout: 15_000 });
    await expect(row(page, path).locator('input')).toBeDisabled();
    await expect(row(page, path)).toContainText('Set by your organisation');
  }
  await expect(page.getByLabel('Service address (URL)')).toHaveValue(api.url);
  await expect(page.getByLabel('Identification attempts per call')).toHaveValue('2');
  await expect(page.getByTestId('policy-summary')).toContainText('apiBaseUrl, identification.maxAttempts, allowOptOut');
  // A sibling of a locked sub-key stays editable, and edits are saved as agent options.
  const retention = page.getByLabel('Keep call history (days)');
  await expect(retention).toBeEnabled();
  await retention.fill('45');
  await retention.press('Enter');
  await expect(row(page, 'retentionDays')).toHaveAttribute('data-source', 'options');
  await expect(page.getByLabel('Look callers up by their number')).toBeEnabled();
  expect(await axeViolations(page.mainFrame())).toEqual([]);
});

test('a policy change while the browser runs applies without reloading the extension; removed keys fall back', async ({ api, launch }) => {
  const dead = await startFakeApi('http500');
  await dead.close();
  installPolicy({ apiBaseUrl: dead.url, panel: { side: 'left' } });
  const { context, extensionId } = await launch();
  const page = await context.newPage();
  await page.goto(ADA_CALL);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByRole('alert')).toContainText("Can't reach the verification service", { timeout: 15_000 });

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(row(options, 'panel.side')).toHaveAttribute('data-source', 'policy');

  // New policy: the working API, and panel.side no longer set.
  installPolicy({ apiBaseUrl: api.url });
  await reloadPolicies(context);
  await expect(options.getByLabel('Service address (URL)')).toHaveValue(api.url, { timeout: 15_000 });
  await expect(row(options, 'panel.side')).toHaveAttribute('data-source', 'default');
  await expect(row(options, 'panel.side').locator('select')).toBeEnabled();

  await panel.getByRole('button', { name: 'Try again' }).click();
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
});

test('policy values the extension refuses are listed on the options page with their path', async ({ api, launch }) => {
  // An admin who bypassed `policy.ts validate`: Chrome's schema has types only, so these reach the extension.
  const file = policyFile.render({ apiBaseUrl: api.url }) as { '3rdparty': { extensions: Record<string, object> } };
  Object.assign(file['3rdparty'].extensions[EXTENSION_ID] as object, { identification: { maxAttempts: 0 }, apiTimeoutMs: 10 });
  policyFile.install(file);
  const { context, extensionId } = await launch();
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const errors = page.getByRole('region', { name: "Problems in your organisation's policy" });
  await expect(errors).toContainText('policy.identification.maxAttempts: must be a whole number between 1 and 10', { timeout: 15_000 });
  await expect(errors).toContainText('policy.apiTimeoutMs: must be a whole number between 500 and 60000');
  await expect(row(page, 'identification.maxAttempts')).toHaveAttribute('data-source', 'default');
  await expect(page.getByLabel('Identification attempts per call')).toHaveValue('3');
  await expect(row(page, 'apiBaseUrl')).toHaveAttribute('data-source', 'policy');
});
