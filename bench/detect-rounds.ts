/**
 * bench/detect.ts options for before/after comparisons on a shared machine: which setups run, the built
 * extension under test, another build to compare it with (run beside it in the same session), and how many
 * rounds (the order alternates between rounds so neither build always runs first; medians are reported).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXTENSION_DIR } from '../test/e2e/chromium.ts';
import { SETUPS, extensionSetup, type Setup } from './detect-setups.ts';
import { guardsOff, guardsRegion, type Region } from './detect-guards.ts';

export const HELP = `node bench/detect.ts [options]
  --calls N          calls per setup (default 20)
  --no-build         use the existing build (default: npx wxt build first)
  --extension DIR    the built extension under test (default .output/chrome-mv3)
  --compare DIR      another built extension (e.g. a worktree's .output/chrome-mv3) run as "(b0)" beside it
  --rounds N         repeat every setup N times, alternating the order; the table shows medians (default 1)
  --setups LIST      which setups, comma-separated, of a,b,c,d,off (default all; off = (b) with guards off)`;

const value = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** The bench's options from argv. */
export function options() {
  const only = value('--setups')?.split(',');
  const extension = resolve(value('--extension') ?? EXTENSION_DIR);
  const compare = value('--compare');
  return {
    calls: Number(value('--calls') ?? 20),
    build: !process.argv.includes('--no-build') && value('--extension') === undefined,
    rounds: Number(value('--rounds') ?? 1),
    extension,
    setups: setupsFor(extension, compare ? resolve(compare) : undefined, only),
  };
}

function setupsFor(extension: string, compare: string | undefined, only: string[] | undefined): Setup[] {
  const ours = extensionSetup('(b) Caller Verify content script', extension);
  const picked: [string, Setup][] = [['a', SETUPS[0] as Setup], ['b', ours], ['c', SETUPS[2] as Setup], ['d', SETUPS[3] as Setup], ['off', guardsOff(ours, '(b) guards off')]];
  if (compare) {
    const old = extensionSetup('(b0) Compared build', compare);
    picked.push(['b', old], ['off', guardsOff(old, '(b0) guards off')]);
  }
  return picked.filter(([k]) => !only || only.includes(k)).map(([, s]) => s);
}

/** The guards' code region in a setup's content script, null when it has none or it is not found. */
export function regionOf(setup: Setup): Region | null {
  if (!setup.extensionDir) return null;
  return guardsRegion(readFileSync(resolve(setup.extensionDir, 'content-scripts/content.js'), 'utf8'));
}

/** Setups in round `i`'s order: as given in even rounds, reversed in odd ones. */
export const roundOrder = <T>(setups: T[], i: number): T[] => (i % 2 === 0 ? setups : [...setups].reverse());

/** The median of the finite values (NaN when none). */
export function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
