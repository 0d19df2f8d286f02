/**
 * The options page lists the built-in adapters with the evidence behind them: every adapter with its
 * weakest part, unverified parts named as such (the Dynamics value attribute, the Zendesk dial link), the
 * vendor-code event sources, and an adapter switched off by disabledAdapters marked so. Accessible (axe).
 */
import { test, expect } from './fixtures.ts';
import { axeViolations } from './a11y.ts';
import { BUILT_IN_ADAPTERS } from '../../lib/adapters/index.ts';

test('options page: built-in adapters with the status of every part and its sources', async ({ context, extensionId, worker }) => {
  await worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: { disabledAdapters: ['zendesk-talk'] } }));
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  const section = page.getByRole('region', { name: 'Built-in CRM adapters' });
  await expect(section).toBeVisible();
  for (const a of BUILT_IN_ADAPTERS) await expect(section.locator(`tr[data-adapter="${a.id}"]`)).toContainText(a.label);
  await expect(section.locator('tr[data-adapter="zendesk-talk"]')).toContainText('switched off by disabledAdapters');
  await expect(section.locator('tr[data-adapter="dynamics-omnichannel"] td').nth(1)).toContainText('unverified');

  const dynamics = section.locator('details[data-adapter="dynamics-omnichannel"]');
  await dynamics.locator('summary').click();
  await expect(dynamics.locator('li[data-key="urlPattern"] > .evidence')).toHaveText('vendor documents');
  await expect(dynamics.locator('li[data-key="ani[0]"] > .evidence')).toHaveText('unverified');
  await expect(dynamics.locator('li[data-key="callView"]')).toContainText('microsoft/EasyRepro');
  const connect = section.locator('details[data-adapter="amazon-connect-ccp"]');
  await connect.locator('summary').click();
  await expect(connect.locator('li[data-key^="event"] > .evidence')).toHaveText('vendor code');
  expect(await axeViolations(page.mainFrame())).toEqual([]);
});
