/**
 * `node bench/panel.ts`: what the agent waits for. From the moment a call view appears in the CRM page
 * to the caller's number, then the identified customer's name, in the panel. Built extension, reference
 * API on loopback, Salesforce fixture console at its real host name. The first call of a tab loads the
 * panel iframe (cold); later calls reuse it, every other one with the worker stopped just before (CDP
 * ServiceWorker.stopAllWorkers, as Chromium stops an idle MV3 worker). Each row breaks the wait down
 * (bench/panel-probes.ts). Options: --tabs N, --calls N (per tab), --no-build, --api-cors (the API reached
 * through CORS, as a business API host is), --ext-dir DIR (repeat it
 * to compare builds, e.g. an older checkout's .output/chrome-mv3), --rounds N (builds alternate each round),
 * --api-root DIR (the checkout whose reference API serves every build).
 */
import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import type { BrowserContext, CDPSession, Frame, Page } from '@playwright/test';
import { EXTENSION_DIR, launchWithExtension } from '../test/e2e/chromium.ts';
import { stopWorkers } from '../test/e2e/worker.ts';
import { startCrmServer } from '../test/fixtures/crm-server.ts';
import { loggedUrl } from '../server/http/logging.ts';
import { MESSAGE_HOOK, recordPanel, startApiAt, warmApi, type Mark } from './panel-probes.ts';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TABS = arg('--tabs', 4);
const CALLS = arg('--calls', 7);
const ROUNDS = arg('--rounds', 1);
const DIRS = process.argv.flatMap((a, i) => (a === '--ext-dir' ? [resolve(process.argv[i + 1] as string)] : []));
if (DIRS.length === 0) DIRS.push(EXTENSION_DIR);
const API_ROOT = process.argv.includes('--api-root') ? resolve(process.argv[process.argv.indexOf('--api-root') + 1] as string) : ROOT;
// --api-cors: the API at an HTTPS host name no host permission covers, so the worker reaches it as it reaches
// a business's own API: through CORS, with a preflight for each URL not seen lately (every prior check's).
const API_CORS_HOST = process.argv.includes('--api-cors') ? 'api.verify.test' : undefined;
const SF_ORIGIN = 'https://acme.lightning.force.com';
// Alternating callers, so each call changes what the panel shows.
const CALLERS = [
  { ani: '+1 (415) 555-0100', number: '+1 415 555 0100', name: 'Ada Lovelace' },
  { ani: '+44 20 7946 0018', number: '+44 20 7946 0018', name: 'Grace Hopper' },
];
type Kind = 'cold' | 'warm' | 'stopped';
/** Stages after the call view appeared (ms); NaN where a stage was not seen (cold calls load the panel first). */
type Stage = 'detected' | 'received' | 'written' | 'fetched' | 'idSent' | 'idAnswered' | 'priorAnswered' | 'stored' | 'got' | 'number' | 'name' | 'frame';
type Call = Record<Stage, number> & { preflights: number };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** The panel frames of `page` (one with a reused iframe; a fresh host per call briefly has two). */
const panels = (page: Page, extensionId: string): Frame[] =>
  page.frames().filter((x) => !x.isDetached() && x.url().startsWith(`chrome-extension://${extensionId}/panel.html`));

/** Wait until a panel has shown `want` for interaction `ix`; returns its marks for that interaction. */
async function shown(page: Page, extensionId: string, ix: string, want: (typeof CALLERS)[number], t0: number): Promise<Mark[]> {
  // The panel's DOM is matched by what it shows (a build may switch calls before its fragment names the new
  // one); callers alternate, so the number and the name tell this call from the one before.
  const mine = ([id, since]: [string, number]): Mark[] => ((window as unknown as { __marks?: Mark[] }).__marks ?? [])
    .filter((m) => m.ix === id || ((m.what === 'dom' || m.what === 'frame') && m.t >= since));
  const done = ([id, since, name]: [string, number, string]): boolean => ((window as unknown as { __marks?: Mark[] }).__marks ?? [])
    .some((m) => m.what === 'frame' && m.name === name && (m.ix === id || m.t >= since));
  for (let i = 0; i < 1000; i++) {
    // The marks carry their own times: each look costs the panel's main thread a task (a look that copied every
    // mark took 5-7 ms of it, inside the window measured), so it looks every 50 ms, answers yes or no, and
    // only then copies this call's marks.
    await sleep(50);
    for (const frame of panels(page, extensionId)) {
      // The frame may still be navigating to panel.html (its context replaced): look again on the next turn.
      if (await frame.evaluate(done, [ix, t0, want.name] as [string, number, string]).catch(() => false)) {
        return frame.evaluate(mine, [ix, t0] as [string, number]);
      }
    }
  }
  throw new Error(`panel did not show ${want.name} for ${ix} within 50 s`);
}

/**
 * The content script's world in the page's top frame, hooked to note when call.detected goes out (CDP: the
 * isolated world is not reachable from Playwright's page API). Read with `sentAt`.
 */
