/** scripts/package-crx.ts: a CRX3 whose signature checks out with the key, and its update manifest. */
import { createPublicKey, createVerify } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extensionIdOf, isUsableBaseUrl, main, updateManifest } from '../../../scripts/package-crx.ts';
import { EXTENSION_ID, EXTENSION_PUBLIC_KEY } from '../../../lib/manifest-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'cv-crx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Length-delimited fields of a protobuf message (all CRX3 header fields we read are bytes). */
function protoFields(buf: Buffer): { field: number; value: Buffer }[] {
  const out: { field: number; value: Buffer }[] = [];
  let i = 0;
  const varint = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = buf[i++] as number;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    if ((tag & 7) !== 2) throw new Error(`unexpected wire type ${tag & 7}`);
    const len = varint();
    out.push({ field: Math.floor(tag / 8), value: buf.subarray(i, i + len) });
    i += len;
  }
  return out;
}

describe('package-crx', () => {
  it('derives the manifest key\'s id the way Chromium does', () => {
    expect(extensionIdOf(Buffer.from(EXTENSION_PUBLIC_KEY, 'base64'))).toBe(EXTENSION_ID);
  });

  it('accepts https base URLs, and http only on loopback', () => {
    expect(isUsableBaseUrl('https://ext.example.com/cv/')).toBe(true);
    expect(isUsableBaseUrl('http://127.0.0.1:8080/')).toBe(true);
    expect(isUsableBaseUrl('http://ext.example.com/cv/')).toBe(false);
    expect(isUsableBaseUrl('https://ext.example.com/cv')).toBe(false);
  });

  it('escapes the update manifest', () => {
    expect(updateManifest({ id: 'a'.repeat(32), version: '1.2.3', crxUrl: 'https://h/x.crx?a=1&b="2"', minChrome: '116' })).toContain(
      '<updatecheck codebase="https://h/x.crx?a=1&amp;b=&quot;2&quot;" version="1.2.3" prodversionmin="116" />',
    );
  });

  it('signs a CRX3 with a new key: header proof verifies, archive has manifest.json at its root', async () => {
    const src = join(dir, 'ext');
    mkdirSync(src);
    writeFileSync(join(src, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 't', version: '2.0.1', minimum_chrome_version: '120' }));
    const key = join(dir, 'admin.pem');
    const lines: string[] = [];
    const errs: string[] = [];
    const code = await main(['--key', key, '--new-key', '--base-url', 'https://ext.example.com/cv/', '--source', src, '--out-dir', join(dir, 'out')], (s) => lines.push(s), (s) => errs.push(s));
    expect(code, errs.join('\n')).toBe(0);
    const publicKey = createPublicKey(readFileSync(key));
    const id = extensionIdOf(publicKey.export({ type: 'spki', format: 'der' }));
    expect(lines.join('\n')).toContain(`--update-url https://ext.example.com/cv/updates.xml --extension-id ${id}`);

    const crx = readFileSync(join(dir, 'out/caller-verify-2.0.1.crx'));
    expect(crx.subarray(0, 4).toString('latin1')).toBe('Cr24');
    expect(crx.readUInt32LE(4)).toBe(3);
    const headerEnd = 12 + crx.readUInt32LE(8);
    const header = protoFields(crx.subarray(12, headerEnd));
    const proof = protoFields(header.find((f) => f.field === 2)?.value ?? Buffer.alloc(0));
    const signedHeader = header.find((f) => f.field === 10000)?.value as Buffer;
    const archive = crx.subarray(headerEnd);
    expect(proof.find((f) => f.field === 1)?.value.equals(publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    const lenLE = Buffer.alloc(4);
    lenLE.writeUInt32LE(signedHeader.length);
    const verify = createVerify('sha256').update(Buffer.concat([Buffer.from('CRX3 SignedData\0', 'latin1'), lenLE, signedHeader, archive]));
    expect(verify.verify(publicKey, proof.find((f) => f.field === 2)?.value as Buffer)).toBe(true);
    expect(archive.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(archive.subarray(30, 30 + archive.readUInt16LE(26)).toString()).toBe('manifest.json');

    expect(readFileSync(join(dir, 'out/updates.xml'), 'utf8')).toContain(`<app appid="${id}">`);
    expect(errs.join('\n')).toContain(`warning: this key gives the id ${id}`);
  });

  it('refuses a missing key, an existing key with --new-key, and a plain-http base URL', async () => {
    const errs: string[] = [];
    const run = (args: string[]): Promise<number> => main(args, () => {}, (s) => errs.push(s));
    expect(await run(['--key', join(dir, 'none.pem'), '--base-url', 'https://h/'])).toBe(2);
    expect(errs.pop()).toMatch(/not a readable PEM private key \(ENOENT\)/);
    writeFileSync(join(dir, 'exists.pem'), 'x');
    expect(await run(['--key', join(dir, 'exists.pem'), '--new-key', '--base-url', 'https://h/'])).toBe(2);
    expect(await run(['--key', join(dir, 'exists.pem'), '--base-url', 'http://h/'])).toBe(2);
    expect(await run(['--base-url', 'https://h/'])).toBe(2);
  });
});
