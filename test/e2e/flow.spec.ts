/** The seed scenarios (Salesforce Identity Verification, Genesys CE07) end to end, keyboard first. */
import { test, expect, panelFrame, callUrl } from './fixtures.ts';

test('ANI match → verified in ≤ 4 agent actions besides typing, then Enter opens the customer record', async ({ context, extensionId, worker, useApi: _ }) => {
  const page = await context.newPage();
  const url = callUrl('+1 (415) 555-0100');
  await page.goto(url);
  const panel = await panelFrame(page, extensionId);
  const dob = panel.getByLabel('Date of birth');
  await expect(dob).toBeFocused();
  let actions = 0;
  const press = async (key: string): Promise<void> => { actions++; await page.keyboard.press(key); };
  await page.keyboard.type('10/12/1985');
  await press('Tab');
  await page.keyboard.type('94107');
  await press('Tab');
  await page.keyboard.type('1815');
  await press('Enter');
  await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  // The outcome is mirrored on the toolbar badge of that tab.
  const interactionId = /VoiceCall\/(\w+)\//.exec(url)?.[1] as string;
  const badge = await worker.evaluate(async (id) => {
    const c = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, { tabId: number }>> } }; action: { getBadgeText(d: { tabId: number }): Promise<string> } } }).chrome;
    const ix = (await c.storage.session.get(`ix:${id}`))[`ix:${id}`];
    return ix ? c.action.getBadgeText({ tabId: ix.tabId }) : 'no interaction';
  }, interactionId);
  expect(badge).toBe('✓');
  const open = panel.getByRole('button', { name: 'Open customer record' });
  await expect(open).toBeFocused();
  const newPage = context.waitForEvent('page');
  await press('Enter');
  expect(actions).toBeLessThanOrEqual(4);
  await expect.poll(async () => (await newPage).url()).toContain('/lightning/r/Account/C-1001/view');
});

test('no ANI → last-name search → select → verified', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(callUrl('Anonymous'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('[data-outcome]')).toHaveText('Not identified');
  await expect(panel.getByLabel('Last name', { exact: true })).toBeFocused();
  await page.keyboard.type('Hopper');
  await page.keyboard.press('Enter');
  const grace = panel.getByRole('button', { name: /Grace Hopper/ });
  await expect(grace).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel.locator('[data-outcome]')).toHaveText('Identified only');
  await panel.getByLabel('Date of birth').fill('9 December 1976');
  await panel.getByLabel('Postcode').fill('ec1a1bb');
  await panel.getByRole('button', { name: 'Check answers' }).click();
  await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
  await expect(panel.locator('.status .name')).toHaveText('Grace Hopper');
});

test('wrong answers ×3 → stop processing the request', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(callUrl('+1 (757) 555-0134'));
  const panel = await panelFrame(page, extensionId);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await panel.getByLabel('Date of birth').fill('01/01/1900');
    await panel.getByLabel('Postcode').fill('00000');
    await panel.getByRole('button', { name: 'Check answers' }).click();
    if (attempt < 3) await expect(panel.getByRole('alert')).toContainText(`Attempts left: ${3 - attempt}`);
  }
  await expect(panel.getByRole('alert')).toContainText('Stop processing the request');
  await expect(panel.locator('[data-outcome]')).toHaveText('Identified only');
});

test('opt-out → identified only, with the reason', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(callUrl('+1 617-555-0188'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Margaret Hamilton');
  await panel.getByRole('button', { name: 'Caller opts out of verification' }).click();
  await panel.getByLabel('Reason').selectOption('no_details');
  await panel.getByRole('button', { name: 'Continue unauthenticated' }).click();
  await expect(panel.locator('[data-outcome]')).toHaveText('Identified only');
  await expect(panel.getByRole('status').filter({ hasText: 'continues unauthenticated' })).toContainText('no details');
});

test('ANI shared by two customers → chooser → pick one', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(callUrl('+44 20 7946 0123'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByRole('button', { name: /Alan Turing/ })).toBeVisible();
  await panel.getByRole('button', { name: /Joan Clarke/ }).click();
  await expect(panel.locator('.status .name')).toHaveText('Joan Clarke');
});

test('representative + customer: both verified, the outcome names both', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(callUrl('+44 20 7946 0456'));
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Tommy Flowers');
  await panel.getByLabel('Caller acts for the customer').check();
  await panel.getByLabel('Date of birth').fill('22/12/1975');
  await panel.getByLabel('Postcode').fill('E3 4AA');
  await panel.getByRole('button', { name: 'Check answers' }).click();
  await expect(panel.getByText('Now identify the caller (the representative)')).toBeVisible();
  await panel.getByLabel('Last name', { exact: true }).fill('Clarke');
  await panel.getByRole('button', { name: 'Search' }).click();
  await panel.getByRole('button', { name: /Joan Clarke/ }).click();
  await expect(panel.getByRole('heading', { name: 'Verify the representative' })).toBeVisible();
  await panel.getByLabel('Date of birth').fill('24/06/1987');
  await panel.getByLabel('Postcode').fill('MK3 6EB');
  await panel.getByRole('button', { name: 'Check answers' }).click();
  await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
  await expect(panel.locator('.status .name')).toHaveText('Tommy Flowers');
  await expect(panel.locator('.status .rep')).toContainText('Joan Clarke');
});

test('IVR-verified interaction → the panel opens at Verified and asks nothing', async ({ context, extensionId, api, useApi: _ }) => {
  const url = callUrl('+1 (415) 555-0100');
  const interactionId = /VoiceCall\/(\w+)\//.exec(url)?.[1] as string;
  // The IVR verifies through the API as the extension does (a result record alone cannot make "verified").
  const post = async (path: string, body: object) => {
    const res = await fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const { challengeId } = await post('/v1/challenge', { interactionId, customerId: 'C-1001' });
  const answers = [{ questionId: 'dob', answer: '10121985' }, { questionId: 'pin_last4', answer: '1815' }];
  expect(await post('/v1/verify', { interactionId, challengeId, answers, verifiedBy: 'ivr' })).toMatchObject({ outcome: 'verified' });
  const page = await context.newPage();
  await page.goto(url);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
  await expect(panel.getByText('Verified in IVR')).toBeVisible();
  await expect(panel.locator('form.verify')).toHaveCount(0);
});
