/**
 * `node bench/ringing.ts`: is the caller's name on the panel before the agent answers? Each fixture console
 * (bench/ringing-consoles.ts) rings N calls, answers each after a ring time (300 ms, and 1–3 s drawn at
 * random, as a queue offers a call for a few seconds), then ends it. Built extension, reference API on
 * loopback (its access log times each look-up), panel marks as bench/panel.ts records them (bench/panel-probes.ts).
 * Printed per console and ring time: the share of calls whose name was on the panel before the answer,
 * the share identified (API answered) before it, and p50/p95 of each after ring start and after answer
 * (negative: before it). Calls alternate between a running worker and one stopped just before the ring
 * (as Chromium stops an idle MV3 worker between calls), except Genesys, whose open notification channel
 * keeps its worker running. Options: --calls N (per console and ring time), --no-build, --ext-dir DIR
 * (repeat to compare builds, alternated per round), --rounds N, --api-root DIR (the checkout whose reference
 * API serves every build).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { register } from 'node:module';
import type { Frame, Page } from '@playwright/test';
import { EXTENSION_DIR, launchWithExtension } from '../test/e2e/chromium.ts';
import { stopWorkers } from '../test/e2e/worker.ts';
import { startCrmServer, CRM_FIXTURE_HOSTS } from '../test/fixtures/crm-server.ts';
import { recordPanel, startApiAt, type Mark } from './panel-probes.ts';
import { connectConsole, dynamicsConsole, genesysConsole, type Caller, type Console } from './ringing-consoles.ts';

// The Genesys service reuses lib/ code, whose imports leave out the extension (bundler resolution, as Vite
// and Playwright read them); plain node needs `.ts` added to such relative imports.
register(`data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, next) {
  try { return await next(s, c); } catch (e) { if (/^\\.{1,2}\\//.test(s) && !/\\.[cm]?[jt]s$/.test(s)) return next(s + '.ts', c); throw e; }
}`)}`);
const { startGenesysService } = await import('../test/fixtures/genesys-service.ts');

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CALLS = arg('--calls', 16);
const ROUNDS = arg('--rounds', 1);
const DIRS = process.argv.flatMap((a, i) => (a === '--ext-dir' ? [resolve(process.argv[i + 1] as string)] : []));
if (DIRS.length === 0) DIRS.push(EXTENSION_DIR);
const API_ROOT = process.argv.includes('--api-root') ? resolve(process.argv[process.argv.indexOf('--api-root') + 1] as string) : ROOT;
const GC_HOSTS = ['login.mypurecloud.com', 'api.mypurecloud.com', 'streaming.mypurecloud.com'];
const CALLERS: Caller[] = [
  { ani: '+1 757 555 0134', name: 'Katherine Johnson' },
  { ani: '+1 415 555 0100', name: 'Ada Lovelace' },
];
const RINGS: { label: string; ms: () => number }[] = [
  { label: '300 ms', ms: () => 300 },
  { label: '1–3 s', ms: () => 1000 + Math.random() * 2000 },
];

/** One call: when it rang, was answered, its name reached the panel and the API answered identify. */
interface Call { worker: 'running' | 'stopped'; ring: number; answer: number; name: number; identified: number }
type Rows = Map<string, Call[]>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** When a panel in `page` first showed `name` at or after `since` (NaN if not within 10 s). */
async function nameShown(page: Page, extensionId: string, name: string, since: number): Promise<number> {
  for (let i = 0; i < 1000; i++) {
    const frames = page.frames().filter((f: Frame) => !f.isDetached() && f.url().startsWith(`chrome-extension://${extensionId}/panel.html`));
    for (const frame of frames) {
      const marks = await frame.evaluate(() => (window as unknown as { __marks?: Mark[] }).__marks ?? []).catch(() => [] as Mark[]);
      const hit = marks.find((m) => m.what === 'dom' && m.name === name && m.t >= since);
      if (hit && process.env.CV_BENCH_DEBUG) console.log(JSON.stringify(marks.filter((m) => m.t >= since - 50).map((m) => [m.what, m.t - since, m.name ?? ''])));
      if (hit) return hit.t;
    }
    await sleep(10);
  }
  return NaN;
}

