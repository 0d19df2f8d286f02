/**
 * The CRM guards' share of the content script's cost in bench/detect.ts: the built extension once more, with
 * the policy's guards switched off (agent options `guards.enabled: false`, set before the page loads). With
 * the built-in Salesforce guards on (the other run), the heavy console is a Salesforce host, every guard is
 * held (no caller is verified) and each shadow root gets the mask style, so the difference is the guards'
 * worst case on this page: their capture listeners, a state request per call, and one style per root.
 */
import type { Setup } from './detect-setups.ts';

/** `base` (the built extension's setup) with the guards switched off. */
export function guardsOff(base: Setup, name: string): Setup {
  return {
    ...base,
    name,
    launch: async (args) => {
      const s = await base.launch(args);
      await s.worker?.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ options: { guards: { enabled: false } } }));
      return s;
    },
  };
}

interface Row {
  name: string;
  idlePct: number;
  ownPct: number;
  guardsPct?: number;
  guardsIdlePct?: number;
}

/** The lines comparing the content script's main-thread time with guards on (`on`) and off (`off`). */
export function guardsCostLines(on: Row | undefined, off: Row | undefined, f: (n: number, d?: number) => string): string[] {
  if (!on || !off) return ['guards: no comparison (a run is missing)'];
  const own = on.guardsPct === undefined ? 'their code was not found in the bundle' :
    `idle churn ${f(on.guardsIdlePct ?? NaN, 3)} %, with calls ${f(on.guardsPct, 3)} % of wall time`;
  return [
    `guards' own main-thread time (samples with a guards function on the stack, guards on): ${own}; target ≤ 0.1 %.`,
    `guards added main-thread time (content script, on − off): idle churn ${f(on.idlePct - off.idlePct, 3)} points (${f(on.idlePct, 3)} % vs ${f(off.idlePct, 3)} %), with calls ${f(on.ownPct - off.ownPct, 3)} points (${f(on.ownPct, 3)} % vs ${f(off.ownPct, 3)} %).`,
    '  Both runs sample the same schedule; the difference is within the run-to-run spread when it is of the order of that spread (run twice to see it).',
  ];
}

/** Where the guards' code is in the built content script, as [line, column] positions (0-based, as CDP gives them). */
export interface Region {
  start: [number, number];
  end: [number, number];
}

/** The [line, column] of an offset (a minified bundle still breaks lines inside template literals). */
function position(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return [line, offset - (before.lastIndexOf('\n') + 1)];
}

/**
 * The guards' code in the bundle, found by literals the minifier keeps: it starts with the level order
 * (lib/guards/level.ts) and ends where the session's call.detected builder starts (the next module); the
 * modules in between are lib/guards, the notice and entrypoints/content/guards.ts. Null when not found.
 */
export function guardsRegion(bundle: string): Region | null {
  const start = bundle.indexOf('{none:0,identified:1');
  const next = bundle.indexOf('type:`call.detected`');
  const end = next < 0 ? -1 : bundle.lastIndexOf('function', next);
  if (start < 0 || end <= start) return null;
  return { start: position(bundle, start), end: position(bundle, end) };
}

const before = (a: [number, number], b: [number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

type Frame = { url: string; lineNumber?: number; columnNumber?: number };
type Profile = { nodes: { id: number; callFrame: Frame; children?: number[] }[]; samples?: number[]; timeDeltas?: number[] };

/** Milliseconds of samples with a function of `region` (in `script`) on the stack, with the DOM calls it makes. */
export function regionMs(profile: Profile, script: string, region: Region, capUs = Infinity): number {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inRegion = (f: Frame): boolean => {
    const at: [number, number] = [f.lineNumber ?? -1, f.columnNumber ?? -1];
    return f.url.endsWith(script) && !before(at, region.start) && before(at, region.end);
  };
  const memo = new Map<number, boolean>();
  const hit = (id: number | undefined): boolean => {
    if (id === undefined) return false;
    if (!memo.has(id)) memo.set(id, inRegion((byId.get(id) as { callFrame: Frame }).callFrame) || hit(parent.get(id)));
    return memo.get(id) as boolean;
  };
  let us = 0;
  (profile.samples ?? []).forEach((id, i) => { if (hit(id)) us += Math.min(profile.timeDeltas?.[i + 1] ?? 0, capUs); });
  return us / 1000;
}
