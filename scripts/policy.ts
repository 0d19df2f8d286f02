/**
 * Admin CLI for the Caller Verify managed policy (see docs/admin-guide.md):
 *   node scripts/policy.ts validate FILE.json
 *   node scripts/policy.ts render FILE.json --target T [--update-url URL] [--install-url URL]
 *        [--extension-id ID] [--forcelist] [--no-force-install] [--out FILE]
 * Exit codes: 0 ok, 1 invalid policy or unreadable file, 2 bad command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validatePolicy } from '../lib/policy/resolve.ts';
import { regFileBytes } from './policy/windows-reg.ts';
import { renderPolicy, TARGETS, type Target } from './policy/render.ts';

const USAGE = `usage:
  node scripts/policy.ts validate FILE.json
  node scripts/policy.ts render FILE.json --target ${TARGETS.join('|')}
       [--update-url URL] [--install-url URL] [--extension-id ID] [--forcelist] [--no-force-install] [--out FILE]`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}
const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Read and parse a policy file; an error message instead when it cannot. */
function readPolicy(file: string): { policy: Record<string, unknown> } | { error: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    return { error: `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  try {
    const policy = JSON.parse(text) as unknown;
    if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) return { error: `${file}: policy: must be a JSON object` };
    return { policy: policy as Record<string, unknown> };
  } catch (e) {
    return { error: `${file}: not valid JSON (${(e as Error).message})` };
  }
}

/** https, or http on loopback: a test update server; browsers would not be sent anywhere in clear text. */
function isDeployableUrl(url: string): boolean {
  if (/^https:\/\/\S+$/.test(url)) return true;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/** `--name value` flags and positional arguments. */
function parseArgs(args: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) positional.push(a);
    else if (a.includes('=')) flags.set(a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    else if (a === '--no-force-install' || a === '--forcelist') flags.set(a.slice(2), true);
    else flags.set(a.slice(2), args[++i] ?? '');
  }
  return { positional, flags };
}

/** Run the CLI; returns the exit code. */
export function main(argv: string[], io: Io = stdio): number {
  const { positional, flags } = parseArgs(argv);
  const [command, file] = positional;
  if ((command !== 'validate' && command !== 'render') || !file || positional.length > 2) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const read = readPolicy(file);
  if ('error' in read) {
    io.err(`${read.error}\n`);
    return 1;
  }
  const errors = validatePolicy(read.policy);
  if (errors.length > 0) {
    io.err(`${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'}\n${errors.map((e) => `  ${e}\n`).join('')}`);
    return 1;
  }
  if (command === 'validate') {
    const keys = Object.keys(read.policy);
    io.out(`${file}: valid; sets ${keys.length === 0 ? 'nothing (every setting keeps its default)' : keys.join(', ')}\n`);
    return 0;
  }
  const target = flags.get('target');
  if (typeof target !== 'string' || !(TARGETS as readonly string[]).includes(target)) {
    io.err(`--target must be one of ${TARGETS.join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const str = (name: string): string | undefined => (typeof flags.get(name) === 'string' ? (flags.get(name) as string) : undefined);
  const extensionId = str('extension-id');
  if (extensionId !== undefined && !/^[a-p]{32}$/.test(extensionId)) {
    io.err('--extension-id must be 32 letters a-p\n');
    return 2;
  }
  for (const name of ['update-url', 'install-url']) {
    const url = str(name);
    if (url !== undefined && !isDeployableUrl(url)) {
      io.err(`--${name} must be an https:// URL (http:// only on loopback, for tests)\n`);
      return 2;
    }
  }
  if (flags.has('forcelist') && target === 'firefox-policies') {
    io.err('--forcelist is for Chrome and Edge; Firefox force-installs with ExtensionSettings (the default)\n');
    return 2;
  }
  const rendered = renderPolicy(read.policy, {
    target: target as Target,
    updateUrl: str('update-url'),
    installUrl: str('install-url'),
    extensionId,
    forceInstall: !flags.has('no-force-install'),
    forcelist: flags.has('forcelist'),
  });
  for (const w of rendered.warnings) io.err(`warning: ${w}\n`);
  const out = str('out');
  if (out) {
    writeFileSync(out, rendered.encoding === 'utf16le-bom' ? regFileBytes(rendered.text) : rendered.text);
    io.err(`wrote ${out} (install as ${rendered.fileName})\n`);
  } else {
    io.out(rendered.text);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) process.exitCode = main(process.argv.slice(2));
