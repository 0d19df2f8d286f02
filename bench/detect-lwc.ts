/**
 * Detection on record pages the real LWC engine renders (`node bench/detect-lwc.ts --help`): the LWC fixture
 * console (test/fixtures/crm/lwc, lwc + lightning-base-components) navigates to a Voice Call (pushState), then
 * renders its record page in a task of its own, as Lightning does. Per call: from the engine's return from
 * inserting the record page (its components rendered, native or synthetic shadow) to our content script handing
 * call.detected to extension messaging. Two builds side by side (--compare), alternating per round; loopback only.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startCrmServer } from '../test/fixtures/crm-server.ts';
import { EXTENSION_DIR } from '../test/e2e/chromium.ts';
import { ensureLwcFixture, lwcFixtureRoute } from '../test/fixtures/crm/lwc/build.ts';
import { sfId, voiceCall, type Form } from '../test/fixtures/crm/lwc/records.ts';
import { contentSends, extensionSetup } from './detect-setups.ts';
import { median, roundOrder } from './detect-rounds.ts';
import { load, pct } from './detect-summary.ts';

const HELP = `node bench/detect-lwc.ts [options]
  --extension DIR    the built extension under test (default .output/chrome-mv3; else built first)
  --compare DIR      another build, run beside it in the same session
  --calls N          calls per page load (default 30; the first, a cold start, is left out)
  --rounds N         page loads per build and case, alternating the builds' order (default 2)
  --delay MS         the console's wait between the route change and rendering the record (default 0)`;
const value = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
if (process.argv.includes('--help')) {
  console.log(HELP);
  process.exit(0);
}
const ROOT = resolve(import.meta.dirname, '..');
const CALLS = Number(value('--calls') ?? 30);
const ROUNDS = Number(value('--rounds') ?? 2);
const DELAY = Number(value('--delay') ?? 0);
const CASES: { shadow: 'native' | 'synthetic'; form: Form }[] = [{ shadow: 'native', form: 'layout' }, { shadow: 'native', form: 'dynamic' }, { shadow: 'synthetic', form: 'layout' }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Win = { lwcFixture: { open(path: string, record: object | null): void }; __rendered: number[] };

/** One page load: CALLS calls; each call's latency in ms (undefined: not reported). */
async function run(dir: string, shadow: string, form: Form, chromiumArgs: string[]): Promise<(number | undefined)[]> {
  const setup = extensionSetup(dir, dir);
  const s = await setup.launch(chromiumArgs);
  try {
    await lwcFixtureRoute(s.page.context());
    await s.page.goto(`https://acme.lightning.force.com/fixtures/lwc/console.html?shadow=${shadow}&delay=${DELAY}`);
    await s.page.waitForFunction(() => 'lwcFixture' in window);
    await sleep(2000);
    await setup.arm(s);
    // The start of each call: when the engine returns from inserting the record page (the console's workspace).
    await s.page.evaluate(() => {
      const w = window as unknown as Win;
      const workspace = document.getElementById('workspace') as HTMLElement;
      const append = workspace.append.bind(workspace);
      w.__rendered = [];
      workspace.append = (...nodes) => {
        append(...nodes);
        if (location.pathname.includes('/VoiceCall/')) w.__rendered.push(performance.timeOrigin + performance.now());
      };
    });
    const ids: string[] = [];
    for (let i = 0; i < CALLS; i++) {
      const id = sfId('0LQ');
      ids.push(id);
      await s.page.evaluate(([path, record]) => (window as unknown as Win).lwcFixture.open(path, record), [`/lightning/r/VoiceCall/${id}/view`, voiceCall('+1 (415) 555-0100', form)] as const);
      await sleep(600);
      await s.page.evaluate(() => (window as unknown as Win).lwcFixture.open('/lightning/page/home', null));
      await sleep(200);
    }
    const starts = await s.page.evaluate(() => (window as unknown as Win).__rendered);
    const sent = await contentSends(s, ids);
    return sent.map((t, i) => (t === undefined || starts[i] === undefined ? undefined : t - (starts[i] as number)));
  } finally {
    await s.close();
  }
}

const extension = resolve(value('--extension') ?? EXTENSION_DIR);
const compare = value('--compare');
const builds = [extension, ...(compare ? [resolve(compare)] : [])];
if (value('--extension') === undefined) execFileSync(resolve(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
await ensureLwcFixture();
const loadAtStart = load();
const crm = await startCrmServer();
const rows: Record<string, string | number>[] = [];
try {
  for (const c of CASES) {
    const rounds = new Map<string, { p50: number[]; p95: number[]; missed: number }>(builds.map((b) => [b, { p50: [], p95: [], missed: 0 }]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const dir of roundOrder(builds, r)) {
        const lat = (await run(dir, c.shadow, c.form, crm.chromiumArgs)).slice(1);
        const got = lat.filter((l): l is number => l !== undefined);
        const acc = rounds.get(dir) as { p50: number[]; p95: number[]; missed: number };
        acc.p50.push(pct(got, 50));
        acc.p95.push(pct(got, 95));
        acc.missed += lat.length - got.length;
        console.log(`${c.shadow}/${c.form} round ${r + 1} (load ${load()}) ${dir}: p50 ${pct(got, 50).toFixed(2)} p95 ${pct(got, 95).toFixed(2)} ms`);
      }
    }
    for (const [dir, acc] of rounds) {
      rows.push({ case: `${c.shadow} shadow, ${c.form}`, build: dir === extension ? 'this build' : 'compared', 'p50 ms': median(acc.p50).toFixed(2), 'p95 ms': median(acc.p95).toFixed(2), missed: acc.missed });
    }
  }
} finally {
  await crm.close();
}
console.log(`\nReal-LWC record pages: record page inserted → call.detected sent (${CALLS - 1} calls per load after the first, ${ROUNDS} load(s) per build; medians of the loads; load ${loadAtStart} → ${load()})`);
console.log(`this build: ${extension}${compare ? `\ncompared: ${resolve(compare)}` : ''}`);
console.table(rows);