async function hookContentScript(page: Page, context: BrowserContext): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  const worlds: number[] = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: { id: number; auxData?: { type?: string; isDefault?: boolean } } }) => {
    if (e.context.auxData?.type === 'isolated') worlds.push(e.context.id);
  });
  await cdp.send('Runtime.enable');
  for (let i = 0; i < 100 && worlds.length === 0; i++) await sleep(20);
  for (const id of worlds) await cdp.send('Runtime.evaluate', { expression: MESSAGE_HOOK, contextId: id }).catch(() => undefined);
  (cdp as unknown as { worlds: number[] }).worlds = worlds;
  return cdp;
}

/** When the hooked context sent (`__cvSent`) or got (`__cvGot`) call.detected for `ix`. */
async function hookedAt(evaluate: (expr: string) => Promise<unknown>, list: '__cvSent' | '__cvGot' | '__cvFetch', ix: string): Promise<number> {
  const t = await evaluate(`(globalThis.${list} || []).find((m) => m.ix === ${JSON.stringify(ix)})?.t ?? null`).catch(() => null);
  return typeof t === 'number' ? t : NaN;
}

/**
 * The HTTPS front of --api-cors in a process of its own, like the API: in this one, the bench's own work
 * (Playwright, polling the panels) would delay the requests it passes on.
 */
async function startFrontProcess(host: string, apiPort: number): Promise<{ port: number; kill(): void }> {
  const src = `import(${JSON.stringify(resolve(ROOT, 'test/firefox/tls-front.ts'))}).then((m) => m.startTlsFront(${JSON.stringify(host)}, ${apiPort})).then((f) => console.log('front ' + f.port))`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', src], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); const m = /front (\d+)/.exec(out); if (m) ok(Number(m[1])); });
    child.once('exit', (code) => fail(new Error(`TLS front exited with ${code}`)));
  });
  return { port, kill: () => void child.kill() };
}

/** One browser session on one build: TABS tabs × CALLS calls; appends each call's stages to `into`. */
async function session(dir: string, into: Record<Kind, Call[]>): Promise<void> {
  const crm = await startCrmServer();
  const api = await startApiAt(API_ROOT, API_CORS_HOST ? ['--public-host', API_CORS_HOST] : []);
  await warmApi(api.url, ['+14155550100', '+442079460018']);
  const front = API_CORS_HOST ? await startFrontProcess(API_CORS_HOST, Number(new URL(api.url).port)) : undefined;
  // One --host-resolver-rules flag counts (the last): the API's host name joins the CRM's.
  const args = crm.chromiumArgs.map((a) => (front && a.startsWith('--host-resolver-rules=') ? `${a}, MAP ${API_CORS_HOST} 127.0.0.1:${front.port}` : a));
  const { context, worker, extensionId } = await launchWithExtension({ extraArgs: args, extensionDir: dir });
  try {
    await context.addInitScript(recordPanel);
    const apiBaseUrl = front ? `https://${API_CORS_HOST}` : api.url;
    await worker.evaluate((url) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: { apiBaseUrl: url } }), apiBaseUrl);
    // An agent's browser is open before the first call: give the worker the time to read the policy once
    // (the first storage.managed read takes about 3 s in Chromium) before the clock runs.
    await sleep(5000);
    for (let tab = 0; tab < TABS; tab++) {
      const page = await context.newPage();
      await page.goto(`${SF_ORIGIN}/lightning/page/home`);
      const cdp = await hookContentScript(page, context);
      const inWorld = async (expr: string): Promise<unknown> => {
        for (const contextId of (cdp as unknown as { worlds: number[] }).worlds) {
          const r = (await cdp.send('Runtime.evaluate', { expression: expr, contextId, returnByValue: true }).catch(() => null)) as { result?: { value?: unknown } } | null;
          if (typeof r?.result?.value === 'number') return r.result.value;
        }
        return null;
      };
      for (let call = 0; call < CALLS; call++) {
        const kind: Kind = call === 0 ? 'cold' : call % 2 === 1 ? 'stopped' : 'warm';
        if (kind === 'stopped') {
          await stopWorkers(context, page);
          await sleep(200);
        }
        // A running worker is hooked to note when call.detected arrives (a stopped one starts without the hook).
        const running = kind === 'stopped' ? undefined : context.serviceWorkers().find((w) => w.url().includes(extensionId));
        await running?.evaluate(MESSAGE_HOOK).catch(() => undefined);
        const who = CALLERS[(tab + call) % CALLERS.length] as (typeof CALLERS)[number];
        const ix = `0LQ${String(tab).padStart(2, '0')}${String(call).padStart(3, '0')}${Math.random().toString(36).slice(2, 9).padEnd(7, '0')}AAA`;
        // The fixture console renders the record a little later, as Lightning does: the clock starts when
        // the record page (the call view) is in the DOM.
        const t0 = await page.evaluate(([path, id]) => new Promise<number>((done) => {
          const mo = new MutationObserver(() => {
            if (!document.querySelector(`[data-record-id="${id}"]`)) return;
            mo.disconnect();
            done(Date.now());
          });
          mo.observe(document, { childList: true, subtree: true });
          (window as unknown as { fixture: { navigate(p: string): void } }).fixture.navigate(path as string);
        }), [`/lightning/r/VoiceCall/${ix}/view?ani=${encodeURIComponent(who.ani)}`, ix]);
        const marks = await shown(page, extensionId, ix, who, t0);
        const at = (what: string, ok: (m: Mark) => boolean = () => true): number => (marks.find((m) => m.what === what && ok(m))?.t ?? NaN) - t0;
        // Each call makes one look-up by number, after its call view: the first the API logged since then.
        const look = await api.log.first('POST', '/v1/identify', t0);
        const prior = await api.log.first('GET', loggedUrl(`/v1/interactions/${ix}`), t0);
        if (process.env.CV_BENCH_DEBUG) console.log(kind, JSON.stringify(marks.map((m) => [m.what, m.t - t0, m.name ?? ''])), 'identify', look && [look.arrived - t0, look.answered - t0], 'prior', prior && [prior.arrived - t0, prior.answered - t0]);
        into[kind].push({
          detected: (await hookedAt(inWorld, '__cvSent', ix)) - t0,
          received: (running ? await hookedAt((e) => running.evaluate(e), '__cvGot', ix) : NaN) - t0, written: at('written'),
          fetched: (running ? await hookedAt((e) => running.evaluate(e), '__cvFetch', ix) : NaN) - t0,
          idSent: (look?.arrived ?? NaN) - t0, idAnswered: (look?.answered ?? NaN) - t0, priorAnswered: (prior?.answered ?? NaN) - t0, stored: at('stored'),
          got: at('got', (m) => m.name === who.name), number: at('dom', (m) => m.number === who.number),
          name: at('dom', (m) => m.name === who.name), frame: at('frame', (m) => m.name === who.name),
          // CORS preflights the API answered between the call view and the name (--api-cors).
          preflights: api.log.requests.filter((r) => r.method === 'OPTIONS' && r.arrived >= t0 && r.arrived <= t0 + at('dom', (m) => m.name === who.name)).length,
        });
        await sleep(400);
      }
      await cdp.detach().catch(() => undefined);
      await page.close();
    }
  } finally {
    await context.close();
    await api.stop();
    front?.kill();
    await crm.close();
  }
}

