/** A call on the Salesforce fixture page in Firefox, as an agent takes it: panel, answers, Verified, synced. */
import { test, expect, callUrl, panelFrame, expectText, answerAsAda, apiInteraction } from './fixtures.ts';

test('Salesforce call → panel with the caller → answers → Verified → result synced to the API', async ({ firefox, api, useApi: _ }) => {
  const { url, interactionId } = callUrl('+1 (415) 555-0100');
  const page = await firefox.browser.newPage();
  await page.goto(url);
  const panel = await panelFrame(page, firefox.origin);
  await expectText(panel, '.status .name', 'Ada Lovelace');
  await expectText(panel, '[data-outcome]', 'Identified only');
  await answerAsAda(page, panel);
  await expect.poll(() => apiInteraction(api.url, interactionId), { timeout: 15_000 }).toMatchObject({ status: 'verified', customerId: 'C-1001' });
});
