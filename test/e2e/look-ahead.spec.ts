/**
 * The caller's name is what the agent waits for: when the number's look-up answers before the check for an
 * earlier verification, the panel names the customer at once, and the flow goes on when that check answers.
 */
import { test, expect, panelFrame, callUrl } from './fixtures.ts';
import { startHoldingProxy } from './fake-api.ts';

test('the customer is named while the prior check is still out; the questions follow its answer', async ({ context, extensionId, api, useApi }) => {
  const proxy = await startHoldingProxy(api.url, (method, path) => method === 'GET' && path.startsWith('/v1/interactions/'));
  await useApi(proxy.url);
  const page = await context.newPage();
  await page.goto(callUrl('+1 (415) 555-0100'));
  const panel = await panelFrame(page, extensionId);
  const status = panel.getByRole('status', { name: 'Verification status' });
  const checking = panel.getByText('Checking whether this call was already verified…');
  await expect(checking).toBeVisible();
  // Long before the held check could time out (8 s), the look-up's customer is named, the check still shown as under way.
  await expect(status.locator('.name')).toHaveText('Ada Lovelace', { timeout: 3000 });
  await expect(status.locator('.outcome')).toHaveText('Identified only');
  await expect(checking).toBeVisible({ timeout: 1 });
  expect(proxy.held()).toBe(1);
  await expect(panel.getByLabel('Date of birth')).toHaveCount(0);
  proxy.release();
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  await expect(status.locator('.name')).toHaveText('Ada Lovelace');
  await proxy.close();
});