const f = (n: number): string => (Number.isNaN(n) ? '' : n.toFixed(0));

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) execFileSync(resolve(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const results = DIRS.map(() => ({ cold: [], warm: [], stopped: [] }) as Record<Kind, Call[]>);
  const load = [loadavg()[0] as number];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, dir] of DIRS.entries()) await session(dir, results[i] as Record<Kind, Call[]>);
    load.push(loadavg()[0] as number);
  }
  console.log(`\nCall view in the CRM page → name on the panel, ${TABS} tabs × ${CALLS} calls × ${ROUNDS} rounds, ms after the call view (p50 unless marked)`);
  console.log(`load average (1 min) at start and after each round: ${load.map((l) => l.toFixed(2)).join(', ')}\n`);
  const label = (dir: string): string => (DIRS.length > 1 ? `${dir.replace(/\/\.output\/chrome-mv3$/, '')} ` : '');
  const rows = DIRS.flatMap((dir, i) => (['warm', 'stopped', 'cold'] as const).map((kind) => {
    const xs = (results[i] as Record<Kind, Call[]>)[kind];
    const col = (s: Stage): string => f(pct(xs.map((c) => c[s]), 50));
    return {
      calls: `${label(dir)}${kind}`, n: xs.length,
      'name p50': col('name'), 'name p95': f(pct(xs.map((c) => c.name), 95)),
      detected: col('detected'), 'worker got it': col('received'), 'state written': col('written'), 'identify fetch()': col('fetched'),
      'API sent': col('idSent'), 'API answered': col('idAnswered'), 'prior answered': col('priorAnswered'), 'name stored': col('stored'),
      'panel got name': col('got'), number: col('number'), 'name frame': col('frame'),
      ...(API_CORS_HOST ? { 'preflights/call': (xs.reduce((n, c) => n + c.preflights, 0) / Math.max(1, xs.length)).toFixed(1) } : {}),
    };
  }));
  console.table(rows);
  console.log('warm: the worker running; stopped: stopped just before the call; cold: first call of a tab (panel iframe loads; no breakdown).');
  console.log('detected: call.detected sent by the content script; worker got it: its listener ran (warm only); state written: first storage.session write; identify fetch(): the worker called fetch for it (warm only); API sent/answered: identify as the API access log stamps it (arrived, answered; the gap after fetch() is the browser network stack); prior answered: the prior check beside it (the name waits for both); name stored: the state with the name written; panel got name: a state message with it reached the panel; number / name: the panel DOM shows them; name frame: the next animation frame (paint follows).');
}

await main();
