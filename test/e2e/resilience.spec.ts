/** MV3 resilience: the worker stopped between steps, tab reloads, results stored and synced, nothing secret kept. */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { test, expect, panelFrame, callUrl, SF_ORIGIN } from './fixtures.ts';
import { stopWorkers, dumpExtensionStorage } from './worker.ts';
import { startApi } from './api-process.ts';
import { leakedSecrets } from '../secrets.ts';

type Row = { interactionId: string; record: { outcome: string; customerId?: string }; sync: { state: string } };

test('worker stopped at every step: the flow resumes, the result is stored, synced once, and holds no answer', async ({ context, extensionId, api, useApi: _ }) => {
  test.setTimeout(90_000); // the outbox-alarm path below may take 30 s
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
    // A stop that lands while the PUT is in flight leaves it to the outbox alarm armed before the sync (30 s).
  }, { timeout: 45_000 }).toBe('synced');

  const status = await (await fetch(`${api.url}/v1/interactions/${interactionId}`)).json() as { status: string; customerId: string };
  expect(status).toMatchObject({ status: 'verified', customerId: 'C-1001' });

  const everything = JSON.stringify(await dumpExtensionStorage(context, extensionId));
  expect(leakedSecrets(everything, ['10/12/1985', '1985-12-10', '94107'])).toEqual([]);
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

/** A free loopback port (so the API can be restarted at the same URL). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Opt out in the tab's panel frame; again if that frame's document was replaced meanwhile (its first load). */
async function optOutInPanel(page: Page, extensionId: string, interactionId: string): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    const panel = await panelFrame(page, extensionId);
    try {
      return await panel.evaluate(optOutWhenDetected, interactionId);
    } catch (err) {
      if (attempt >= 3 || !/Execution context was destroyed|Frame was detached/.test((err as Error).message)) throw err;
    }
  }
}

/** In the tab's real panel frame (its messages come from this tab): wait until the worker stored the call, opt out as the panel would, return the step. */
async function optOutWhenDetected(interactionId: string): Promise<string | undefined> {
  const chromeApi = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } }; runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome;
  const key = `ix:${interactionId}`;
  for (let n = 0; n < 500 && !(await chromeApi.storage.session.get(key))[key]; n++) await new Promise((r) => setTimeout(r, 10));
  await chromeApi.runtime.sendMessage({ type: 'panel.optOut', interactionId, reason: 'caller_declined' });
  return ((await chromeApi.storage.session.get(key))[key] as { flow?: { step?: { name?: string } } } | undefined)?.flow?.step?.name;
}

test('API down for a burst of 200 finished calls, then back: all 200 arrive, none twice', async ({ context, extensionId, useApi }) => {
  test.setTimeout(150_000);
  const dir = mkdtempSync(join(tmpdir(), 'cv-burst-'));
  const dbFile = join(dir, 'api.sqlite');
  const port = await freePort();
  let api = await startApi([], { dbFile, port });
  try {
    await useApi(api.url);
    await api.stop(); // connection refused from now on
    const ids: string[] = [];
    const started = Date.now();
    // 4 CRM tabs in parallel, 50 calls each, every call finished by an opt-out.
    await Promise.all([0, 1, 2, 3].map(async (tab) => {
      const page = await context.newPage();
      await page.goto(`${SF_ORIGIN}/lightning/page/home`); // no call yet: the 200 below are the only ones
      for (let i = 0; i < 50; i++) {
        const id = `0LQ${tab}${String(i).padStart(3, '0')}${Math.random().toString(36).slice(2, 10).padEnd(8, '0')}AAA`;
        ids.push(id);
        await page.evaluate((path) => (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(path), `/lightning/r/VoiceCall/${id}/view?ani=Anonymous`);
        // The panel page is only reachable through its dynamic URL, so the page cannot frame a driver of its
        // own: the opt-outs come from the tab's real panel frame (one per tab, moved to each call).
        expect(await optOutInPanel(page, extensionId, id), `tab ${tab} call ${i}`).toBe('opted_out');
      }
    }));
    const burstMs = Date.now() - started;

    const rowsOf = async (): Promise<Row[]> =>
      ((((await dumpExtensionStorage(context, extensionId)).idb['caller-verify/results'] ?? []) as Row[]).filter((r) => ids.includes(r.interactionId)));
    const before = await rowsOf();
    expect(before).toHaveLength(200);
    expect(before.filter((r) => r.sync.state === 'synced')).toHaveLength(0);

    await stopWorkers(context, context.pages()[0] as Page); // the outbox alarm has to wake the worker
    api = await startApi([], { dbFile, port }); // back, same address, same database
    const back = Date.now();
    await expect.poll(async () => (await rowsOf()).filter((r) => r.sync.state === 'synced').length, { timeout: 120_000, intervals: [2000] }).toBe(200);
    const drainMs = Date.now() - back;

    const db = new Database(dbFile, { readonly: true });
    const serverRows = db.prepare('SELECT interaction_id AS id, status FROM interactions').all() as { id: string; status: string }[];
    db.close();
    expect(serverRows).toHaveLength(200); // one row per call: no duplicates, nothing extra
    expect(new Set(serverRows.map((r) => r.id))).toEqual(new Set(ids));
    expect(serverRows.every((r) => r.status === 'not_identified')).toBe(true);
    expect(await rowsOf()).toHaveLength(200); // and no duplicate records in the extension
    const figures = `200 calls finished in ${burstMs} ms; all synced ${drainMs} ms after the API came back`;
    test.info().annotations.push({ type: 'figures', description: figures });
    console.log(figures);
  } finally {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
