/**
 * A fixture page skeleton from a console capture (the JSON the options page's "Capture this console" saves):
 *   node scripts/capture-to-fixture.ts CAPTURE.json [--frame N] [--out FILE.html]
 * Frame N (1 = the top frame, the default) as HTML with declarative shadow roots; text and digits are
 * stand-ins (lib/capture/fixture.ts). Exit codes: 0 written, 1 unreadable or not a capture, 2 bad command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { captureToFixture } from '../lib/capture/fixture.ts';
import { isCapture } from '../lib/capture/summary.ts';

const USAGE = 'usage: node scripts/capture-to-fixture.ts CAPTURE.json [--frame N] [--out FILE.html]';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}
const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Run the CLI; returns the exit code. */
export function main(argv: string[], io: Io = stdio): number {
  const positional = argv.filter((a, i) => !a.startsWith('--') && !['--frame', '--out'].includes(argv[i - 1] ?? ''));
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const frame = Number(flag('frame') ?? '1');
  if (positional.length !== 1 || !Number.isInteger(frame) || frame < 1) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const file = positional[0] as string;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    io.err(`${file}: cannot read a JSON capture (${(e as Error).message})\n`);
    return 1;
  }
  if (!isCapture(raw)) {
    io.err(`${file}: not a Caller Verify console capture (format "caller-verify-capture", version 1)\n`);
    return 1;
  }
  let html: string;
  try {
    html = captureToFixture(raw, frame - 1);
  } catch (e) {
    io.err(`${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const out = flag('out');
  if (out) {
    writeFileSync(out, html);
    io.err(`wrote ${out}\n`);
  } else {
    io.out(html);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) process.exitCode = main(process.argv.slice(2));
