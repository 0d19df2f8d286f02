/**
 * The MV2 event page stopped by Firefox between every step of a call (idle timeout lowered to one second):
 * each message wakes it, the flow resumes from stored state, and the result still reaches the API.
 */
import { test, expect, callUrl, panelFrame, expectText, typeInto, apiInteraction, backgroundStopped, QUICK_IDLE_PREFS } from './fixtures.ts';

test.use({ prefs: QUICK_IDLE_PREFS });

test('event page suspended before the call, after the lookup and before the answers: Verified and synced', async ({ firefox, options, api, useApi: _ }) => {
  const { url, interactionId } = callUrl('+1 (415) 555-0100');
  await backgroundStopped(options); // call.detected must wake it
  const page = await firefox.browser.newPage();
  await page.goto(url);
  const panel = await panelFrame(page, firefox.origin);
  await expectText(panel, '.status .name', 'Ada Lovelace');
  await backgroundStopped(options);
  await typeInto(panel, 'Date of birth', '10/12/1985');
  await typeInto(panel, 'Postcode', '94107');
  await typeInto(panel, 'Last 4 digits of PIN', '1815');
  await backgroundStopped(options);
  await page.keyboard.press('Enter');
  await expectText(panel, '[data-outcome]', 'Verified');
  await expect.poll(() => apiInteraction(api.url, interactionId), { timeout: 40_000 }).toMatchObject({ status: 'verified', customerId: 'C-1001' });
  // Asleep again once the call is done: an event page, not a persistent background page.
  await backgroundStopped(options);
});