/** One browser on one build: every console, every ring time, CALLS calls each; appends to `rows`. */
async function session(dir: string, rows: Rows): Promise<void> {
  const crm = await startCrmServer();
  const genesys = await startGenesysService();
  const api = await startApiAt(API_ROOT);
  const rules = [...GC_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${genesys.port}`), ...CRM_FIXTURE_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${crm.port}`)];
  const { context, worker, extensionId } = await launchWithExtension({ extensionDir: dir, extraArgs: [`--host-resolver-rules=${rules.join(', ')}`, '--ignore-certificate-errors'] });
  try {
    await context.addInitScript(recordPanel);
    const options = { apiBaseUrl: api.url, genesys: { region: 'mypurecloud.com', clientId: 'genesys-e2e-client' } };
    await worker.evaluate((o) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: o }), options);
    await sleep(5000); // the worker's first policy read, before the first call (as in bench/panel.ts)
    // Genesys first: stopping the worker for the other consoles' calls would close its channel.
    for (const con of [genesysConsole(genesys), connectConsole(), dynamicsConsole()] satisfies Console[]) {
      for (const ring of RINGS) {
        const page = await con.open(context);
        const calls: { id: string; call: Call }[] = [];
        for (let n = 0; n < CALLS; n++) {
          const stopped = con.name.startsWith('Genesys') ? false : n % 2 === 1;
          if (stopped) {
            await stopWorkers(context, page);
            await sleep(200);
          }
          const who = CALLERS[n % CALLERS.length] as Caller;
          const id = randomUUID();
          const t0 = await con.ring(id, who);
          await sleep(Math.max(0, t0 + ring.ms() - Date.now()));
          const tA = await con.answer(id, who);
          const name = await nameShown(page, extensionId, who.name, t0);
          // Calls follow one another: this call's look-up is the first the API logged since its ring.
          const identified = (await api.log.first('POST', '/v1/identify', t0))?.answered ?? NaN;
          calls.push({ id, call: { worker: stopped ? 'stopped' : 'running', ring: t0, answer: tA, name, identified } });
          await con.end(id, who);
          await sleep(400);
        }
        await page.close();
        const key = `${dir}|${con.name}|${ring.label}`;
        rows.set(key, [...(rows.get(key) ?? []), ...calls.map((c) => c.call)]);
      }
    }
  } finally {
    await context.close();
    await api.stop();
    await genesys.close();
    await crm.close();
  }
}

const f = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : '–');
const share = (xs: boolean[]): string => (xs.length ? `${((100 * xs.filter(Boolean).length) / xs.length).toFixed(0)} % (${xs.filter(Boolean).length}/${xs.length})` : '');

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) execFileSync(resolve(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const rows: Rows = new Map();
  const load = [loadavg()[0] as number];
  for (let round = 0; round < ROUNDS; round++) {
    for (const dir of DIRS) await session(dir, rows);
    load.push(loadavg()[0] as number);
  }
  console.log(`\nRing → name on the panel, ${CALLS} calls per console and ring time × ${ROUNDS} rounds; ms after ring start / after answer (negative: before answer)`);
  console.log(`load average (1 min) at start and after each round: ${load.map((l) => l.toFixed(2)).join(', ')}\n`);
  const table = [...rows.entries()].flatMap(([key, calls]) => {
    const [dir, con, ring] = key.split('|') as [string, string, string];
    const groups = [calls, ...(['running', 'stopped'] as const).map((w) => calls.filter((c) => c.worker === w)).filter((g) => g.length && g.length < calls.length)];
    return groups.map((g, i) => ({
      build: DIRS.length > 1 ? dir.replace(/\/\.output\/chrome-mv3$/, '') : undefined,
      console: con, ring, worker: i === 0 ? 'all' : (g[0] as Call).worker, n: g.length,
      'name before answer': share(g.map((c) => c.name < c.answer)),
      'identified before answer': share(g.map((c) => c.identified < c.answer)),
      'name−ring p50': f(pct(g.map((c) => c.name - c.ring), 50)), 'name−ring p95': f(pct(g.map((c) => c.name - c.ring), 95)),
      'name−answer p50': f(pct(g.map((c) => c.name - c.answer), 50)), 'name−answer p95': f(pct(g.map((c) => c.name - c.answer), 95)),
      'identified−ring p50': f(pct(g.map((c) => c.identified - c.ring), 50)), 'identified−ring p95': f(pct(g.map((c) => c.identified - c.ring), 95)),
      missed: g.filter((c) => !Number.isFinite(c.name)).length,
    }));
  });
  console.table(table.map(({ build, ...r }) => (build ? { build, ...r } : r)));
  console.log('name: the panel DOM shows the caller\'s name; identified: the API answered identify (its access log); missed: no name within 10 s of the ring.');
  console.log('Dynamics 365 signals no ringing the extension can read (no public markup shows the caller in the incoming notification): it identifies from Accept on, so its share before answer is 0 by design.');
  console.log('Salesforce and Zendesk are not rung here: no public markup of theirs shows a ringing call; they identify from the accepted call\'s view (bench/panel.ts).');
}

await main();
