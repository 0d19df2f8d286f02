/**
 * `npm run package -- --key admin.pem --base-url https://host/path/`: the Chrome/Edge build signed as a
 * CRX3 (npm package crx3, which works offline) plus the update manifest `updates.xml` for self-hosting.
 * Publish both under the base URL and give `<base-url>updates.xml` to the policy CLI (--update-url).
 * Exit codes: 0 ok, 1 build or signing failed, 2 bad command line.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { EXTENSION_ID } from '../lib/manifest-data.ts';

const ROOT = resolve(import.meta.dirname, '..');
const USAGE = `usage: npm run package -- --key FILE.pem --base-url URL [--new-key] [--no-build] [--out-dir DIR]
  --key FILE.pem   private key that signs the CRX (its public key fixes the extension id)
  --new-key        create FILE.pem first (4096-bit RSA; keep it secret, never commit it)
  --base-url URL   where the .crx and updates.xml will be served (https://, or http:// on loopback for tests)
  --no-build       package .output/chrome-mv3 as it is instead of running \`wxt build\`
  --source DIR     package another unpacked build (implies --no-build)
  --out-dir DIR    default .output/crx`;

type Crx3 = (files: string[], options: { keyPath: string; crxPath: string }) => Promise<{ appId: string }>;
// crx3 is CommonJS without type declarations.
const crx3 = createRequire(import.meta.url)('crx3') as Crx3;

/** Chromium extension id of a public key: SHA-256 of its SubjectPublicKeyInfo, first 32 hex digits as a-p. */
export function extensionIdOf(publicKeyDer: Buffer): string {
  return [...createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** True for a base URL Chrome may fetch updates from: https, or http on loopback (tests). */
export function isUsableBaseUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return url.endsWith('/') && (u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)));
  } catch {
    return false;
  }
}

const xml = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The gupdate manifest for one version (crx3 can write one too, but leaves the URL unescaped). */
export function updateManifest(o: { id: string; version: string; crxUrl: string; minChrome?: string }): string {
  const min = o.minChrome ? ` prodversionmin="${xml(o.minChrome)}"` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gupdate xmlns="http://www.google.com/update2/response" protocol="2.0">',
    `  <app appid="${o.id}">`,
    `    <updatecheck codebase="${xml(o.crxUrl)}" version="${xml(o.version)}"${min} />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}

/** `--name value` / `--flag` arguments. */
function parseArgs(args: string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (['--new-key', '--no-build'].includes(a)) flags.set(a.slice(2), true);
    else if (a.startsWith('--') && a.includes('=')) flags.set(a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    else if (a.startsWith('--')) flags.set(a.slice(2), args[++i] ?? '');
    else flags.set(`positional:${a}`, true);
  }
  return flags;
}

/** Run the packager; returns the exit code. */
export async function main(argv: string[], log: (s: string) => void = (s) => process.stdout.write(`${s}\n`), err: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<number> {
  const flags = parseArgs(argv);
  const key = flags.get('key');
  const baseUrl = flags.get('base-url');
  if (typeof key !== 'string' || !key || typeof baseUrl !== 'string' || [...flags.keys()].some((k) => k.startsWith('positional:'))) {
    err(USAGE);
    return 2;
  }
  if (!isUsableBaseUrl(baseUrl)) {
    err(`--base-url must be an https:// URL ending in "/" (http:// only on loopback): ${baseUrl}`);
    return 2;
  }
  const keyPath = resolve(key);
  if (flags.has('new-key')) {
    if (existsSync(keyPath)) {
      err(`${key} already exists: drop --new-key to sign with it.`);
      return 2;
    }
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    log(`• New signing key: ${key} (keep it secret and backed up: every update must be signed with it)`);
  }
  let publicDer: Buffer;
  try {
    publicDer = createPublicKey(createPrivateKey(readFileSync(keyPath))).export({ type: 'spki', format: 'der' });
  } catch (e) {
    err(`${key}: not a readable PEM private key (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Create one with --new-key.`);
    return 2;
  }
  const id = extensionIdOf(publicDer);
  const source = typeof flags.get('source') === 'string' ? resolve(flags.get('source') as string) : join(ROOT, '.output/chrome-mv3');
  try {
    if (!flags.has('no-build') && !flags.has('source')) {
      log('• Building the extension (.output/chrome-mv3)…');
      execFileSync(join(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8')) as { version: string; minimum_chrome_version?: string };
    const outDir = resolve(typeof flags.get('out-dir') === 'string' ? (flags.get('out-dir') as string) : join(ROOT, '.output/crx'));
    mkdirSync(outDir, { recursive: true });
    const crxName = `caller-verify-${manifest.version}.crx`;
    const packed = await crx3([source], { keyPath, crxPath: join(outDir, crxName) });
    if (packed.appId !== id) throw new Error(`crx3 signed as ${packed.appId}, expected ${id}`);
    writeFileSync(join(outDir, 'updates.xml'), updateManifest({ id, version: manifest.version, crxUrl: `${baseUrl}${crxName}`, minChrome: manifest.minimum_chrome_version }));
    log(`• ${join(outDir, crxName)} and ${join(outDir, 'updates.xml')} (version ${manifest.version})`);
    log(`• Extension id: ${id}`);
    log(`• Publish both at ${baseUrl}, then render the policy with --update-url ${baseUrl}updates.xml${id === EXTENSION_ID ? '' : ` --extension-id ${id}`}`);
    if (id !== EXTENSION_ID) err(`warning: this key gives the id ${id}, not ${EXTENSION_ID} (the manifest key's); browsers install it under ${id}.`);
    return 0;
  } catch (e) {
    err(`Packaging failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) process.exitCode = await main(process.argv.slice(2));
