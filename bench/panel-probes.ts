/**
 * What bench/panel.ts records along a call's way, each as Date.now() (the one clock the page, the panel, the
 * worker and this process share; each process's performance.timeOrigin drifts from it):
 * - in the content script's world and a running worker (MESSAGE_HOOK): call.detected sent and received, and when
 *   the worker called fetch for the identify;
 * - in the panel frame (an init script): each state message the panel got (port push, runtime message or a
 *   reply), with the worker's own stamps of the call's first write (startedAt) and of the write that named the
 *   customer (updatedAt); the panel's DOM and the next frame. (The name's write was read from storage.onChanged
 *   in the panel before: that sent every write of the call to the panel's main thread while it was measured.)
 * - the API's own access log: when each identify and prior check arrived and was answered.
 * None of it depends on how the build under test moves state, so two builds are measured alike.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** One recorded moment in the panel frame. */
export interface Mark { t: number; what: string; ix: string; name?: string; number?: string }

/** Runs in every frame; only in our panel page does it record (window.__marks). */
export function recordPanel(): void {
  if (location.protocol !== 'chrome-extension:' || !location.pathname.endsWith('/panel.html')) return;
  type Ix = { id?: string; startedAt?: number; updatedAt?: number; pendingSince?: number; lookAhead?: { displayName?: string }; flow?: { step?: { name?: string }; customer?: { displayName?: string } } };
  const marks: Mark[] = [];
  (window as unknown as { __marks: Mark[] }).__marks = marks;
  const now = (): number => Date.now();
  const mark = (what: string, ix: string, more: Partial<Mark> = {}): void => void marks.push({ t: now(), what, ix, ...more });
  // A build may name the customer its look-up found before the flow does (lookAhead, while the prior check runs).
  const nameOf = (ix: Ix | undefined): string => ix?.flow?.customer?.displayName ?? ix?.lookAhead?.displayName ?? '';
  // A state message in any shape a build uses: { interaction }, { state: { interaction } } or a list.
  const got = (msg: unknown): void => {
    const m = msg as { interaction?: Ix; state?: { interaction?: Ix }; interactions?: Ix[] } | null;
    for (const ix of [m?.interaction, m?.state?.interaction, ...(m?.interactions ?? [])]) {
      if (!ix?.id) continue;
      mark('got', ix.id, { name: nameOf(ix) });
      // The state's write, as the worker stamped it (updatedAt, taken as the write is made).
      if (nameOf(ix) && typeof ix.updatedAt === 'number') marks.push({ t: ix.updatedAt, what: 'stored', ix: ix.id, name: nameOf(ix) });
      // Its first write, as the worker stamped it (startedAt is taken as the new interaction is written).
      if (typeof ix.startedAt === 'number') marks.push({ t: ix.startedAt, what: 'written', ix: ix.id });
    }
  };
  const chromeApi = (globalThis as unknown as { chrome: { runtime: Record<string, unknown> } }).chrome;
  const rt = chromeApi.runtime;
  const connect = (rt.connect as (...a: unknown[]) => { onMessage: { addListener(fn: (m: unknown) => void): void } }).bind(rt);
  rt.connect = (...a: unknown[]) => {
    const port = connect(...a);
    port.onMessage.addListener(got);
    return port;
  };
  const sendMessage = (rt.sendMessage as (...a: unknown[]) => unknown).bind(rt);
  rt.sendMessage = (...a: unknown[]) => {
    const cb = a.at(-1);
    if (typeof cb === 'function') return sendMessage(...a.slice(0, -1), (r: unknown) => { got(r); (cb as (r: unknown) => void)(r); });
    const out = sendMessage(...a) as Promise<unknown> | undefined;
    void out?.then(got, () => undefined);
    return out;
  };
  (rt.onMessage as { addListener(fn: (m: unknown) => void): void }).addListener(got);
  let last = '';
  const check = (): void => {
    const ix = new URLSearchParams(location.hash.slice(1)).get('ix') ?? '';
    const number = document.querySelector('[data-testid="caller-number"]')?.textContent ?? '';
    const name = document.querySelector('.status .name')?.textContent ?? '';
    const key = `${ix}|${number}|${name}`;
    if (key === last) return;
    last = key;
    mark('dom', ix, { number, name });
    requestAnimationFrame(() => mark('frame', ix, { number, name }));
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}

/** Source of a hook for a context of ours (content script world, worker): `__cvSent` / `__cvGot` list when each call.detected was sent / received, `__cvFetch` when the worker called fetch for its identify. */
export const MESSAGE_HOOK = `(() => {
  if (globalThis.__cvHooked) return;
  globalThis.__cvHooked = true;
  const now = () => Date.now();
  const rt = chrome.runtime;
  globalThis.__cvSent = [];
  globalThis.__cvGot = [];
  const send = rt.sendMessage.bind(rt);
  rt.sendMessage = (...a) => {
    if (a[0] && a[0].type === 'call.detected') globalThis.__cvSent.push({ t: now(), ix: a[0].interactionId });
    return send(...a);
  };
  if (typeof document === 'undefined') rt.onMessage.addListener((m) => { if (m && m.type === 'call.detected') globalThis.__cvGot.push({ t: now(), ix: m.interactionId }); });
  // In the worker: when it called fetch for each identify (the client looks the global up at every call).
  globalThis.__cvFetch = [];
  const fetchNow = globalThis.fetch;
  if (typeof document === 'undefined') globalThis.fetch = (input, init) => {
    const id = /"interactionId":"([^"]+)"/.exec(typeof init?.body === 'string' ? init.body : '')?.[1];
    if (id && String(input).endsWith('/v1/identify')) globalThis.__cvFetch.push({ t: now(), ix: id });
    return fetchNow(input, init);
  };
})()`;

/** One line of the API's access log: the request's path as logged (digits masked), when it arrived and was answered (epoch ms). */
export interface ApiRequest { method: string; url: string; arrived: number; answered: number }

/** The API's access log as it is written, with the first request matching a method and logged path after a moment. */
export interface ApiLog {
  requests: ApiRequest[];
  /**
   * The first `method` request to `path` (as the API logs it: digits masked) that arrived at or after `since`;
   * waits up to 2 s for its line (the API writes its log in batches).
   */
  first(method: string, path: string, since: number): Promise<ApiRequest | undefined>;
}

/**
 * The reference API of the checkout at `root` on a free loopback port and a temporary SQLite file (seeded
 * with the demo customers). `--api-root` keeps the API fixed while builds of the extension are compared.
 * Its timings come from its own access log (stderr): each line is stamped when the answer was sent and
 * carries the time the request took, so nothing sits between the browser and the API. A timing proxy did,
 * and that extra process on the path cost every measured request a hop (and more while the browser was busy).
 */
export async function startApiAt(root: string, extraArgs: readonly string[] = []): Promise<{ url: string; log: ApiLog; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cv-bench-api-'));
  const child = spawn(process.execPath, [resolve(root, 'server/main.ts'), '--port', '0', '--db', join(dir, 'api.sqlite'), ...extraArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const requests: ApiRequest[] = [];
  let partial = '';
  child.stderr.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const e = (() => { try { return JSON.parse(line) as { msg?: string; time?: number; responseTime?: number; req?: { method?: string; url?: string } }; } catch { return null; } })();
      if (e?.msg !== 'request completed' || typeof e.time !== 'number' || typeof e.responseTime !== 'number') {
        if (out.length < 20_000) out += `${line}\n`;
        continue;
      }
      requests.push({ method: e.req?.method ?? '', url: e.req?.url ?? '', arrived: e.time - e.responseTime, answered: e.time });
    }
  });
  const url = await new Promise<string>((ok, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1] as string);
    });
    child.once('exit', (code) => fail(new Error(`API exited with ${code}:\n${out}`)));
  });
  const log: ApiLog = {
    requests,
    first: async (method, path, since) => {
      for (let waited = 0; ; waited += 20) {
        const hit = requests.find((r) => r.method === method && r.url === path && r.arrived >= since);
        if (hit || waited >= 2000) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
  return {
    url,
    log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The API's first requests compile its code (the very first identify took up to ~450 ms), and each bench
 * session starts a fresh API: 300 unmeasured prior checks and 5 look-ups first (prior checks count toward no
 * look-up budget; 5 leave the per-customer and hourly ones to the calls measured after them), so a tab's first
 * call times the extension (its panel frame loading), not the API's start.
 */
export async function warmApi(url: string, e164s: readonly string[]): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const id = `warm${String(i).padStart(4, '0')}AAAAAAAAAA`;
    const e164 = e164s[i % e164s.length] as string;
    await fetch(`${url}/v1/interactions/${id}?ani=${encodeURIComponent(e164)}`).then((r) => r.arrayBuffer());
    if (i % 60 === 0) {
      const body = JSON.stringify({ interactionId: id, method: 'ani', value: e164 });
      await fetch(`${url}/v1/identify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.arrayBuffer());
    }
  }
}

