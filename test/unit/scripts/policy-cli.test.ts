/** scripts/policy.ts: validate and render for every target; outputs are parsed back and compared. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/policy.ts';
import { PLACEHOLDER_UPDATE_URL } from '../../../scripts/policy/render.ts';
import { EXTENSION_ID, GECKO_ID } from '../../../lib/manifest-data.ts';
import { chromeManagedSchema } from '../../../lib/policy/chrome-schema.ts';
import { parsePlist, parseReg } from './policy-formats.ts';

const dir = mkdtempSync(join(tmpdir(), 'cv-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const POLICY = {
  apiBaseUrl: 'https://verify.example.com/v',
  apiAuth: { type: 'oauth2-pkce', authorizeUrl: 'https://idp.example.com/authorize', tokenUrl: 'https://idp.example.com/token', clientId: 'caller-verify', scopes: ['verify', 'identify'] },
  apiTimeoutMs: 5000,
  identification: { aniLookup: false, methods: ['customerId', 'lastName'], maxAttempts: 2 },
  verification: { mode: 'agent-judged' },
  allowOptOut: false,
  customAdapters: [{ id: 'acme', label: 'Acme "CRM" & co <é>', matches: ['https://*.acme.example.com/*'], callView: 'x-call[state="ringing"]', ani: { selector: '.num', pattern: '(\\+?\\d+)' } }],
  disabledAdapters: Array.from({ length: 12 }, (_, i) => `a${i}`),
  retentionDays: 90,
  panel: { side: 'left', startCollapsed: true },
};

/** Write `content` to a temp file and run the CLI on it. */
function run(args: string[], content: unknown = POLICY): { code: number; out: string; err: string } {
  const file = join(dir, `p${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  let out = '';
  let err = '';
  const code = main(args.map((a) => (a === 'FILE' ? file : a)), { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('validate', () => {
  it('accepts a valid policy and says what it sets', () => {
    const r = run(['validate', 'FILE']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid; sets apiBaseUrl, apiAuth, .*panel\n$/);
  });

  it('lists every problem with its path and exits 1', () => {
    const r = run(['validate', 'FILE'], { apiBaseUrl: 'http://verify.example.com', verification: { maxAttempts: 0 }, extra: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('3 problems');
    expect(r.err).toContain('  policy.apiBaseUrl: must be https:// (http:// only for loopback)\n');
    expect(r.err).toContain('  policy.verification.maxAttempts: must be a whole number between 1 and 10\n');
    expect(r.err).toContain('  policy.extra: unknown key\n');
  });

  it.each([
    ['broken JSON', '{"apiBaseUrl": ', /not valid JSON/],
    ['a JSON array', '[]', /policy: must be a JSON object/],
  ])('%s: exit 1 with the reason', (_what, text, msg) => {
    const r = run(['validate', 'FILE'], text);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(msg);
  });

  it('a missing file and a bad command line are errors', () => {
    expect(main(['validate', join(dir, 'nope.json')], { out: () => {}, err: () => {} })).toBe(1);
    expect(run(['frobnicate', 'FILE']).code).toBe(2);
    expect(run(['render', 'FILE', '--target', 'chrome-solaris']).code).toBe(2);
    expect(run(['render', 'FILE', '--target', 'chrome-linux', '--update-url', 'http://x']).code).toBe(2);
    expect(run(['render', 'FILE', '--target', 'chrome-linux', '--update-url', 'http://updates.example.com/u.xml']).code).toBe(2);
  });

  it('accepts a plain-http update URL on loopback only (a test update server)', () => {
    const r = run(['render', 'FILE', '--target', 'chrome-linux', '--update-url', 'http://127.0.0.1:8080/updates.xml']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).ExtensionSettings[EXTENSION_ID].update_url).toBe('http://127.0.0.1:8080/updates.xml');
  });

  it('render refuses an invalid policy and prints nothing', () => {
    const r = run(['render', 'FILE', '--target', 'chrome-linux'], { apiTimeoutMs: 'slow' });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
  });
});

describe('render', () => {
  const URL = 'https://updates.example.org/cv.xml';

  it('chrome-linux: 3rdparty policy and a force-install entry', () => {
    const r = run(['render', 'FILE', '--target', 'chrome-linux', '--update-url', URL]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      '3rdparty': { extensions: { [EXTENSION_ID]: POLICY } },
      ExtensionSettings: { [EXTENSION_ID]: { installation_mode: 'force_installed', update_url: URL } },
    });
    expect(r.err).toBe('');
  });

  it('--no-force-install leaves ExtensionSettings out; the placeholder URL warns', () => {
    expect(JSON.parse(run(['render', 'FILE', '--target', 'chrome-linux', '--no-force-install']).out)).toEqual({ '3rdparty': { extensions: { [EXTENSION_ID]: POLICY } } });
    const r = run(['render', 'FILE', '--target', 'chrome-linux']);
    expect(JSON.parse(r.out).ExtensionSettings[EXTENSION_ID].update_url).toBe(PLACEHOLDER_UPDATE_URL);
    expect(r.err).toMatch(/warning: .*--update-url/);
  });

  it('firefox-policies: 3rdparty.Extensions under the gecko id, install_url', () => {
    const r = run(['render', 'FILE', '--target', 'firefox-policies', '--install-url', 'https://updates.example.org/cv.xpi']);
    expect(JSON.parse(r.out)).toEqual({
      policies: {
        '3rdparty': { Extensions: { [GECKO_ID]: POLICY } },
        ExtensionSettings: { [GECKO_ID]: { installation_mode: 'force_installed', install_url: 'https://updates.example.org/cv.xpi' } },
      },
    });
  });

  it.each([
    ['chrome-windows-reg', 'Google\\Chrome'],
    ['edge-windows-reg', 'Microsoft\\Edge'],
  ])('%s: a .reg that reads back (as Chrome converts it) to the same policy', (target, vendor) => {
    const r = run(['render', 'FILE', '--target', target, '--update-url', URL]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\r\n');
    expect(lines[0]).toBe('Windows Registry Editor Version 5.00');
    const root = `HKEY_LOCAL_MACHINE\\Software\\Policies\\${vendor}`;
    const key = `${root}\\3rdparty\\extensions\\${EXTENSION_ID}\\policy`;
    expect(lines).toContain(`[-${key}]`);
    const reg = parseReg(r.out);
    expect(reg.toJson(key, chromeManagedSchema())).toEqual(POLICY);
    expect(reg.keys.has(`${key}\\identification`)).toBe(true);
    expect(reg.keys.get(`${key}`)?.get('apiTimeoutMs')).toEqual({ dword: 5000 });
    expect(JSON.parse((reg.keys.get(root)?.get('ExtensionSettings') as { sz: string }).sz)).toEqual({ [EXTENSION_ID]: { installation_mode: 'force_installed', update_url: URL } });
  });

  it('--forcelist: ExtensionInstallForcelist "<id>;<update_url>" instead of ExtensionSettings, in every Chrome/Edge format', () => {
    const entry = `${EXTENSION_ID};${URL}`;
    const linux = JSON.parse(run(['render', 'FILE', '--target', 'chrome-linux', '--forcelist', '--update-url', URL]).out) as Record<string, unknown>;
    expect(linux).toEqual({ '3rdparty': { extensions: { [EXTENSION_ID]: POLICY } }, ExtensionInstallForcelist: [entry] });
    for (const [target, vendor] of [['chrome-windows-reg', 'Google\\Chrome'], ['edge-windows-reg', 'Microsoft\\Edge']] as const) {
      const reg = parseReg(run(['render', 'FILE', '--target', target, '--forcelist', '--update-url', URL]).out);
      const root = `HKEY_LOCAL_MACHINE\\Software\\Policies\\${vendor}`;
      expect(reg.keys.get(`${root}\\ExtensionInstallForcelist`)?.get('1')).toEqual({ sz: entry });
      expect(reg.keys.get(root)?.has('ExtensionSettings') ?? false).toBe(false);
    }
    const profile = parsePlist(run(['render', 'FILE', '--target', 'chrome-macos-mobileconfig', '--forcelist', '--update-url', URL]).out) as { PayloadContent: Record<string, unknown>[] };
    expect(profile.PayloadContent[1]).toMatchObject({ PayloadType: 'com.google.Chrome', ExtensionInstallForcelist: [entry] });
    expect(profile.PayloadContent[1]).not.toHaveProperty('ExtensionSettings');
    expect(run(['render', 'FILE', '--target', 'firefox-policies', '--forcelist']).code).toBe(2);
  });

  it('--out writes a .reg as UTF-16LE with a BOM', () => {
    const out = join(dir, 'cv.reg');
    expect(run(['render', 'FILE', '--target', 'chrome-windows-reg', '--no-force-install', '--out', out]).code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toMatch(/^Windows Registry Editor Version 5\.00\r\n/);
    expect(bytes.subarray(2).toString('utf16le')).toContain('é');
  });

  it('chrome-macos-mobileconfig: a plist profile with the extension domain and ExtensionSettings', () => {
    const r = run(['render', 'FILE', '--target', 'chrome-macos-mobileconfig', '--update-url', URL]);
    expect(r.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE plist/);
    const profile = parsePlist(r.out) as { PayloadType: string; PayloadContent: Record<string, unknown>[] };
    expect(profile.PayloadType).toBe('Configuration');
    const [ext, chrome] = profile.PayloadContent;
    expect(ext!.PayloadType).toBe(`com.google.Chrome.extensions.${EXTENSION_ID}`);
    const policy = Object.fromEntries(Object.entries(ext!).filter(([k]) => !k.startsWith('Payload')));
    expect(policy).toEqual(POLICY);
    expect(chrome).toMatchObject({ PayloadType: 'com.google.Chrome', ExtensionSettings: { [EXTENSION_ID]: { installation_mode: 'force_installed', update_url: URL } } });
    expect(new Set(profile.PayloadContent.map((p) => p.PayloadUUID)).size).toBe(2);
    // Stable UUIDs: rendering again replaces the same profile.
    expect(parsePlist(run(['render', 'FILE', '--target', 'chrome-macos-mobileconfig', '--update-url', URL]).out)).toEqual(profile);
  });
});
