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
import { expect, panelFrame, SF_ORIGIN } from './fixtures.ts';
import { policyTest as test, useManagedPolicyFile } from './managed-policy.ts';
import { EXTENSION_ID } from '../../lib/manifest-data.ts';

const policyFile = useManagedPolicyFile('caller-verify-adapters-test.json');

const ACME = {
  id: 'acme-call-console', label: 'Acme call console', matches: ['https://*.lightning.force.com/*'],
  callView: 'c-acme-call-banner[data-state="active"]', ani: { selector: '.caller-number' },
  interactionId: { selector: 'c-acme-call-banner', attribute: 'data-call-ref' },
  recordUrl: '{origin}/lightning/r/Account/{customerId}/view',
};
const INVALID = { id: 'every-site', label: 'Matches everything', matches: ['<all_urls>'], callView: 'div', ani: { selector: 'a' } };

/** Render `policy` with the admin CLI, add `extra` adapters unchecked, install it as machine policy. */
function installPolicy(policy: Record<string, unknown>, extra: object[] = []): void {
  const file = policyFile.render(policy) as { '3rdparty': { extensions: Record<string, { customAdapters?: object[] }> } };
  const ours = file['3rdparty'].extensions[EXTENSION_ID] as { customAdapters?: object[] };
  if (extra.length > 0) ours.customAdapters = [...(ours.customAdapters ?? []), ...extra];
  policyFile.install(file);
}

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

test('policy customAdapters: a match pattern with a path runs on that path only; a selector crosses the banner\'s shadow root', async ({ api, launch }) => {
  // The caller number is inside c-acme-call-banner's shadow root: one selector names both.
  const pathAdapter = (id: string, path: string) => ({ ...ACME, id, matches: [`https://*.lightning.force.com${path}`], ani: { selector: 'c-acme-call-banner .banner > .caller-number' } });
  installPolicy({ apiBaseUrl: api.url, customAdapters: [pathAdapter('acme-elsewhere', '/lightning/n/Elsewhere*')] });
  const first = await launch();
  const page = await first.context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/n/Acme_Call_Console?call=ACME-${Date.now()}&ani=${encodeURIComponent('+1 (415) 555-0100')}`);
  await expect(page.locator('c-acme-call-banner')).toBeAttached();
  await page.waitForTimeout(2500);
  expect(page.frames().filter((f) => f.url().includes('/panel.html'))).toHaveLength(0);
  await first.context.close();

  installPolicy({ apiBaseUrl: api.url, customAdapters: [pathAdapter('acme-console', '/lightning/n/Acme_Call_Console*')] });
  const { context, extensionId } = await launch();
  const ref = `ACME-${Date.now()}`;
  const again = await context.newPage();
  await again.goto(`${SF_ORIGIN}/lightning/n/Acme_Call_Console?call=${ref}&ani=${encodeURIComponent('+1 (415) 555-0100')}`);
  await expect.poll(() => again.frames().some((f) => f.url().includes(`ix=${ref}`)), { timeout: 15_000 }).toBe(true);
  const panel = await panelFrame(again, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
});
