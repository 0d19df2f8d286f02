/** MV3 resilience: the worker stopped between steps, tab reloads, results stored and synced, nothing secret kept. */
import { test, expect, panelFrame, callUrl } from './fixtures.ts';
import { stopWorkers, dumpExtensionStorage } from './worker.ts';

type Row = { interactionId: string; record: { outcome: string; customerId?: string }; sync: { state: string } };

test('worker stopped at every step: the flow resumes, the result is stored, synced once, and holds no answer', async ({ context, extensionId, api, useApi: _ }) => {
  const url = callUrl('+1 (415) 555-0100');
  const interactionId = /VoiceCall\/(\w+)\//.exec(url)?.[1] as string;
  const page = await context.newPage();
  await stopWorkers(context, page); // before the call: call.detected must wake it
  await page.goto(url);
  let panel = await panelFrame(page, extensionId);
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  await stopWorkers(context, page);
  await page.reload(); // tab reload: same interaction, same step, nothing asked twice
  panel = await panelFrame(page, extensionId);
  await expect(panel.getByLabel('Date of birth')).toBeVisible();
  await expect(panel.locator('.status .name')).toHaveText('Ada Lovelace');
  await stopWorkers(context, page);
  await panel.getByLabel('Date of birth').fill('10/12/1985');
  await panel.getByLabel('Postcode').fill('94107');
  await panel.getByRole('button', { name: 'Check answers' }).click();
  await expect(panel.locator('[data-outcome]')).toHaveText('Verified');
  await stopWorkers(context, page);

  await expect.poll(async () => {
    const dump = await dumpExtensionStorage(context, extensionId);
    const rows = (dump.idb['caller-verify/results'] ?? []) as Row[];
    return rows.find((r) => r.interactionId === interactionId)?.sync.state;
  }, { timeout: 15_000 }).toBe('synced');

  const status = await (await fetch(`${api.url}/v1/interactions/${interactionId}`)).json() as { status: string; customerId: string };
  expect(status).toMatchObject({ status: 'verified', customerId: 'C-1001' });

  const everything = JSON.stringify(await dumpExtensionStorage(context, extensionId));
  for (const secret of ['10/12/1985', '1985-12-10', '94107']) expect(everything).not.toContain(secret);
});

test('API down while calls finish: every result arrives once it is back', async ({ context, extensionId, api, useApi }) => {
  test.setTimeout(120_000);
  await useApi('http://127.0.0.1:9'); // nothing listens on the discard port
  const ids: string[] = [];
  const page = await context.newPage();
  for (let i = 0; i < 12; i++) {
    const url = callUrl('Anonymous');
    ids.push(/VoiceCall\/(\w+)\//.exec(url)?.[1] as string);
    await page.goto(url);
    const panel = await panelFrame(page, extensionId);
    await panel.getByRole('button', { name: 'Caller opts out of verification' }).click();
    await panel.getByRole('button', { name: 'Continue unauthenticated' }).click();
    await expect(panel.locator('.notice')).toContainText('continues unauthenticated');
  }
  let dump = await dumpExtensionStorage(context, extensionId);
  const pending = ((dump.idb['caller-verify/results'] ?? []) as Row[]).filter((r) => ids.includes(r.interactionId));
  expect(pending.map((r) => r.sync.state)).toEqual(ids.map(() => 'pending'));
  await useApi(api.url);
  await expect.poll(async () => {
    dump = await dumpExtensionStorage(context, extensionId);
    return ((dump.idb['caller-verify/results'] ?? []) as Row[]).filter((r) => ids.includes(r.interactionId) && r.sync.state === 'synced').length;
  }, { timeout: 90_000, intervals: [2000] }).toBe(ids.length);
  for (const id of ids) {
    const res = await fetch(`${api.url}/v1/interactions/${id}`);
    expect(res.status).toBe(200);
  }
});
