/** Firefox: the customer is named as the number's look-up answers, while the check for an earlier verification is still out. */
import { test, expect, callUrl, panelFrame, expectText, answerAsAda } from './fixtures.ts';
import { startHoldingProxy } from '../e2e/fake-api.ts';

test('the customer is named while the prior check is held; once it answers, the questions and Verified follow', async ({ firefox, api, useApi }) => {
  const proxy = await startHoldingProxy(api.url, (method, path) => method === 'GET' && path.startsWith('/v1/interactions/'));
  await useApi(proxy.url);
  const { url } = callUrl('+1 (415) 555-0100');
  const page = await firefox.browser.newPage();
  await page.goto(url);
  const panel = await panelFrame(page, firefox.origin);
  // Long before the held check could time out (8 s).
  await expectText(panel, '.status .name', 'Ada Lovelace', 3000);
  await expectText(panel, '[data-outcome]', 'Identified only', 500);
  expect(await panel.evaluate(() => document.body.textContent?.includes('Checking whether this call was already verified…'))).toBe(true);
  expect(proxy.held()).toBe(1);
  proxy.release();
  await answerAsAda(page, panel);
  await proxy.close();
});
