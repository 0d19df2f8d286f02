/** Walking skeleton: a ringing call on a Salesforce Voice Call page ends with an identified caller. */
import { test, expect, panelFrame, SF_ORIGIN } from './fixtures.ts';
import { startFakeApi, type FakeMode } from './fake-api.ts';

const ADA_CALL = `${SF_ORIGIN}/lightning/r/VoiceCall/0LQ5g00000A1b2cAAA/view`;

test('Voice Call page: panel shows the international number, the customer and "Identified only"', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(ADA_CALL);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByTestId('caller-number')).toHaveText('+1 415 555 0100');
  await expect(panel.getByRole('status').filter({ hasText: 'Identified only' })).toBeVisible();
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  await expect(panel.locator('.status .cid')).toContainText('C-1001');
});

test('demo console: "Simulate incoming call" (SPA navigation) opens the panel with the matching customer', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/page/home`);
  await page.selectOption('#caller', '0LQ5g00000A1b2gAAA');
  const started = Date.now();
  await page.click('#simulate-call');
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Grace Hopper');
  test.info().annotations.push({ type: 'click-to-identified-ms', description: String(Date.now() - started) });
  await expect(panel.getByTestId('caller-number')).toHaveText('+44 20 7946 0018');
});

test('withheld number: "Number withheld", "Not identified", and no identify call', async ({ context, extensionId, useApi }) => {
  const fake = await startFakeApi('http500');
  await useApi(fake.url);
  const page = await context.newPage();
  await page.goto(`${SF_ORIGIN}/lightning/r/VoiceCall/0LQ5g00000A1b2eAAA/view`);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByTestId('caller-number')).toHaveText('Number withheld');
  await expect(panel.locator('[data-outcome]')).toHaveText('Not identified');
  await expect(panel.locator('[data-reason="withheld"]')).toBeVisible();
  expect(fake.hits('/v1/identify')).toBe(0);
  await fake.close();
});

const ERRORS: { mode: FakeMode; text: RegExp }[] = [
  { mode: 'http500', text: /had a problem/ },
  { mode: 'malformed', text: /can't read/ },
  { mode: 'wrong-shape', text: /can't read/ },
  { mode: 'unauthorised', text: /refused our credentials/ },
];
for (const { mode, text } of ERRORS) {
  test(`API answers ${mode}: the panel explains and retry works once the API is back`, async ({ context, extensionId, api, useApi }) => {
    const fake = await startFakeApi(mode);
    await useApi(fake.url);
    const page = await context.newPage();
    await page.goto(ADA_CALL);
    const panel = await panelFrame(page, extensionId);
    await expect(panel.getByRole('alert')).toContainText(text);
    await expect(panel.locator('[data-outcome]')).toHaveText('Not identified');
    await useApi(api.url);
    await panel.getByRole('button', { name: 'Try again' }).click();
    await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
    await fake.close();
  });
}

test('API down: "Can\'t reach the verification service", then retry succeeds', async ({ context, extensionId, api, useApi }) => {
  const fake = await startFakeApi('http500');
  await fake.close(); // nothing listens on that port any more
  await useApi(fake.url);
  const page = await context.newPage();
  await page.goto(ADA_CALL);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByRole('alert')).toContainText("Can't reach the verification service");
  await useApi(api.url);
  await panel.getByRole('button', { name: 'Try again' }).press('Enter');
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
});

test('hostile caller text is shown as text, never as markup', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  const evil = '<img src=x onerror="document.title=1">';
  await page.goto(`${ADA_CALL}?ani=${encodeURIComponent(evil)}`);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.getByTestId('caller-number')).toContainText(evil);
  expect(await panel.locator('img').count()).toBe(0);
});

test('the page cannot remove the panel host', async ({ context, extensionId, useApi: _ }) => {
  const page = await context.newPage();
  await page.goto(ADA_CALL);
  const panel = await panelFrame(page, extensionId);
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  // The host is the last child of <html>; the page removes every foreign element it finds there.
  const reattached = page.waitForEvent('framenavigated', (f) => f.url().includes('/panel.html'));
  await page.evaluate(() => { for (const el of Array.from(document.documentElement.children)) if (el.tagName === 'DIV') el.remove(); });
  await reattached;
  const again = await panelFrame(page, extensionId);
  await expect(again.locator('.status .name')).toHaveText('Ada Lovelace');
  // Restyling the host away is undone too.
  const hostStyle = await page.evaluate(() => {
    const host = Array.from(document.documentElement.children).find((el) => el.tagName === 'DIV') as HTMLElement;
    host.setAttribute('style', 'display:none');
    return new Promise<string>((r) => setTimeout(() => r(getComputedStyle(host).display), 50));
  });
  expect(hostStyle).toBe('block');
});
